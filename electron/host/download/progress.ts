/**
 * Progress for a download: bytes, total, a smoothed rate and an ETA, emitted
 * at most every `intervalMs` (default 250 ms, i.e. 4 per second) so a fast
 * loopback transfer cannot flood the journal or the renderer.
 */
export interface DownloadProgress {
  bytes: number;
  total: number | null;
  /** Bytes per second, smoothed. */
  rate: number;
  /** Seconds left, or null while the total or the rate is unknown. */
  etaSeconds: number | null;
}

export class ProgressMeter {
  private bytes = 0;
  private total: number | null = null;
  private rate = 0;
  private lastEmit = 0;
  private lastBytes = 0;
  private lastSample: number;

  constructor(
    private readonly emit: ((p: DownloadProgress) => void) | undefined,
    private readonly intervalMs = 250,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.lastSample = this.now();
  }

  /** A new attempt: `from` bytes are already on disk (resumed), `total` is the full size if known. */
  start(from: number, total: number | null): void {
    this.bytes = from;
    this.lastBytes = from;
    this.total = total;
    this.lastSample = this.now();
  }

  add(count: number): void {
    this.bytes += count;
    if (!this.emit) return;
    const now = this.now();
    if (now - this.lastEmit < this.intervalMs) return;
    this.sample(now);
    this.lastEmit = now;
    this.emit(this.snapshot());
  }

  /** The last event, always sent so a listener sees 100 %. */
  finish(): void {
    if (!this.emit) return;
    this.sample(this.now());
    this.emit({ ...this.snapshot(), etaSeconds: 0 });
  }

  private sample(now: number): void {
    const elapsed = (now - this.lastSample) / 1000;
    if (elapsed <= 0) return;
    const instant = (this.bytes - this.lastBytes) / elapsed;
    // Exponential smoothing: a stall shows quickly, one slow chunk does not swing the ETA.
    this.rate = this.rate === 0 ? instant : this.rate * 0.7 + instant * 0.3;
    this.lastBytes = this.bytes;
    this.lastSample = now;
  }

  private snapshot(): DownloadProgress {
    const left = this.total === null ? null : Math.max(0, this.total - this.bytes);
    const etaSeconds = left === null || this.rate <= 0 ? null : left / this.rate;
    return { bytes: this.bytes, total: this.total, rate: this.rate, etaSeconds };
  }
}
