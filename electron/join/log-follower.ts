/**
 * Follows a log file another process appends to (the kubelet and kube-proxy
 * services write theirs under <stateDir>/logs) and hands over each new
 * complete line. Polling, not fs.watch: Windows reports writes through a
 * service wrapper late or not at all, and a poll also survives the file being
 * created, rotated or truncated under us. A file that is growing is looked
 * at again soon (minPollMs) and the wait doubles with each look that finds
 * nothing, up to pollMs: a flood's last lines reach the journal a few tens
 * of milliseconds after they were written, not up to a whole poll later,
 * and a quiet log costs one look every pollMs.
 */
import fs from 'node:fs';
import { StringDecoder } from 'node:string_decoder';

export interface LogFollowerOptions {
  /** Start at the file's current end (only what is written from now on) or at its beginning. */
  from: 'end' | 'start';
  /** The longest wait before looking again once the end is reached (a quiet log). */
  pollMs?: number;
  /** The first wait after a look that found new lines (a log being written). */
  minPollMs?: number;
  /** Bytes read per look; a flood is handed over in slices this big so the event loop stays responsive. */
  chunkBytes?: number;
  /** A line longer than this is handed over in pieces (a binary file or a runaway line must not grow memory). */
  maxLineChars?: number;
}

const DEFAULTS = { pollMs: 200, minPollMs: 20, chunkBytes: 1024 * 1024, maxLineChars: 64 * 1024 };
const CR = 0x0d;

export class LogFollower {
  private position = 0;
  private partial = '';
  private decoder = new StringDecoder('utf8');
  private timer: NodeJS.Timeout | null = null;
  private reading: Promise<void> | null = null;
  private stopped = false;
  private readonly pollMs: number;
  private readonly minPollMs: number;
  /** Looks in a row that found nothing new. */
  private emptyLooks = 0;
  private readonly chunkBytes: number;
  private readonly maxLineChars: number;

  private constructor(
    readonly file: string,
    private readonly onLines: (lines: string[]) => void,
    options: LogFollowerOptions,
  ) {
    this.pollMs = options.pollMs ?? DEFAULTS.pollMs;
    this.minPollMs = Math.min(options.minPollMs ?? DEFAULTS.minPollMs, this.pollMs);
    this.chunkBytes = options.chunkBytes ?? DEFAULTS.chunkBytes;
    this.maxLineChars = options.maxLineChars ?? DEFAULTS.maxLineChars;
    if (options.from === 'end') this.position = sizeOf(file) ?? 0;
  }

  /** Starts following; a file that does not exist yet is waited for. */
  static follow(file: string, onLines: (lines: string[]) => void, options: LogFollowerOptions): LogFollower {
    const follower = new LogFollower(file, onLines, options);
    follower.schedule(0);
    return follower;
  }

  /** Reads everything written so far, hands it over (a last line without its newline too) and stops. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.reading;
    await this.readToEnd(Infinity);
    const rest = this.partial + this.decoder.end();
    this.partial = '';
    if (rest) this.onLines([rest.replace(/\r$/, '')]);
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      const before = this.position;
      this.reading = this.readToEnd(1).then(
        (more) => {
          this.emptyLooks = this.position === before ? this.emptyLooks + 1 : 0;
          this.schedule(more ? 0 : pollDelay(this.emptyLooks, this.minPollMs, this.pollMs));
        },
        () => this.schedule(this.pollMs),
      );
    }, delayMs);
  }

  /** Reads up to `maxChunks` chunks; resolves true when more is waiting. */
  private async readToEnd(maxChunks: number): Promise<boolean> {
    let handle: fs.promises.FileHandle;
    try {
      handle = await fs.promises.open(this.file, 'r');
    } catch {
      return false;
    }
    try {
      const size = (await handle.stat()).size;
      if (size < this.position) {
        // Rotated or truncated: the service started a new file, which is read from its start.
        this.position = 0;
        this.partial = '';
        this.decoder = new StringDecoder('utf8');
      }
      const buffer = Buffer.alloc(Math.min(this.chunkBytes, Math.max(size - this.position, 1)));
      for (let chunk = 0; chunk < maxChunks && this.position < size; chunk++) {
        const { bytesRead } = await handle.read(buffer, 0, Math.min(buffer.length, size - this.position), this.position);
        if (bytesRead === 0) break;
        this.position += bytesRead;
        this.hand(this.decoder.write(buffer.subarray(0, bytesRead)));
      }
      return this.position < size;
    } finally {
      await handle.close();
    }
  }

  private hand(text: string): void {
    const pieces = (this.partial + text).split('\n');
    this.partial = pieces.pop() ?? '';
    const lines: string[] = [];
    for (const piece of pieces) {
      const line = piece.charCodeAt(piece.length - 1) === CR ? piece.slice(0, -1) : piece;
      // The usual line is pushed as it is; only a runaway one is cut (a flood hands over a million).
      if (line.length <= this.maxLineChars) lines.push(line);
      else for (let i = 0; i < line.length; i += this.maxLineChars) lines.push(line.slice(i, i + this.maxLineChars));
    }
    while (this.partial.length > this.maxLineChars) {
      lines.push(this.partial.slice(0, this.maxLineChars));
      this.partial = this.partial.slice(this.maxLineChars);
    }
    if (lines.length > 0) this.onLines(lines);
  }
}

/** The wait before the next look: minPollMs after new lines, doubling with each empty look, at most pollMs. */
export function pollDelay(emptyLooks: number, minPollMs: number, pollMs: number): number {
  return Math.min(pollMs, minPollMs * 2 ** Math.min(emptyLooks, 16));
}

function sizeOf(file: string): number | null {
  try {
    return fs.statSync(file).size;
  } catch {
    return null;
  }
}
