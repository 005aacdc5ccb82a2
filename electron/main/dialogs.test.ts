import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TFunction } from 'i18next';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { exampleAnswers } from '../../shared/answers.js';
import { catalogues, flattenKeys } from '../../shared/i18n/index.js';
import { createService, type WinJoinService } from '../service/create-service.js';
import { fakeDeps } from '../service/testing/fake-deps.js';
import { dialogHandlers } from './dialogs.js';
import { dialog } from './testing/fake-electron.js';

vi.mock('electron', () => import('./testing/fake-electron.js'));

const asked: string[] = [];
const t = ((key: string) => {
  asked.push(key);
  return `[${key}]`;
}) as unknown as TFunction;

let dir: string;
let service: WinJoinService;
beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'winjoin-dialogs-'));
  service = await createService({ stateDir: path.join(dir, 'state'), shell: 'electron', deps: fakeDeps() });
  asked.length = 0;
  dialog.showOpenDialog.mockReset();
  dialog.showSaveDialog.mockReset();
});
afterEach(async () => {
  await service.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('kubeconfig:pick', () => {
  it('returns the chosen file, or null when the user cancels', async () => {
    const handlers = dialogHandlers(
      service.handlers,
      () => null,
      t,
      (file) => service.granted.grant(file),
    );
    dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: ['C:\\deploy\\admin.conf'] });
    expect(await handlers['kubeconfig:pick']({})).toEqual({ path: 'C:\\deploy\\admin.conf' });
    // What the user picked is what the renderer may name afterwards, and nothing else.
    expect(service.granted.has('C:\\deploy\\admin.conf')).toBe(true);
    expect(service.granted.has('C:\\deploy\\other.conf')).toBe(false);
    dialog.showOpenDialog.mockResolvedValueOnce({ canceled: true, filePaths: [] });
    expect(await handlers['kubeconfig:pick']({})).toBeNull();
    expect(dialog.showOpenDialog.mock.calls[0]![0]).toMatchObject({
      title: '[shell.dialogs.pickKubeconfig.title]',
      properties: expect.arrayContaining(['openFile']),
    });
  });
});

describe('answers:save', () => {
  it('writes the service-formatted answer file where the user chose, owner-only', async () => {
    const target = path.join(dir, 'chosen.json');
    dialog.showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: target });
    const handlers = dialogHandlers(
      service.handlers,
      () => null,
      t,
      (file) => service.granted.grant(file),
    );
    const result = await handlers['answers:save']({ answers: exampleAnswers(), includeSecrets: false });
    expect(result.path).toBe(target);
    expect(fs.readFileSync(target, 'utf8')).toBe(result.content);
    expect(JSON.parse(result.content)).toEqual(exampleAnswers());
    if (process.platform !== 'win32') expect(fs.statSync(target).mode & 0o077).toBe(0);
  });

  it('writes the proxy password to the chosen file only when the user ticked "include passwords", never to the state directory', async () => {
    const password = 'pa$$/w0rd#9';
    const answers = {
      ...exampleAnswers(),
      proxy: {
        http: `http://ops:${encodeURIComponent(password)}@proxy.corp:8080`,
        https: `http://ops:${encodeURIComponent(password)}@proxy.corp:8080`,
        noProxy: [],
        addClusterRanges: true,
      },
    };
    const handlers = dialogHandlers(
      service.handlers,
      () => null,
      t,
      (file) => service.granted.grant(file),
    );
    const kept = path.join(dir, 'state', 'answers.json');
    const plain = path.join(dir, 'plain.json');
    dialog.showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: plain });
    const first = await handlers['answers:save']({ answers, includeSecrets: false });
    expect(first).toMatchObject({
      path: plain,
      secretsIncluded: false,
      references: [{ field: 'proxy.http', fromEnv: 'WINJOIN_PROXY_URL' }, {}],
    });
    expect(fs.readFileSync(plain, 'utf8')).not.toContain(encodeURIComponent(password));
    expect(JSON.parse(fs.readFileSync(plain, 'utf8')).proxy.https).toEqual({ fromEnv: 'WINJOIN_PROXY_URL' });

    const full = path.join(dir, 'full.json');
    dialog.showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: full });
    const second = await handlers['answers:save']({ answers, includeSecrets: true });
    expect(second).toMatchObject({ path: full, secretsIncluded: true, references: [] });
    expect(JSON.parse(fs.readFileSync(full, 'utf8'))).toEqual(answers);
    for (const text of [fs.readFileSync(kept, 'utf8'), first.content]) {
      expect(text).not.toContain(encodeURIComponent(password));
      expect(text).not.toContain(password);
    }
  });

  it('writes nothing outside the state directory when the user cancels', async () => {
    dialog.showSaveDialog.mockResolvedValueOnce({ canceled: true, filePath: '' });
    const handlers = dialogHandlers(
      service.handlers,
      () => null,
      t,
      (file) => service.granted.grant(file),
    );
    const result = await handlers['answers:save']({ answers: exampleAnswers(), includeSecrets: false });
    expect(result.path).toBeNull();
    expect(fs.readdirSync(dir)).toEqual(['state']);
  });
});

describe('dialog wording', () => {
  it('uses only i18n keys that exist in both catalogues', async () => {
    dialog.showOpenDialog.mockResolvedValueOnce({ canceled: true, filePaths: [] });
    dialog.showSaveDialog.mockResolvedValueOnce({ canceled: true, filePath: '' });
    const handlers = dialogHandlers(
      service.handlers,
      () => null,
      t,
      (file) => service.granted.grant(file),
    );
    await handlers['kubeconfig:pick']({});
    await handlers['answers:save']({ answers: exampleAnswers(), includeSecrets: false });
    expect(asked.length).toBeGreaterThan(0);
    const en = new Set(flattenKeys(catalogues.en));
    const ja = new Set(flattenKeys(catalogues.ja));
    for (const key of asked) {
      expect(en.has(key), key).toBe(true);
      expect(ja.has(key), key).toBe(true);
    }
  });
});
