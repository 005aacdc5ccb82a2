/**
 * A cheap guard run before a YAML parser sees a file a user (or anyone who can
 * write where a user points) supplies: a kubeconfig nests five or six levels,
 * but a few hundred kilobytes of "[[[[..." or ever-deeper indentation keep the
 * parser recursing for tens of seconds in the elevated process until it runs
 * out of stack (issue 19, point 11). Linear in the text; it only has to tell a
 * real kubeconfig from a pathological one, so it may undercount, never
 * overcount, the depth of a well-formed file.
 */
export const MAX_YAML_FLOW_DEPTH = 64;
export const MAX_YAML_INDENT = 256;

export interface YamlDepthProblem {
  line: number;
  column: number;
  /** What exceeded its limit. */
  kind: 'flow' | 'indent';
  limit: number;
}

/** Where the text nests deeper than any kubeconfig does, or null. */
export function yamlDepthProblem(text: string): YamlDepthProblem | null {
  let depth = 0;
  let line = 1;
  let lineStart = 0;
  let quote: '"' | "'" | null = null;
  // A bracket opens a collection only where a value may start: after ": ", "- ", "[", "{", "," or at a line's start.
  let valueMayStart = true;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\n') {
      // Quoted scalars may span lines; their text is skipped below, indentation and all.
      if (quote) {
        line++;
        lineStart = i + 1;
        continue;
      }
      line++;
      lineStart = i + 1;
      valueMayStart = true;
      let indent = 0;
      while (text[i + 1 + indent] === ' ') indent++;
      if (indent > MAX_YAML_INDENT) return { line, column: indent + 1, kind: 'indent', limit: MAX_YAML_INDENT };
      continue;
    }
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = null;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') continue;
    if (valueMayStart && (c === '"' || c === "'")) {
      quote = c;
      valueMayStart = false;
      continue;
    }
    if (valueMayStart && (c === '[' || c === '{')) {
      depth++;
      if (depth > MAX_YAML_FLOW_DEPTH) return { line, column: i - lineStart + 1, kind: 'flow', limit: MAX_YAML_FLOW_DEPTH };
      continue;
    }
    if ((c === ']' || c === '}') && depth > 0) {
      depth--;
      valueMayStart = false;
      continue;
    }
    if (c === '#' && valueMayStart) {
      while (i + 1 < text.length && text[i + 1] !== '\n') i++;
      continue;
    }
    valueMayStart = c === ',' || ((c === ':' || c === '-') && /[\s]/.test(text[i + 1] ?? ' '));
  }
  return null;
}
