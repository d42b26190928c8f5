// Text filters: case, replace, trim, split/join, indent, comment, quote, format, regex_* (Python's re
// semantics through py-regex.ts), paths (basename, dirname, splitext, expanduser, realpath), base64.

import { homedir } from 'node:os';
import { realpathSync } from 'node:fs';
import { normalize, resolve } from 'node:path/posix';
import { compilePyRegex, expandTemplate } from '../py-regex.js';
import { percentFormat } from '../jinja/format.js';
import { pySplit } from '../jinja/methods.js';
import { ExpressionError, isMapping, iterate, str, tuple } from '../jinja/values.js';
import type { FilterFn } from '../jinja/evaluate.js';
import { filter, type FilterTable } from './spec.js';

function regex(pattern: unknown, ignorecase: unknown, multiline: unknown): RegExp {
  const flags = `${ignorecase === true ? 'i' : ''}${multiline === true ? 'm' : ''}`;
  const { re } = compilePyRegex(flags ? `(?${flags})${String(pattern)}` : String(pattern));
  return re;
}

const global = (re: RegExp) => new RegExp(re.source, re.flags.includes('g') ? re.flags : `${re.flags}g`);

function regexReplace(v: unknown, pattern: unknown = '', replacement: unknown = '', ignorecase: unknown = false, multiline: unknown = false, count: unknown = 0): string {
  const re = global(regex(pattern, ignorecase, multiline));
  const s = str(v);
  const max = Number(count);
  let out = '';
  let last = 0;
  let n = 0;
  for (let m = re.exec(s); m && !(max > 0 && n >= max); m = re.exec(s)) {
    out += s.slice(last, m.index) + expandTemplate(str(replacement), m);
    last = m.index + m[0].length;
    n++;
    if (m[0] === '') re.lastIndex++; // an empty match moves on, as Python's does
  }
  return out + s.slice(last);
}

/** regex_search(pattern, '\\1', '\\g<name>'…, ignorecase=, multiline=): the match, the asked groups, or None. */
const regexSearch: FilterFn = (v, args, kwargs) => {
  const [pattern, ...refs] = args;
  const m = regex(pattern, kwargs.ignorecase, kwargs.multiline).exec(str(v));
  if (!m) return null;
  if (!refs.length) return m[0];
  return refs.map((g) => {
    const ref = str(g);
    const name = /^\\g<(.+)>$/.exec(ref)?.[1];
    if (name !== undefined) return m.groups?.[name] ?? null;
    const n = /^\\(\d+)$/.exec(ref)?.[1];
    if (n === undefined) throw new ExpressionError(`regex_search: unknown argument ${JSON.stringify(ref)} (use '\\\\1' or '\\\\g<name>')`);
    return m[Number(n)] ?? null;
  });
};

function regexFindall(v: unknown, pattern: unknown, ignorecase: unknown = false, multiline: unknown = false): unknown[] {
  const re = global(regex(pattern, ignorecase, multiline));
  return [...str(v).matchAll(re)].map((m) => (m.length === 1 ? m[0] : m.length === 2 ? (m[1] ?? '') : tuple(m.slice(1).map((g) => g ?? ''))));
}

/** Python's re.escape: every character but letters, digits and _ is escaped. */
const regexEscape = (v: unknown) => str(v).replace(/[^A-Za-z0-9_]/g, (c) => `\\${c}`);

function indent(v: unknown, width: unknown = 4, first: unknown = false, blank: unknown = false): string {
  const pad = typeof width === 'string' ? width : ' '.repeat(Number(width));
  const lines = str(v).split('\n');
  return lines.map((l, i) => ((i === 0 && first !== true) || (l === '' && blank !== true) ? l : pad + l)).join('\n');
}

/** Ansible's `comment` filter, plain style: a `#` decoration and one blank comment line above and below. */
function comment(v: unknown, style: unknown = 'plain', ...rest: unknown[]): string {
  if (rest.length) throw new ExpressionError('comment: only the style argument is supported');
  const styles: Record<string, { beginning?: string; decoration: string; end?: string }> = {
    plain: { decoration: '# ' },
    erlang: { decoration: '% ' },
    c: { decoration: '// ' },
    cblock: { beginning: '/*', decoration: ' * ', end: ' */' },
    xml: { beginning: '<!--', decoration: ' - ', end: '-->' },
  };
  const s = styles[String(style)];
  if (!s) throw new ExpressionError(`comment: unknown style ${JSON.stringify(style)}`);
  const deco = s.decoration;
  const prefix = deco.trimEnd();
  const body = str(v).split('\n').map((l) => (l === '' ? prefix : deco + l));
  const lines = [...(s.beginning ? [s.beginning] : []), prefix, ...body, prefix, ...(s.end ? [s.end] : [])];
  return lines.join('\n');
}

/** Python's shlex.quote, which Ansible's quote filter is: safe words as they are, else '…' with ' as '"'"'. */
function shlexQuote(s: string): string {
  if (s === '') return "''";
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(s)) return s;
  return `'${s.replaceAll("'", `'"'"'`)}'`;
}

