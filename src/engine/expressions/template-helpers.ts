// The helpers users call in `{{ }}`: the handful of Jinja filters Ansible playbooks lean on, as handlebars
// helpers (`{{join dns_servers ","}}` for `{{ dns_servers | join(',') }}`). Each one checks its arguments,
// so a wrong call says which helper and what it got instead of rendering "undefined" into a config file.
// docs/templating.md lists them; a test checks every helper here is documented there.

import { basename, dirname } from 'node:path/posix';
import { isDeepStrictEqual } from 'node:util';
import { stringify as toYaml } from 'yaml';
import { quote } from '../quote.js';
import { closest, hasKey } from './template-paths.js';

/** A mistake in a helper call; the renderer turns it into a located TemplateError. */
export class HelperError extends Error {}

interface HelperSpec {
  /** Minimum and maximum number of arguments (options hash excluded). */
  args: [number, number];
  /** One line for docs/templating.md. */
  doc: string;
  fn: (...args: unknown[]) => unknown;
}

const isMapping = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function str(helper: string, v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  throw new HelperError(`${helper} expects a string, got ${typeName(v)}`);
}

function list(helper: string, v: unknown): unknown[] {
  if (Array.isArray(v)) return v;
  throw new HelperError(`${helper} expects a list, got ${typeName(v)}`);
}

export function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  return `${typeof v} ${JSON.stringify(v)}`;
}

/** Ansible's `bool` filter: yes/on/true/1 (any case) are true. */
function toBool(v: unknown): boolean {
  if (typeof v === 'string') return ['yes', 'on', 'true', '1', 'y'].includes(v.trim().toLowerCase());
  return Boolean(v);
}

export const HELPERS: Record<string, HelperSpec> = {
  default: {
    args: [2, 3],
    doc: '`{{default x "fallback"}}` — x, or the fallback when x is undefined (also when x is empty/false/null with a third argument `true`); never fails on an undefined x',
    fn: (v, fallback, orFalsy) => (v === undefined || (orFalsy === true && !v) ? fallback : v),
  },
  join: {
    args: [1, 2],
    doc: '`{{join list ", "}}` — the items joined with the separator (default: none)',
    fn: (l, sep = '') => list('join', l).map((x) => (typeof x === 'object' && x !== null ? JSON.stringify(x) : String(x))).join(str('join', sep)),
  },
  split: {
    args: [1, 2],
    doc: '`{{split text ","}}` — a list of the parts (default separator: whitespace)',
    fn: (s, sep) => (sep === undefined ? str('split', s).trim().split(/\s+/) : str('split', s).split(str('split', sep))),
  },
  json: { args: [1, 2], doc: '`{{json x}}`, `{{json x 2}}` — x as JSON (optionally indented)', fn: (v, indent) => JSON.stringify(v, null, indent as number) },
  to_yaml: { args: [1, 1], doc: '`{{to_yaml x}}` — x as YAML', fn: (v) => toYaml(v) },
  eq: { args: [2, 2], doc: '`{{eq a b}}` — a equals b (lists and mappings compared by content)', fn: (a, b) => isDeepStrictEqual(a, b) },
  ne: { args: [2, 2], doc: '`{{ne a b}}` — a differs from b', fn: (a, b) => !isDeepStrictEqual(a, b) },
  lt: { args: [2, 2], doc: '`{{lt a b}}` — a < b', fn: (a, b) => (a as number) < (b as number) },
  le: { args: [2, 2], doc: '`{{le a b}}` — a <= b', fn: (a, b) => (a as number) <= (b as number) },
  gt: { args: [2, 2], doc: '`{{gt a b}}` — a > b', fn: (a, b) => (a as number) > (b as number) },
  ge: { args: [2, 2], doc: '`{{ge a b}}` — a >= b', fn: (a, b) => (a as number) >= (b as number) },
  and: { args: [2, 9], doc: '`{{and a b …}}` — true when every argument is truthy', fn: (...xs) => xs.every(Boolean) },
  or: { args: [2, 9], doc: '`{{or a b …}}` — true when any argument is truthy', fn: (...xs) => xs.some(Boolean) },
  not: { args: [1, 1], doc: '`{{not a}}` — true when a is falsy', fn: (a) => !a },
  ternary: { args: [3, 3], doc: '`{{ternary cond "yes" "no"}}` — the second argument when cond is truthy, else the third', fn: (c, a, b) => (c ? a : b) },
  bool: { args: [1, 1], doc: '`{{bool x}}` — yes/on/true/1 (any case) → true, like Ansible\'s `bool`', fn: toBool },
  int: {
    args: [1, 1],
    doc: '`{{int x}}` — x as an integer',
    fn: (v) => {
      const n = Number.parseInt(str('int', v), 10);
      if (Number.isNaN(n)) throw new HelperError(`int: ${typeName(v)} is not a number`);
      return n;
    },
  },
  lower: { args: [1, 1], doc: '`{{lower s}}` — lower case', fn: (s) => str('lower', s).toLowerCase() },
  upper: { args: [1, 1], doc: '`{{upper s}}` — upper case', fn: (s) => str('upper', s).toUpperCase() },
  trim: { args: [1, 1], doc: '`{{trim s}}` — without leading and trailing whitespace', fn: (s) => str('trim', s).trim() },
  replace: {
    args: [3, 3],
    doc: '`{{replace s "old" "new"}}` — every occurrence of old replaced by new',
    fn: (s, from, to) => str('replace', s).split(str('replace', from)).join(str('replace', to)),
  },
  basename: { args: [1, 1], doc: '`{{basename path}}` — the last part of a path', fn: (p) => basename(str('basename', p)) },
  dirname: { args: [1, 1], doc: '`{{dirname path}}` — the path without its last part', fn: (p) => dirname(str('dirname', p)) },
  length: {
    args: [1, 1],
    doc: '`{{length x}}` — number of items of a list, keys of a mapping, characters of a string',
    fn: (v) => {
      if (typeof v === 'string' || Array.isArray(v)) return v.length;
      if (isMapping(v)) return Object.keys(v).length;
      throw new HelperError(`length expects a list, mapping or string, got ${typeName(v)}`);
    },
  },
  lookup: {
    args: [2, 2],
    doc: '`{{lookup map "key.with-dots"}}`, `{{lookup list 0}}` — one entry, for keys that are not plain names; fails when missing',
    fn: (container, key) => {
      const k = String(key);
      if (hasKey(container, k)) return (container as Record<string, unknown>)[k];
      const near = isMapping(container) ? closest(k, Object.keys(container)) : undefined;
      const where = isMapping(container) ? 'the mapping' : Array.isArray(container) ? 'the list' : typeName(container);
      throw new HelperError(`lookup: no key '${k}' in ${where}${near ? ` (did you mean '${near}'?)` : ''}`);
    },
  },
  quote: { args: [1, 1], doc: '`{{quote s}}` — s quoted for a POSIX shell command line', fn: (s) => quote(str('quote', s)) },
};
