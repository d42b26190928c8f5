// The lookups `with_<name>` loops stand for (and `lookup('<name>', …)`), with the semantics of Ansible's
// lookup plugins: dict (key/value items), together (zip_longest), nested (product), indexed_items,
// subelements (each item with each element of its sub-list) and sequence (start/end/count/stride/format).
// Each takes the terms already templated and listified, as Ansible hands them to the plugin's run().

import { percentFormat } from '../jinja/format.js';
import { ExpressionError, isMapping, str, tuple } from '../jinja/values.js';

type Terms = unknown[];

/** Ansible's LookupBase._flatten: one level, a list's elements taking its place. */
const flattenOnce = (items: readonly unknown[]): unknown[] => items.flatMap((x) => (Array.isArray(x) ? x : [x]));

/** A term the plugin expects to be a list: a string or other scalar is a one-item list (listify_lookup_plugin_terms). */
const listOf = (term: unknown): unknown[] => (Array.isArray(term) ? term : isMapping(term) ? Object.keys(term) : [term]);

function dict(terms: Terms): unknown[] {
  return terms.flatMap((term) => {
    if (!isMapping(term)) throw new ExpressionError('with_dict expects a dict');
    return Object.entries(term).map(([key, value]) => ({ key, value }));
  });
}

function together(terms: Terms): unknown[] {
  if (terms.length === 0) throw new ExpressionError('with_together requires at least one element in each list');
  const lists = terms.map(listOf);
  const length = Math.max(...lists.map((l) => l.length));
  return Array.from({ length }, (_, i) => flattenOnce(lists.map((l) => (i < l.length ? l[i] : null))));
}

function nested(terms: Terms): unknown[] {
  if (terms.length === 0) throw new ExpressionError('with_nested requires at least one element in the nested list');
  let combos: unknown[][] = [[]];
  for (const list of terms.map(listOf)) combos = combos.flatMap((c) => list.map((x) => [...c, x]));
  return combos.map(flattenOnce);
}

function indexedItems(terms: Terms): unknown[] {
  return flattenOnce(terms).map((x, i) => tuple([i, x])); // Python tuples, printed (0, 'a')
}

const SUBELEMENTS_USAGE = 'subelements lookup expects a list of two or three items: a list (or dict), the subkey, and optionally {skip_missing: true}';

function subelements(terms: Terms): unknown[] {
  if (terms.length < 2 || terms.length > 3 || typeof terms[1] !== 'string') throw new ExpressionError(SUBELEMENTS_USAGE);
  const first = terms[0];
  if (!Array.isArray(first) && !isMapping(first)) throw new ExpressionError(SUBELEMENTS_USAGE);
  // A registered result that was skipped as a whole gives nothing.
  if (isMapping(first) && first.skipped !== undefined && first.skipped !== false) return [];
  const flags = terms[2] ?? {};
  if (!isMapping(flags) || Object.keys(flags).some((k) => k !== 'skip_missing')) throw new ExpressionError(SUBELEMENTS_USAGE);
  const skipMissing = flags.skip_missing === true || /^(yes|true|on|1)$/i.test(String(flags.skip_missing));
  const path = (terms[1] as string).split('.');
  const out: unknown[] = [];
  for (const element of isMapping(first) ? Object.values(first) : first) {
    if (!isMapping(element)) throw new ExpressionError(`subelements lookup expects a dictionary, got '${str(element)}'`);
    if (element.skipped !== undefined && element.skipped !== false) continue;
    const found = takeSublist(element, path, skipMissing);
    if (found) for (const sub of found.sublist) out.push([found.item, sub]);
  }
  return out;
}

/**
 * The list at `path` inside `item`, and the item without it: Ansible pops the sub-list out of the item it
 * pairs with each element, so `item.0` has no such key. Copies, never the variables' own objects.
 */
function takeSublist(item: Record<string, unknown>, path: string[], skipMissing: boolean): { item: Record<string, unknown>; sublist: unknown[] } | undefined {
  const root = { ...item };
  let cur = root;
  for (const [i, key] of path.entries()) {
    if (!Object.hasOwn(cur, key)) {
      if (skipMissing) return undefined;
      throw new ExpressionError(`could not find '${key}' key in iterated item '${str(cur)}'`);
    }
    const value = cur[key];
    if (i < path.length - 1) {
      if (!isMapping(value)) {
        if (skipMissing) return undefined;
        throw new ExpressionError(`the key ${key} should point to a dictionary, got '${str(value)}'`);
      }
      cur = cur[key] = { ...value };
      continue;
    }
    if (!Array.isArray(value)) throw new ExpressionError(`the key ${key} should point to a list, got '${str(value)}'`);
    delete cur[key];
    return { item: root, sublist: value };
  }
  return undefined;
}

