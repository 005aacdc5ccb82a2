/**
 * Redacts text one line at a time, so a 200 MB journal is never held in
 * memory: the caller feeds lines and writes what comes back. The only state
 * kept between lines is "inside a PEM private key block".
 */
import { MASK, PATTERN_RULES, PEM_BEGIN, PEM_END } from './patterns.js';
import { secretsRegex } from './variants.js';

export class LineRedactor {
  private readonly secrets: RegExp | null;
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
  }

  line(text: string): string {
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

export function createLineRedactor(secrets: readonly string[] = [], options: { multiLinePem?: boolean } = {}): LineRedactor {
  return new LineRedactor(secrets, options);
}

/** Redacts a whole text (any line endings kept). */
export function redactText(text: string, secrets: readonly string[] = []): string {
  const redactor = new LineRedactor(secrets);
  return text
    .split(/(\r?\n)/)
    .map((part, i) => (i % 2 === 1 ? part : redactor.line(part)))
    .join('');
}
