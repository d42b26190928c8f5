// Filters over lists and dicts: first/last/min/max/sum/sort/unique, set operations (order kept as
// Ansible keeps it), flatten, map/select/reject(attr), zip, combine (recursive, list_merge), dict2items,
// items2dict, batch, random/shuffle (Python's Random when seeded: py-random.ts).

import type { FilterFn, Scope } from '../jinja/evaluate.js';
import { applyFilter } from '../jinja/evaluate.js';
import { compare, defined, equal, ExpressionError, isMapping, iterate, str, namedTuple, truthy, tuple, Undefined } from '../jinja/values.js';
import { randomInt } from 'node:crypto';
import { PyRandom } from './py-random.js';
import { filter, type FilterTable } from './spec.js';

const uniq = (l: unknown[]) => l.filter((x, i) => l.findIndex((y) => equal(x, y)) === i);
const has = (l: unknown[], x: unknown) => l.some((y) => equal(x, y));

/** `attribute` may be dotted (`a.b`) or an index, as Jinja's make_attrgetter. */
function attrOf(item: unknown, attribute: unknown): unknown {
  let cur = item;
  for (const part of String(attribute).split('.')) {
    if (isMapping(cur) && Object.hasOwn(cur, part)) cur = cur[part];
    else if (Array.isArray(cur) && /^\d+$/.test(part)) cur = cur[Number(part)];
    else return new Undefined(String(attribute), `an item has no key '${part}'`);
  }
  return cur;
}

function sortKey(v: unknown, caseSensitive: unknown): unknown {
  return typeof v === 'string' && caseSensitive !== true ? v.toLowerCase() : v;
}

function sorted(v: unknown, reverse: unknown = false, caseSensitive: unknown = false, attribute?: unknown): unknown[] {
  const items = [...iterate(v)];
  const key = (x: unknown) => sortKey(attribute === undefined ? x : defined(attrOf(x, attribute)), caseSensitive);
  items.sort((a, b) => (compare(key(a), key(b), '<') ? -1 : compare(key(b), key(a), '<') ? 1 : 0));
  return reverse === true ? items.reverse() : items;
}

function flatten(v: unknown, levels?: unknown, skipNulls: unknown = true): unknown[] {
  const out: unknown[] = [];
  const walk = (l: unknown[], depth: number) => {
    for (const x of l) {
      if (Array.isArray(x) && (levels === undefined || levels === null || depth < Number(levels))) walk(x, depth + 1);
      else if (!(skipNulls === true && (x === null || x === 'None'))) out.push(x);
    }
  };
  walk(iterate(v), 0);
  return out;
}

function merge(a: Record<string, unknown>, b: Record<string, unknown>, recursive: boolean, listMerge: string): Record<string, unknown> {
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const old = out[k];
    if (recursive && isMapping(old) && isMapping(v)) out[k] = merge(old, v, true, listMerge);
    else if (Array.isArray(old) && Array.isArray(v) && listMerge !== 'replace') {
      out[k] =
        listMerge === 'keep' ? old
        : listMerge === 'append' ? [...old, ...v]
        : listMerge === 'prepend' ? [...v, ...old]
        : listMerge === 'append_rp' ? [...old.filter((x) => !has(v, x)), ...v]
        : [...v, ...old.filter((x) => !has(v, x))];
    } else out[k] = v;
  }
  return out;
}

const combine: FilterFn = (v, args, kwargs) => {
  const dicts = [v, ...args.flatMap((a) => (Array.isArray(a) ? a : [a]))];
  for (const d of dicts) if (!isMapping(d)) throw new ExpressionError(`combine expects dictionaries, got ${str(d)}`);
  const listMerge = String(kwargs.list_merge ?? 'replace');
  if (!['replace', 'keep', 'append', 'prepend', 'append_rp', 'prepend_rp'].includes(listMerge)) throw new ExpressionError(`combine: unknown list_merge ${listMerge}`);
  return (dicts as Record<string, unknown>[]).reduce((acc, d) => merge(acc, d, kwargs.recursive === true, listMerge), {});
};

