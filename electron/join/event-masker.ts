/**
 * Masks secrets in journal events before they are written or broadcast, so
 * journal.jsonl, the live log (Join page, preview event stream, CLI --json)
 * and every error message in an event carry no secret in clear. Two layers,
 * as in the support bundle (shared/redact.ts): the run's known secret values
 * in every encoding, and secret shapes (URL passwords, tokens, keys). Output
 * lines keep one redactor per step and stream, so a private key printed over
 * several lines is masked from its BEGIN line to its END line.
 */
import { createLineRedactor, type LineRedactor } from '../../shared/redact.js';
import type { NewJournalEvent } from '../../shared/events.js';

export class EventMasker {
  private readonly streams = new Map<string, LineRedactor>();
  private readonly fields: LineRedactor;

  constructor(private readonly secrets: readonly string[] = []) {
    // Event fields are records of their own: a BEGIN in one must not swallow the next.
    this.fields = createLineRedactor(secrets, { multiLinePem: false });
  }

  mask<E extends NewJournalEvent>(event: E): E {
    if (event.type === 'step.output') {
      const line = this.line(event.stepId, event.stream, event.line);
      return line === event.line ? event : { ...event, line };
    }
    return this.maskFields(event);
  }

  /** One output line of a step's stream, through that stream's redactor (the journal's bulk path uses it directly). */
  line(stepId: string, stream: string, line: string): string {
    return this.redactor(stepId, stream).line(line);
  }

  /** Lines of a step's stream that arrived together (a followed log's slice), masked as line() would one by one. */
  lines(stepId: string, stream: string, lines: readonly string[]): readonly string[] {
    return this.redactor(stepId, stream).lines(lines);
  }

  private redactor(stepId: string, stream: string): LineRedactor {
    const key = `${stepId}\u0000${stream}`;
    let redactor = this.streams.get(key);
    if (!redactor) this.streams.set(key, (redactor = createLineRedactor(this.secrets)));
    return redactor;
  }

  /** Every string inside a value, masked as one record (no multi-line key state). */
  maskFields<T>(value: T): T {
    return this.maskValue(value) as T;
  }

  private maskValue(value: unknown): unknown {
    if (typeof value === 'string') return this.fields.line(value);
    if (Array.isArray(value)) return value.map((v) => this.maskValue(v));
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.maskValue(v)]));
    return value;
  }
}
