// Python methods of str, list and dict that Ansible content calls in expressions (`version.split('.')[0]`,
// `name.startswith('web')`, `d.items()`, `d.get('k', 1)`), with Python's semantics. Only these are reachable.

import { Callable, type Args } from './callable.js';
import { ExpressionError, isMapping, str, tuple, typeName } from './values.js';

type Method = (self: never, ...args: Args) => unknown;

const strip = (s: string, chars: unknown, where: 'both' | 'start' | 'end') => {
  const set = chars === undefined || chars === null ? null : String(chars);
  const drop = (c: string) => (set === null ? /\s/.test(c) : set.includes(c));
  let a = 0;
  let b = s.length;
  if (where !== 'end') while (a < b && drop(s[a]!)) a++;
  if (where !== 'start') while (b > a && drop(s[b - 1]!)) b--;
  return s.slice(a, b);
};

/** Python's str.split: no separator splits on runs of whitespace and drops empty ends. */
export function pySplit(s: string, sep?: unknown, maxsplit = -1): string[] {
  if (sep === undefined || sep === null) {
    const words = s.trim().split(/\s+/).filter(Boolean);
    if (maxsplit < 0 || words.length <= maxsplit + 1) return words;
    const out: string[] = [];
    let rest = s.trimStart();
    for (let i = 0; i < maxsplit; i++) {
      const m = /^(\S+)\s+/.exec(rest)!;
      out.push(m[1]!);
      rest = rest.slice(m[0].length);
    }
    return [...out, rest];
  }
  const d = String(sep);
  if (d === '') throw new ExpressionError('empty separator');
  const parts = s.split(d);
  return maxsplit < 0 || parts.length <= maxsplit + 1 ? parts : [...parts.slice(0, maxsplit), parts.slice(maxsplit).join(d)];
}

const STRING: Record<string, Method> = {
  split: (s: string, sep?: unknown, max?: unknown) => pySplit(s, sep, max === undefined ? -1 : Number(max)),
  rsplit: (s: string, sep?: unknown, max?: unknown) => {
    const m = max === undefined ? -1 : Number(max);
    if (m < 0) return pySplit(s, sep);
    const d = sep === undefined || sep === null ? ' ' : String(sep);
    const parts = s.split(d);
    return parts.length <= m + 1 ? parts : [parts.slice(0, parts.length - m).join(d), ...parts.slice(parts.length - m)];
  },
  splitlines: (s: string) => s.split(/\r\n|\r|\n/).filter((l, i, a) => !(i === a.length - 1 && l === '')),
  startswith: (s: string, p: unknown) => (Array.isArray(p) ? p : [p]).some((x) => s.startsWith(String(x))),
  endswith: (s: string, p: unknown) => (Array.isArray(p) ? p : [p]).some((x) => s.endsWith(String(x))),
  strip: (s: string, c?: unknown) => strip(s, c, 'both'),
  lstrip: (s: string, c?: unknown) => strip(s, c, 'start'),
  rstrip: (s: string, c?: unknown) => strip(s, c, 'end'),
  lower: (s: string) => s.toLowerCase(),
  upper: (s: string) => s.toUpperCase(),
  title: (s: string) => s.replace(/[A-Za-z]+/g, (w) => w[0]!.toUpperCase() + w.slice(1).toLowerCase()),
  capitalize: (s: string) => (s ? s[0]!.toUpperCase() + s.slice(1).toLowerCase() : s),
  replace: (s: string, a: unknown, b: unknown, n?: unknown) => {
    const parts = s.split(String(a));
    const count = n === undefined ? -1 : Number(n);
    if (count < 0) return parts.join(str(b));
    return parts.slice(0, count + 1).join(str(b)) + (parts.length > count + 1 ? String(a) + parts.slice(count + 1).join(String(a)) : '');
  },
  find: (s: string, x: unknown) => s.indexOf(String(x)),
  index: (s: string, x: unknown) => {
    const i = s.indexOf(String(x));
    if (i < 0) throw new ExpressionError('substring not found');
    return i;
  },
  count: (s: string, x: unknown) => (String(x) === '' ? s.length + 1 : s.split(String(x)).length - 1),
  join: (s: string, items: unknown) => (Array.isArray(items) ? items.map(str).join(s) : str(items)),
  // '{} {}' numbers the fields in order, '{1} {0}' picks them; '{{' and '}}' are literal braces.
  format: (s: string, ...args: Args) => {
    let next = 0;
    return s.replace(/\{\{|\}\}|\{(\d*)\}/g, (m, i: string | undefined) => (m === '{{' ? '{' : m === '}}' ? '}' : str(args[i === '' || i === undefined ? next++ : Number(i)])));
  },
  isdigit: (s: string) => /^\d+$/.test(s),
  isalpha: (s: string) => /^[A-Za-z]+$/.test(s),
  isalnum: (s: string) => /^[A-Za-z0-9]+$/.test(s),
  isspace: (s: string) => /^\s+$/.test(s),
  islower: (s: string) => /[a-z]/.test(s) && s === s.toLowerCase(),
  isupper: (s: string) => /[A-Z]/.test(s) && s === s.toUpperCase(),
  zfill: (s: string, n: unknown) => s.padStart(Number(n), '0'),
  center: (s: string, n: unknown) => {
    const w = Number(n);
    const left = Math.floor((w - s.length) / 2);
    return s.length >= w ? s : ' '.repeat(w - s.length - left) + s + ' '.repeat(left);
  },
};

const LIST: Record<string, Method> = {
  index: (l: unknown[], x: unknown) => {
    const i = l.findIndex((y) => y === x);
    if (i < 0) throw new ExpressionError(`${str(x)} is not in list`);
    return i;
  },
  count: (l: unknown[], x: unknown) => l.filter((y) => y === x).length,
};

const DICT: Record<string, Method> = {
  items: (d: Record<string, unknown>) => Object.entries(d).map(tuple),
  keys: (d: Record<string, unknown>) => Object.keys(d),
  values: (d: Record<string, unknown>) => Object.values(d),
  get: (d: Record<string, unknown>, k: unknown, fallback: unknown = null) => (Object.hasOwn(d, String(k)) ? d[String(k)] : fallback),
};

/** The bound method `name` of `self`, or undefined when it has none. */
export function methodOf(self: unknown, name: string): Callable | undefined {
  const table = typeof self === 'string' ? STRING : Array.isArray(self) ? LIST : isMapping(self) ? DICT : undefined;
  const m = table && Object.hasOwn(table, name) ? table[name]! : undefined;
  if (!m) return undefined;
  return new Callable(`${typeName(self)}.${name}`, (args, kwargs) => {
    if (Object.keys(kwargs).length) throw new ExpressionError(`${typeName(self)}.${name}() takes no keyword arguments`);
    return (m as (...a: unknown[]) => unknown)(self, ...args);
  });
}
