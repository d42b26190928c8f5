// Ansible's itertools filters (product, combinations, permutations), subelements, extract, and Jinja2's
// slice: results are tuples where Python's are, so they print as Python prints them.

import { defined, ExpressionError, isMapping, iterate, str, tuple } from '../jinja/values.js';
import { filter, type FilterTable } from './spec.js';

function product(lists: unknown[][]): unknown[][] {
  return lists.reduce<unknown[][]>((acc, l) => acc.flatMap((prefix) => l.map((x) => [...prefix, x])), [[]]).map((t) => tuple(t));
}

/** Index choices in Python's order: combinations (increasing indices) or permutations (any distinct). */
function choose(n: number, r: number, ordered: boolean): number[][] {
  const out: number[][] = [];
  const walk = (picked: number[]) => {
    if (picked.length === r) return void out.push(picked);
    const from = ordered ? 0 : (picked.at(-1) ?? -1) + 1;
    for (let i = from; i < n; i++) if (!picked.includes(i)) walk([...picked, i]);
  };
  if (r <= n) walk([]);
  return out;
}

const pick = (v: unknown, r: unknown, ordered: boolean) => {
  const items = iterate(v);
  const n = r === undefined || r === null ? items.length : Number(r);
  return choose(items.length, n, ordered).map((idx) => tuple(idx.map((i) => items[i])));
};

/** `users | subelements('groups')`: (item, sub-item) pairs; `skip_missing` skips items without the key. */
function subelements(v: unknown, path: unknown, skipMissing: unknown = false): unknown[] {
  const out: unknown[] = [];
  items: for (const item of iterate(v)) {
    let cur: unknown = item;
    for (const key of str(path).split('.')) {
      if (isMapping(cur) && Object.hasOwn(cur, key)) cur = cur[key];
      else if (skipMissing === true) continue items;
      else throw new ExpressionError(`could not find '${key}' key in iterated item '${str(item)}'`);
    }
    if (!Array.isArray(cur)) throw new ExpressionError('the key of subelements should point to a list');
    for (const x of cur) out.push(tuple([item, x]));
  }
  return out;
}

function extract(item: unknown, container: unknown, morekeys?: unknown): unknown {
  const keys = [item, ...(morekeys === undefined ? [] : Array.isArray(morekeys) ? morekeys : [morekeys])];
  let cur = container;
  for (const k of keys) {
    if (isMapping(cur) && Object.hasOwn(cur, str(k))) cur = cur[str(k)];
    else if (Array.isArray(cur) && typeof k === 'number' && k >= -cur.length && k < cur.length) cur = cur.at(k);
    else throw new ExpressionError(`extract: ${str(container)} has no key ${str(k)}`);
  }
  return cur;
}

/** Jinja2's slice: `slices` columns, the first ones one longer; `fill_with` pads the short ones. */
function slice(v: unknown, slices: unknown, fill: unknown = null): unknown[][] {
  const seq = iterate(v);
  const n = Number(slices);
  const per = Math.floor(seq.length / n);
  const extra = seq.length % n;
  const out: unknown[][] = [];
  let offset = 0;
  for (let s = 0; s < n; s++) {
    const start = offset + s * per;
    if (s < extra) offset++;
    const part = seq.slice(start, offset + (s + 1) * per);
    if (fill !== null && s >= extra) part.push(fill);
    out.push(part);
  }
  return out;
}

export const COMBINATORIC_FILTERS: FilterTable = {
  product: (v, args, kwargs) => {
    const repeat = Number(kwargs.repeat ?? 1);
    const lists = [iterate(v), ...args.map((a) => iterate(defined(a)))];
    return product(Array.from({ length: repeat }, () => lists).flat());
  },
  combinations: filter(['r'], (v: unknown, r: unknown) => pick(v, r, false)),
  permutations: filter(['r'], (v: unknown, r?: unknown) => pick(v, r, true)),
  subelements: filter(['subelements', 'skip_missing'], subelements),
  extract: filter(['container', 'morekeys'], extract),
  slice: filter(['slices', 'fill_with'], slice),
};
