import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { classify, scan, stageSources, type Finding } from './security-scan.mjs';

const finding = (check: string, severity: string, file: string): Finding => ({
  check,
  severity,
  confidence: 'FIRM',
  file,
  line: 1,
  manualReview: false,
  description: '',
});

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('classify', () => {
  const reviewed = [{ check: 'SANDBOX_JS_CHECK', file: 'electron/main/window.ts', reason: 'spread', guardedBy: 'x' }];

  it('fails HIGH and MEDIUM findings unless that check in that file was reviewed', () => {
    const result = classify(
      [
        finding('SANDBOX_JS_CHECK', 'MEDIUM', 'electron/main/window.ts'),
        finding('SANDBOX_JS_CHECK', 'MEDIUM', 'electron/main/other-window.ts'),
        finding('CONTEXT_ISOLATION_JS_CHECK', 'HIGH', 'electron/main/window.ts'),
        finding('CSP_GLOBAL_CHECK', 'LOW', 'electron/main/security.ts'),
        finding('NODE_INTEGRATION_JS_CHECK', 'INFORMATIONAL', 'electron/main/window.ts'),
      ],
      reviewed,
    );
    expect(result.reviewed.map((i) => i.file)).toEqual(['electron/main/window.ts']);
    expect(result.failing.map((i) => `${i.check} ${i.file}`)).toEqual([
      'SANDBOX_JS_CHECK electron/main/other-window.ts',
      'CONTEXT_ISOLATION_JS_CHECK electron/main/window.ts',
    ]);
    expect(result.other).toHaveLength(2);
    expect(result.stale).toEqual([]);
  });

  it('reports reviewed entries that no longer match anything', () => {
    expect(classify([], reviewed).stale).toEqual(reviewed);
  });
});

describe('stageSources', () => {
  it('stages sources but not tests, fakes or PowerShell', () => {
    const stage = stageSources();
    dirs.push(stage);
    expect(fs.existsSync(path.join(stage, 'electron/main/window.ts'))).toBe(true);
    expect(fs.existsSync(path.join(stage, 'electron/preload/preload.ts'))).toBe(true);
    expect(fs.existsSync(path.join(stage, 'electron/main/window.test.ts'))).toBe(false);
    expect(fs.existsSync(path.join(stage, 'electron/main/testing'))).toBe(false);
    expect(fs.existsSync(path.join(stage, 'electron/powershell'))).toBe(false);
  });
});

describe('scan (Electronegativity, offline)', () => {
  it('finds an unisolated, unsandboxed window, so the scan can fail', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'winjoin-scan-probe-'));
    dirs.push(dir);
    fs.writeFileSync(
      path.join(dir, 'bad.ts'),
      "import { BrowserWindow } from 'electron';\nexport const w = new BrowserWindow({ webPreferences: { contextIsolation: false, sandbox: false } });\n",
    );
    const report = await scan(dir);
    const result = classify(report.issues, []);
    expect(result.failing.map((i) => i.check)).toEqual(expect.arrayContaining(['CONTEXT_ISOLATION_JS_CHECK', 'SANDBOX_JS_CHECK']));
  });
});
