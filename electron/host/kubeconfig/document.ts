/**
 * A kubeconfig read with the yaml library, keeping line numbers so every
 * finding can point at the line to fix. Errors carry the line and column.
 */
import fs from 'node:fs';
import path from 'node:path';
import { LineCounter, parseDocument, isMap, isSeq, type Document } from 'yaml';
import { WinJoinError } from '../../../shared/errors.js';
import { yamlDepthProblem } from '../../../shared/yaml-depth.js';

export type Obj = Record<string, unknown>;

export interface Named<T> {
  name: string;
  value: T;
  /** Index in its list, for line look-ups. */
  index: number;
}

export interface Kubeconfig {
  file: string;
  dir: string;
  clusters: Named<Obj>[];
  users: Named<Obj>[];
  contexts: Named<Obj>[];
  currentContext: string | null;
  /** 1-based line of the node at this path, if the document has it. */
  lineOf(...keys: (string | number)[]): number | undefined;
}

export function asObj(value: unknown): Obj {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Obj) : {};
}

export function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

function namedList(root: Obj, list: string, inner: string): Named<Obj>[] {
  const items = Array.isArray(root[list]) ? (root[list] as unknown[]) : [];
  return items.map((item, index) => ({ name: String(asObj(item).name ?? ''), value: asObj(asObj(item)[inner]), index }));
}

export function readKubeconfigFile(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new WinJoinError(
      'E_KUBECONFIG_READ',
      `The kubeconfig ${file} cannot be read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      {
        path: file,
      },
    );
  }
}

export function parseKubeconfig(text: string, file: string): Kubeconfig {
  const tooDeep = yamlDepthProblem(text);
  if (tooDeep) {
    // Refused before the parser, which would recurse for seconds and then run out of stack.
    throw new WinJoinError(
      'E_KUBECONFIG_PARSE',
      `${file}:${tooDeep.line}:${tooDeep.column}: nested deeper than ${tooDeep.limit} ${tooDeep.kind === 'flow' ? 'levels of [ or {' : 'columns of indentation'}; a kubeconfig nests a few levels: this file is not one`,
      { path: file, line: String(tooDeep.line), column: String(tooDeep.column) },
    );
  }
  const lineCounter = new LineCounter();
  const doc: Document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const problem = doc.errors[0];
  if (problem) {
    const pos = problem.linePos?.[0] ?? lineCounter.linePos(problem.pos[0]);
    throw new WinJoinError('E_KUBECONFIG_PARSE', `${file}:${pos.line}:${pos.col}: ${problem.message.split('\n')[0]}`, {
      path: file,
      line: String(pos.line),
      column: String(pos.col),
    });
  }
  if (!isMap(doc.contents)) {
    throw new WinJoinError('E_KUBECONFIG_PARSE', `${file}:1:1: a kubeconfig is a YAML mapping (apiVersion, clusters, users, contexts)`, {
      path: file,
      line: '1',
      column: '1',
    });
  }
  const root = asObj(doc.toJS());
  return {
    file,
    dir: path.dirname(path.resolve(file)),
    clusters: namedList(root, 'clusters', 'cluster'),
    users: namedList(root, 'users', 'user'),
    contexts: namedList(root, 'contexts', 'context'),
    currentContext: str(root['current-context']) ?? null,
    lineOf: (...keys) => {
      // The key's own line ("exec:"), not its value's; a missing leaf points at the nearest parent that exists.
      for (let n = keys.length; n > 0; n--) {
        const parent = n === 1 ? doc.contents : doc.getIn(keys.slice(0, n - 1), true);
        const last = keys[n - 1];
        type Ranged = { range?: [number, number, number] | null; value?: unknown } | null | undefined;
        let range: [number, number, number] | null | undefined;
        if (isMap(parent)) range = (parent.items.find((pair) => (pair.key as Ranged)?.value === last)?.key as Ranged)?.range;
        else if (isSeq(parent) && typeof last === 'number') range = (parent.items[last] as Ranged)?.range;
        if (range) return lineCounter.linePos(range[0]).line;
      }
      return undefined;
    },
  };
}

export function loadKubeconfig(file: string): Kubeconfig {
  return parseKubeconfig(readKubeconfigFile(file), file);
}
