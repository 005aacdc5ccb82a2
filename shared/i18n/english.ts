/**
 * The English catalogue as a plain translator, for text that is English by
 * design (the ticket summary support staff read) and must be made where
 * i18next is not set up. Same {{name}} interpolation and key fallbacks as t.
 */
import en from './en.json' with { type: 'json' };
import type { Translate } from './messages.js';
import { CLOCK_FORMAT, formatClock } from './clock.js';

function lookup(key: string): string | undefined {
  let node: unknown = en;
  for (const part of key.split('.')) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return typeof node === 'string' ? node : undefined;
}

export const englishT: Translate = (keys, options = {}) => {
  const list = Array.isArray(keys) ? keys : [keys];
  const found = list.map(lookup).find((v) => v !== undefined);
  const sentence = found ?? (typeof options.defaultValue === 'string' ? options.defaultValue : (list[list.length - 1] ?? ''));
  return sentence.replace(/\{\{\s*([\w.-]+)\s*(?:,\s*(\w+)\s*)?\}\}/g, (whole, name: string, format?: string) => {
    const value = options[name];
    if (value === undefined || value === null) return whole;
    return format === CLOCK_FORMAT ? formatClock(value, 'en') : String(value);
  });
};
