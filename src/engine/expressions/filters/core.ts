// Filters about values and types: default, mandatory, bool, int, float, string, length, list, ternary,
// type_debug — with Ansible's and Jinja2's exact rules (bool's word list, int's base and fallback).

import { ExpressionError, isMapping, isUndefined, iterate, str, truthy, typeName, Undefined } from '../jinja/values.js';
import { filter, type FilterTable } from './spec.js';

const BOOL_TRUE = ['yes', 'on', '1', 'true', 1, true];

/** Ansible's to_bool: None stays None, a string is lowercased (not trimmed) and looked up in the word list. */
export function toBool(v: unknown): boolean | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'boolean') return v;
  const s = typeof v === 'string' ? v.toLowerCase() : v;
  return BOOL_TRUE.includes(s as string | number);
}

function toInt(v: unknown, dflt: unknown = 0, base: unknown = 10): unknown {
  if (typeof v === 'boolean') return Number(v);
  if (typeof v === 'number') return Math.trunc(v);
  if (typeof v === 'string') {
    const s = v.trim().replaceAll('_', '');
    const b = Number(base);
    if (b === 10 && /^[+-]?\d+$/.test(s)) return parseInt(s, 10);
    if (b !== 10) {
      // Base 0 reads the prefix, as Python's int(s, 0): 0x1A, 0o17, 0b101.
      const prefix = /^[+-]?0([xob])/i.exec(s)?.[1]?.toLowerCase();
      const radix = b === 0 ? (prefix === 'x' ? 16 : prefix === 'o' ? 8 : prefix === 'b' ? 2 : 10) : b;
      const body = s.replace(/^[+-]?0[xob]/i, '').replace(/^[+-]/, '');
      const n = parseInt(body, radix);
      if (!Number.isNaN(n) && body.length) return s.startsWith('-') ? -n : n;
    }
    if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s)) return Math.trunc(Number(s));
  }
  return dflt;
}

/** Python's round(): a tie goes to the even neighbour (2.5 → 2, 3.5 → 4). */
function halfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

function toFloat(v: unknown, dflt: unknown = 0): unknown {
  if (typeof v === 'boolean') return Number(v);
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/.test(v)) return Number(v);
  return dflt;
}

function length(v: unknown): number {
  if (typeof v === 'string' || Array.isArray(v)) return [...(typeof v === 'string' ? v : v)].length;
  if (isMapping(v)) return Object.keys(v).length;
  throw new ExpressionError(`object of type '${typeName(v)}' has no len()`);
}

export const CORE_FILTERS: FilterTable = {
  default: filter(['default_value', 'boolean'], (v: unknown, dflt: unknown = '', boolean: unknown = false) =>
    isUndefined(v) || (boolean === true && !truthy(v)) ? dflt : v,
  { acceptsUndefined: true }),
  mandatory: filter(['msg'], (v: unknown, msg?: unknown) => {
    if (v instanceof Undefined) throw new ExpressionError(msg === undefined ? `Mandatory variable '${v.path}' not defined.` : str(msg));
    return v;
  }, { acceptsUndefined: true }),
  bool: filter([], (v: unknown) => toBool(v)),
  int: filter(['default', 'base'], toInt),
  float: filter(['default'], toFloat),
  string: filter([], (v: unknown) => str(v)),
  length: filter([], length),
  count: filter([], length),
  list: filter([], (v: unknown) => [...iterate(v)]), // a copy, as Python's list(): a tuple becomes a list
  ternary: filter(['true_val', 'false_val', 'none_val'], (v: unknown, yes: unknown, no: unknown, none?: unknown) =>
    v === null && none !== undefined ? none : truthy(v) ? yes : no),
  type_debug: filter([], (v: unknown) => typeName(v)),
  abs: filter([], (v: number) => Math.abs(v)),
  round: filter(['precision', 'method'], (v: number, precision: unknown = 0, method: unknown = 'common') => {
    const f = 10 ** Number(precision);
    const x = v * f;
    return (method === 'ceil' ? Math.ceil(x) : method === 'floor' ? Math.floor(x) : halfEven(x)) / f;
  }),
};
