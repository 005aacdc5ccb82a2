/**
 * Redacts text one line at a time, so a 200 MB journal is never held in
 * memory: the caller feeds lines and writes what comes back. The only state
 * kept between lines is "inside a PEM private key block".
 */
import { MASK, PATTERN_RULES, PEM_BEGIN, PEM_BEGIN_TRIGGER, PEM_END } from './patterns.js';
import { secretsRegex } from './variants.js';

/** Matches, in any case, whatever a shape rule or PEM_BEGIN needs to match at all. */
const SHAPE_TRIGGERS = [...new Set([...PATTERN_RULES.map((rule) => rule.trigger), PEM_BEGIN_TRIGGER])].join('|');

/**
 * The alternatives of a regex source, each to search for on its own: one
 * search per literal skips through a text (V8 looks ahead Boyer-Moore
 * style), while one alternation of twenty tries each alternative at every
 * position, five times slower over a flood's slice. A source with groups is
 * kept whole (its | may sit inside one).
 */
function alternatives(source: string): string[] {
  return /[()]/.test(source) ? [source] : source.split('|');
}

export class LineRedactor {
  private readonly secrets: RegExp | null;
  /**
   * Finds what any rule or known value needs to change a line at all (no
   * replacement can make a trigger that was not there: MASK holds none), so
   * a line without a match passes untouched, which is nearly every line of a
   * log. Global for lines()' search; `mayChange` is the same for one line.
   */
  private readonly candidates: RegExp[];
  private readonly mayChange: RegExp;
  private inPem = false;

  /**
   * multiLinePem: false for lines that are records of their own (journal JSON
   * lines), where a BEGIN line must not swallow the records after it; the
   * caller then redacts each record's text with a stateful redactor.
   */
  constructor(
    secrets: readonly string[] = [],
    private readonly options: { multiLinePem?: boolean } = {},
  ) {
    this.secrets = secretsRegex(secrets);
    // Case-insensitive over the secrets too: a looser look only sends a few more lines through line().
    const source = this.secrets ? `${SHAPE_TRIGGERS}|${this.secrets.source}` : SHAPE_TRIGGERS;
    this.candidates = [...new Set([...alternatives(SHAPE_TRIGGERS), ...(this.secrets ? [this.secrets.source] : [])])].map(
      (alternative) => new RegExp(alternative, 'gi'),
    );
    this.mayChange = new RegExp(source, 'i');
  }

  /**
   * The lines of one stream in order, each as line() makes it. The rules are
   * about ten regular expressions per line; for the lines handed over
   * together (a followed log's slice: ten thousand in a flood) a search
   * per trigger over them all finds the few that hold any rule's trigger or
   * a known value, and only those (and those inside a PEM key) go through
   * the rules.
   */
  lines(texts: readonly string[]): readonly string[] {
    if (texts.length === 0) return texts;
    const joined = texts.join('\n');
    const hit = new Uint8Array(texts.length);
    /** Where each line ends in `joined` (at its newline, or the end); made when the first match needs it. */
    let ends: Int32Array | null = null;
    for (const candidates of this.candidates) {
      candidates.lastIndex = 0;
      for (let m = candidates.exec(joined); m; m = candidates.exec(joined)) {
        ends ??= lineEnds(texts);
        const index = lineAt(ends, m.index);
        hit[index] = 1;
        // One hit is enough for the line: look on from the next one.
        candidates.lastIndex = ends[index]! + 1;
      }
    }
    // The lines themselves when nothing changes (the usual case): no copy of ten thousand references.
    let out: string[] | null = null;
    for (let i = 0; i < texts.length; i++) {
      if (!hit[i] && !this.inPem) continue;
      const redacted = this.redact(texts[i]!);
      if (redacted !== texts[i]) (out ??= texts.slice())[i] = redacted;
    }
    return out ?? texts;
  }

  line(text: string): string {
    return this.inPem || this.mayChange.test(text) ? this.redact(text) : text;
  }

  private redact(text: string): string {
    if (this.inPem) {
      if (PEM_END.test(text)) {
        this.inPem = false;
        return text.slice(text.search(PEM_END));
      }
      return MASK;
    }
    // Known values first: a shape rule could otherwise cut a secret in two and leave half behind.
    let out = this.secrets ? text.replace(this.secrets, MASK) : text;
    for (const rule of PATTERN_RULES)
      out = typeof rule.replace === 'string' ? out.replace(rule.re, rule.replace) : out.replace(rule.re, rule.replace);
    const begin = out.match(PEM_BEGIN);
    if (begin && this.options.multiLinePem !== false && !PEM_END.test(out.slice(begin.index))) {
      this.inPem = true;
      return out.slice(0, begin.index! + begin[0].length);
    }
    return out;
  }
}

function lineEnds(texts: readonly string[]): Int32Array {
  const ends = new Int32Array(texts.length);
  let end = -1;
  for (let i = 0; i < texts.length; i++) ends[i] = end += 1 + texts[i]!.length;
  return ends;
}

/** The line whose text (or newline) holds `offset`: the first whose end is at or after it. */
function lineAt(ends: Int32Array, offset: number): number {
  let low = 0;
  let high = ends.length - 1;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (ends[mid]! < offset) low = mid + 1;
    else high = mid;
  }
  return low;
}

export function createLineRedactor(secrets: readonly string[] = [], options: { multiLinePem?: boolean } = {}): LineRedactor {
  return new LineRedactor(secrets, options);
}

/** Redacts a whole text (any line endings kept). */
export function redactText(text: string, secrets: readonly string[] = []): string {
  const parts = text.split(/(\r?\n)/);
  const redacted = new LineRedactor(secrets).lines(parts.filter((_, i) => i % 2 === 0));
  return parts.map((part, i) => (i % 2 === 1 ? part : redacted[i / 2])).join('');
}
