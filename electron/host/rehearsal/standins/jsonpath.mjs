// The subset of kubectl's JSONPath templates the steps use:
// {.a.b}, {.items[*]}, {.list[?(@.k=="v")].f}, {range ...}{end}, {"\n"}.
// Inlined into the stand-in kubectl by the origin.

/** What kubectl prints for a template it cannot parse (a 5.1-mangled `[?(@.type==Ready)]` or `{\n}`). */
export class JsonPathError extends Error {}

function parsePath(expr) {
  const segments = [];
  const re = /\.([A-Za-z0-9_-]+)|\[\*\]|\[(\d+)\]|\[\?\(@\.([A-Za-z0-9_.-]+)\s*==\s*["']([^"']*)["']\)\]/y;
  let match;
  // Sticky: every character must belong to a segment, as kubectl's parser insists.
  while (re.lastIndex < expr.length) {
    const at = re.lastIndex;
    match = re.exec(expr);
    if (!match) throw new JsonPathError(`error parsing jsonpath ${expr}, unrecognized identifier or character at ${at}`);
    if (match[1] !== undefined) segments.push({ key: match[1] });
    else if (match[2] !== undefined) segments.push({ index: Number(match[2]) });
    else if (match[3] !== undefined) segments.push({ filter: match[3], value: match[4] });
    else segments.push({ all: true });
  }
  return segments;
}

export function evalPath(expr, root) {
  let values = [root];
  for (const segment of parsePath(expr)) {
    const next = [];
    for (const value of values) {
      if (value === null || value === undefined) continue;
      if (segment.key !== undefined) next.push(value[segment.key]);
      else if (segment.index !== undefined) next.push(Array.isArray(value) ? value[segment.index] : undefined);
      else if (Array.isArray(value)) {
        for (const item of value) {
          if (segment.all) next.push(item);
          else if (segment.filter.split('.').reduce((o, k) => (o == null ? o : o[k]), item) === segment.value) next.push(item);
        }
      }
    }
    values = next.filter((v) => v !== undefined);
  }
  return values;
}

function tokens(template) {
  const out = [];
  const re = /\{([^{}]*)\}/g;
  let last = 0;
  let match;
  while ((match = re.exec(template))) {
    if (match.index > last) out.push({ text: template.slice(last, match.index) });
    out.push({ expr: match[1].trim() });
    last = re.lastIndex;
  }
  if (last < template.length) out.push({ text: template.slice(last) });
  return out;
}

function format(value) {
  return typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
}

export function renderJsonPath(template, root) {
  const list = tokens(template);
  const render = (from, to, context) => {
    let out = '';
    for (let i = from; i < to; i++) {
      const token = list[i];
      if (token.text !== undefined) out += token.text;
      else if (/^".*"$/.test(token.expr)) out += JSON.parse(token.expr);
      else if (token.expr.startsWith('range ')) {
        let depth = 1;
        let end = i + 1;
        for (; end < to; end++) {
          if (list[end].expr?.startsWith('range ')) depth++;
          if (list[end].expr === 'end' && --depth === 0) break;
        }
        for (const item of evalPath(token.expr.slice(6).trim(), context)) out += render(i + 1, end, item);
        i = end;
      } else out += evalPath(token.expr, context).map(format).join(' ');
    }
    return out;
  };
  return render(0, list.length, root);
}
