import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeParamsFile } from './params-file.js';

let tmp: string | undefined;
afterEach(() => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  tmp = undefined;
});

describe('writeParamsFile', () => {
  it('writes the parameters as UTF-8 JSON in a directory only this user can read, and removes both', async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'winjoin-params-'));
    const params = { proxy: 'http://user:pässword@proxy:3128', nested: { list: [1, '二'] } };
    const file = await writeParamsFile(params, tmp);
    expect(JSON.parse(fs.readFileSync(file.path, 'utf8'))).toEqual(params);
    if (process.platform !== 'win32') {
      expect(fs.statSync(file.path).mode & 0o777).toBe(0o600);
      expect(fs.statSync(path.dirname(file.path)).mode & 0o777).toBe(0o700);
    }
    await file.dispose();
    expect(fs.readdirSync(tmp)).toEqual([]);
  });

  it('leaves nothing behind when the parameters cannot be serialised', async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'winjoin-params-'));
    await expect(writeParamsFile({ big: 1n }, tmp)).rejects.toThrow();
    expect(fs.readdirSync(tmp)).toEqual([]);
  });
});