/** map/select/reject take either a filter or test name with arguments, or attribute=. */
function mapFilter(v: unknown, args: unknown[], kwargs: Record<string, unknown>, scope: Scope): unknown[] {
  const items = iterate(v);
  if (kwargs.attribute !== undefined) {
    return items.map((x) => {
      const r = attrOf(x, kwargs.attribute);
      return r instanceof Undefined && 'default' in kwargs ? kwargs.default : defined(r);
    });
  }
  const [name, ...rest] = args;
  if (typeof name !== 'string') throw new ExpressionError('map needs a filter name or attribute=');
  return items.map((x) => applyFilter(name, x, rest, {}, scope));
}

function selector(keep: boolean, byAttr: boolean): FilterFn {
  return (v, args, _kwargs, scope) => {
    const [first, name, ...rest] = byAttr ? args : [undefined, ...args];
    return iterate(v).filter((item) => {
      const x = byAttr ? attrOf(item, first) : item;
      if (name === undefined) return truthy(x) === keep;
      const t = scope.env.test(String(name));
      if (!t) throw new ExpressionError(`no test named '${String(name)}'`);
      return (t.acceptsUndefined ? t(x, rest, scope) : !(x instanceof Undefined) && t(x, rest, scope)) === keep;
    });
  };
}

/** Python's Random(seed) when a seed is given (the same pick as Ansible's); else seeded at random. */
const rng = (seed: unknown) => new PyRandom(seed === undefined || seed === null ? randomInt(2 ** 47) : typeof seed === 'number' ? seed : str(seed));

