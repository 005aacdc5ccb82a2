/**
 * A step's parameters as a JSON file the step host reads. Parameters can hold
 * secrets (proxy passwords, tokens), so they never go on a command line (other
 * users can read it) or into script text (where they could run as code): the
 * file lives in a fresh directory only this user can enter, is readable only
 * by this user, and is deleted when the step ends, however it ends.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export interface ParamsFile {
  path: string;
  /** Deletes the file and its directory; never throws. */
  dispose(): Promise<void>;
}

export async function writeParamsFile(params: Record<string, unknown>, tmpRoot: string = os.tmpdir()): Promise<ParamsFile> {
  // mkdtemp creates the directory with mode 0700.
  const dir = await fs.mkdtemp(path.join(tmpRoot, 'winjoin-step-'));
  const dispose = () => fs.rm(dir, { recursive: true, force: true }).catch(() => {});
  try {
    const file = path.join(dir, 'params.json');
    // 'wx': a file someone raced into place is never written through.
    await fs.writeFile(file, JSON.stringify(params), { encoding: 'utf8', mode: 0o600, flag: 'wx' });
    return { path: file, dispose };
  } catch (error) {
    await dispose();
    throw error;
  }
}