/** Python's urllib.parse.quote: UTF-8 bytes percent-encoded except letters, digits, _.-~ and `safe`. */
function pyQuote(s: string, safe: string): string {
  return [...Buffer.from(s, 'utf8')].map((b) => {
    const c = String.fromCharCode(b);
    return /[A-Za-z0-9_.~-]/.test(c) || safe.includes(c) ? c : `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }).join('');
}

/** Python's os.path.basename: what follows the last slash ('' for '/etc/nginx/'). */
const pyBasename = (p: string) => p.slice(p.lastIndexOf('/') + 1);

function splitext(v: unknown): string[] {
  const p = str(v);
  const base = pyBasename(p);
  const dot = base.lastIndexOf('.');
  if (dot <= 0 || /^\.+$/.test(base.slice(0, dot + 1))) return tuple([p, '']);
  const cut = p.length - (base.length - dot);
  return tuple([p.slice(0, cut), p.slice(cut)]);
}

export const STRING_FILTERS: FilterTable = {
  lower: filter([], (v: unknown) => str(v).toLowerCase()),
  upper: filter([], (v: unknown) => str(v).toUpperCase()),
  capitalize: filter([], (v: unknown) => {
    const s = str(v);
    return s ? s[0]!.toUpperCase() + s.slice(1).toLowerCase() : s;
  }),
  // Jinja2's title: words begin after a space, -, (, {, [ or < (so o'neil → O'neil).
  title: filter([], (v: unknown) => str(v).split(/([-\s({[<]+)/).map((w) => (w ? w[0]!.toUpperCase() + w.slice(1).toLowerCase() : w)).join('')),
  replace: filter(['old', 'new', 'count'], (v: unknown, a: unknown, b: unknown, n?: unknown) => {
    const parts = str(v).split(str(a));
    if (n === undefined || n === null) return parts.join(str(b));
    const k = Number(n);
    return parts.slice(0, k + 1).join(str(b)) + (parts.length > k + 1 ? str(a) + parts.slice(k + 1).join(str(a)) : '');
  }),
  trim: filter(['chars'], (v: unknown, chars?: unknown) => {
    if (chars === undefined) return str(v).trim();
    const set = str(chars);
    let s = str(v);
    while (s && set.includes(s[0]!)) s = s.slice(1);
    while (s && set.includes(s.at(-1)!)) s = s.slice(0, -1);
    return s;
  }),
  split: filter(['sep', 'maxsplit'], (v: unknown, sep?: unknown, max?: unknown) => pySplit(str(v), sep, max === undefined ? -1 : Number(max))),
  join: filter(['d', 'attribute'], (v: unknown, d: unknown = '', attribute?: unknown) =>
    iterate(v).map((x) => str(attribute === undefined ? x : (x as Record<string, unknown>)[String(attribute)])).join(str(d))),
  center: filter(['width'], (v: unknown, w: unknown = 80) => {
    const s = str(v);
    const width = Number(w);
    if (s.length >= width) return s;
    // Python's str.center: an odd margin puts the extra space on the left when the width is odd.
    const margin = width - s.length;
    const left = Math.floor(margin / 2) + (margin & width & 1);
    return ' '.repeat(left) + s + ' '.repeat(width - s.length - left);
  }),
  indent: filter(['width', 'first', 'blank'], indent),
  comment: filter(['style'], comment),
  quote: filter([], (v: unknown) => shlexQuote(str(v))),
  format: filter([], (v: unknown, ...args: unknown[]) => percentFormat(str(v), args), { variadic: true }),
  truncate: filter(['length', 'killwords', 'end', 'leeway'], (v: unknown, length: unknown = 255, killwords: unknown = false, end: unknown = '...', leeway: unknown = 5) => {
    const s = str(v);
    const n = Number(length);
    if (s.length <= n + Number(leeway)) return s;
    if (killwords === true) return s.slice(0, n - str(end).length) + str(end);
    const cut = s.slice(0, n - str(end).length);
    return cut.replace(/\s*\S*$/, '') + str(end);
  }),
  wordcount: filter([], (v: unknown) => (str(v).match(/\w+/g) ?? []).length),
  regex_replace: filter(['pattern', 'replacement', 'ignorecase', 'multiline', 'count'], regexReplace),
  regex_search: regexSearch,
  regex_findall: filter(['regex', 'ignorecase', 'multiline'], regexFindall),
  regex_escape: filter(['re_type'], regexEscape),
  basename: filter([], (v: unknown) => pyBasename(str(v))),
  dirname: filter([], (v: unknown) => {
    const p = str(v);
    const i = p.lastIndexOf('/');
    return i < 0 ? '' : i === 0 ? '/' : p.slice(0, i).replace(/\/+$/, '') || '/';
  }),
  splitext: filter([], splitext),
  expanduser: filter([], (v: unknown) => str(v).replace(/^~(?=\/|$)/, homedir())),
  realpath: filter([], (v: unknown) => {
    try {
      return realpathSync(str(v));
    } catch {
      return normalize(resolve(str(v)));
    }
  }),
  b64encode: filter(['encoding'], (v: unknown) => Buffer.from(str(v), 'utf8').toString('base64')),
  b64decode: filter(['encoding'], (v: unknown) => Buffer.from(str(v), 'base64').toString('utf8')),
  // Jinja2's urlencode: a string quoted keeping '/', a dict or list of pairs as a query string (' ' → '+').
  urlencode: filter([], (v: unknown) => {
    if (typeof v === 'string' || !(Array.isArray(v) || isMapping(v))) return pyQuote(str(v), '/');
    const pairs = isMapping(v) ? Object.entries(v) : iterate(v).map((p) => iterate(p));
    return pairs.map(([k, x]) => `${pyQuote(str(k), '').replaceAll('%20', '+')}=${pyQuote(str(x), '').replaceAll('%20', '+')}`).join('&');
  }),
};