export const LIST_FILTERS: FilterTable = {
  first: filter([], (v: unknown) => iterate(v)[0] ?? new Undefined('first', 'the list is empty')),
  last: filter([], (v: unknown) => iterate(v).at(-1) ?? new Undefined('last', 'the list is empty')),
  min: filter(['attribute'], (v: unknown, attribute?: unknown) => sorted(v, false, false, attribute)[0]),
  max: filter(['attribute'], (v: unknown, attribute?: unknown) => sorted(v, false, false, attribute).at(-1)),
  sum: filter(['attribute', 'start'], (v: unknown, attribute?: unknown, start: unknown = 0) =>
    iterate(v).reduce((acc: unknown, x) => {
      const y = attribute === undefined ? x : defined(attrOf(x, attribute));
      if (Array.isArray(acc) && Array.isArray(y)) return [...acc, ...y];
      if (typeof acc !== 'number' || typeof y !== 'number') throw new ExpressionError(`sum: cannot add ${str(y)}`);
      return acc + y;
    }, start)),
  sort: filter(['reverse', 'case_sensitive', 'attribute'], sorted),
  // Jinja2's unique, which Ansible calls first: case-insensitive unless asked, optionally by attribute.
  unique: filter(['case_sensitive', 'attribute'], (v: unknown, cs: unknown = false, attribute?: unknown) => {
    const key = (x: unknown) => sortKey(attribute === undefined ? x : defined(attrOf(x, attribute)), cs);
    const items = iterate(v);
    const keys = items.map(key);
    return items.filter((_x, i) => keys.findIndex((k) => equal(k, keys[i])) === i);
  }),
  union: filter(['b'], (a: unknown, b: unknown) => uniq([...iterate(a), ...iterate(b)])),
  intersect: filter(['b'], (a: unknown, b: unknown) => uniq(iterate(a).filter((x) => has(iterate(b), x)))),
  difference: filter(['b'], (a: unknown, b: unknown) => uniq(iterate(a).filter((x) => !has(iterate(b), x)))),
  symmetric_difference: filter(['b'], (a: unknown, b: unknown) => {
    const x = iterate(a);
    const y = iterate(b);
    return uniq([...x.filter((i) => !has(y, i)), ...y.filter((i) => !has(x, i))]);
  }),
  reverse: filter([], (v: unknown) => (typeof v === 'string' ? [...v].reverse().join('') : [...iterate(v)].reverse())),
  flatten: filter(['levels', 'skip_nulls'], flatten),
  map: mapFilter,
  select: selector(true, false),
  reject: selector(false, false),
  selectattr: selector(true, true),
  rejectattr: selector(false, true),
  zip: filter([], (v: unknown, ...others: unknown[]) => {
    const lists = [iterate(v), ...others.map(iterate)];
    const n = Math.min(...lists.map((l) => l.length));
    return Array.from({ length: n }, (_x, i) => tuple(lists.map((l) => l[i])));
  }, { variadic: true }),
  // Any number of lists, and `fillvalue=` only by name (as Python's itertools.zip_longest).
  zip_longest: (v: unknown, args: unknown[], kwargs: Record<string, unknown>) => {
    const unknown = Object.keys(kwargs).find((k) => k !== 'fillvalue');
    if (unknown) throw new ExpressionError(`unexpected keyword argument '${unknown}'`);
    const fill = Object.hasOwn(kwargs, 'fillvalue') ? kwargs.fillvalue : null;
    const lists = [iterate(v), ...args.map(iterate)];
    const n = Math.max(...lists.map((l) => l.length));
    return Array.from({ length: n }, (_x, i) => tuple(lists.map((l) => (i < l.length ? l[i] : fill))));
  },
  combine,
  dict2items: filter(['key_name', 'value_name'], (v: unknown, k: unknown = 'key', val: unknown = 'value') => {
    if (!isMapping(v)) throw new ExpressionError(`dict2items requires a dictionary, got ${str(v)}`);
    return Object.entries(v).map(([key, value]) => ({ [String(k)]: key, [String(val)]: value }));
  }),
  items2dict: filter(['key_name', 'value_name'], (v: unknown, k: unknown = 'key', val: unknown = 'value') =>
    Object.fromEntries(iterate(v).map((x) => [str(defined(attrOf(x, k))), defined(attrOf(x, val))]))),
  batch: filter(['linecount', 'fill_with'], (v: unknown, n: unknown, fill?: unknown) => {
    const items = iterate(v);
    const size = Number(n);
    const out: unknown[][] = [];
    for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
    if (fill !== undefined && out.length && out.at(-1)!.length < size) out.at(-1)!.push(...Array(size - out.at(-1)!.length).fill(fill));
    return out;
  }),
  random: filter(['start', 'step', 'seed'], (v: unknown, start?: unknown, step: unknown = 1, seed?: unknown) => {
    const r = rng(seed);
    if (typeof v === 'number') return r.randrange(start === undefined || start === null ? 0 : Number(start), v, Number(step) || 1);
    return r.choice(iterate(v));
  }),
  shuffle: filter(['seed'], (v: unknown, seed?: unknown) => rng(seed).shuffle([...iterate(v)])),
  // Jinja2's groupby: sorted by the attribute (case-insensitively unless asked), (grouper, list) named tuples;
  // the grouper is the first item's value as written.
  groupby: filter(['attribute', 'default', 'case_sensitive'], (v: unknown, attribute: unknown, dflt: unknown = null, cs: unknown = false) => {
    const value = (x: unknown) => {
      const a = attrOf(x, attribute);
      return a instanceof Undefined && dflt !== null ? dflt : defined(a);
    };
    const groups: unknown[][] = [];
    for (const item of sorted(v, false, cs, attribute)) {
      const last = groups.at(-1);
      if (last && equal(sortKey(value(last[0]), cs), sortKey(value(item), cs))) last.push(item);
      else groups.push([item]);
    }
    return groups.map((g) => namedTuple([value(g[0]), g], ['grouper', 'list']));
  }),
  dictsort: filter(['case_sensitive', 'by', 'reverse'], (v: unknown, cs: unknown = false, by: unknown = 'key', reverse: unknown = false) => {
    if (!isMapping(v)) throw new ExpressionError('dictsort needs a mapping');
    const pairs = Object.entries(v).map(tuple);
    const k = by === 'value' ? 1 : 0;
    pairs.sort((a, b) => (compare(sortKey(a[k], cs), sortKey(b[k], cs), '<') ? -1 : 1));
    return reverse === true ? pairs.reverse() : pairs;
  }),
};
