/**
 * The join state on disk. Written atomically (temp file, fsync, rename) after
 * every step transition, so a crash or a reboot leaves either the old or the
 * new state, never half of one.
 */
import fs from 'node:fs';
import path from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { WinJoinError } from '../../shared/errors.js';
import { JoinStateSchema, type JoinState } from '../../shared/state.js';
import { STATE_FILES } from './state-dir.js';

export class StateStore {
  readonly file: string;

  constructor(readonly stateDir: string) {
    this.file = path.join(stateDir, STATE_FILES.state);
  }

  load(): JoinState | null {
    let text: string;
    try {
      text = fs.readFileSync(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    const parsed = safeJson(text);
    const result = JoinStateSchema.safeParse(parsed);
    if (!result.success) {
      // Keep what the machine had: the unreadable file is moved aside, not deleted.
      const aside = `${this.file}.${Date.now()}.corrupt`;
      fs.renameSync(this.file, aside);
      throw new WinJoinError('E_STATE_CORRUPT', `state file unreadable, kept as ${aside}`, { path: aside });
    }
    return result.data;
  }

  save(state: JoinState): void {
    fs.mkdirSync(this.stateDir, { recursive: true });
    writeFileAtomic.sync(this.file, JSON.stringify(state, null, 2) + '\n', { fsync: true, mode: 0o600 });
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