/** Python's int(text, 0): decimal without leading zeros, 0x/0o/0b prefixes. */
function pyInt(text: string, what: string): number {
  const t = text.trim();
  const m = /^([+-]?)(?:0[xX]([0-9a-fA-F]+)|0[oO]([0-7]+)|0[bB]([01]+)|([1-9][0-9]*|0+))$/.exec(t);
  if (!m) throw new ExpressionError(`can't parse ${what} as integer`);
  const [, sign, hex, oct, bin, dec] = m;
  const n = hex ? parseInt(hex, 16) : oct ? parseInt(oct, 8) : bin ? parseInt(bin, 2) : parseInt(dec!, 10);
  return sign === '-' ? -n : n;
}

const NUM = '(0[xX][0-9a-fA-F]+|[0-9]+)';
const SHORTCUT = new RegExp(`^(${NUM}-)?${NUM}(/${NUM})?(:(.+))?$`, 'i');

interface SequenceSpec {
  start: number;
  end?: number;
  count?: number;
  stride: number;
  format: string;
}

function parseSequence(term: string): SequenceSpec {
  const spec: SequenceSpec = { start: 1, stride: 1, format: '%d' };
  const m = SHORTCUT.exec(term);
  if (m) {
    if (m[2] !== undefined) spec.start = pyInt(m[2], `start=${m[2]}`);
    spec.end = pyInt(m[3]!, `end=${m[3]}`);
    if (m[5] !== undefined) spec.stride = pyInt(m[5], `stride=${m[5]}`);
    if (m[7] !== undefined) spec.format = m[7];
    return spec;
  }
  const args: Record<string, string> = {};
  for (const [, key, quoted2, quoted1, bare] of term.matchAll(/(\w+)=(?:"([^"]*)"|'([^']*)'|(\S+))/g)) args[key!] = quoted2 ?? quoted1 ?? bare!;
  for (const key of ['start', 'end', 'count', 'stride'] as const) {
    if (args[key] === undefined) continue;
    spec[key] = pyInt(args[key], `arg ${key}=${JSON.stringify(args[key])}`);
    delete args[key];
  }
  if (args.format !== undefined) spec.format = args.format;
  delete args.format;
  const unknown = Object.keys(args);
  if (unknown.length > 0) throw new ExpressionError(`unrecognized arguments to with_sequence: ${unknown.join(', ')}`);
  return spec;
}

function sequence(terms: Terms): unknown[] {
  const out: string[] = [];
  for (const term of terms) {
    if (typeof term !== 'string') throw new ExpressionError(`with_sequence takes a string such as "start=1 end=5 format=%02d", not ${str(term)}`);
    const s = parseSequence(term);
    if (s.count === undefined && s.end === undefined) throw new ExpressionError('must specify count or end in with_sequence');
    if (s.count !== undefined && s.end !== undefined) throw new ExpressionError("can't specify both count and end in with_sequence");
    let { start, stride } = s;
    let end = s.end ?? 0;
    if (s.count !== undefined) {
      if (s.count !== 0) end = start + s.count * stride - 1;
      else start = end = stride = 0;
    }
    if (stride > 0 && end < start) throw new ExpressionError('to count backwards make stride negative');
    if (stride < 0 && end > start) throw new ExpressionError("to count forward don't make stride negative");
    if ((s.format.match(/%/g) ?? []).length !== 1) throw new ExpressionError(`bad formatting string: ${s.format}`);
    if (stride === 0) continue;
    const stop = end + (stride > 0 ? 1 : -1);
    if (Math.abs((stop - start) / stride) > 1_000_000) throw new ExpressionError('with_sequence is limited to a million items');
    for (let i = start; stride > 0 ? i < stop : i > stop; i += stride) out.push(percentFormat(s.format, i));
  }
  return out;
}

export const LOOP_LOOKUPS: Record<string, (terms: Terms) => unknown[]> = {
  dict,
  together,
  nested,
  indexed_items: indexedItems,
  subelements,
  sequence,
};
