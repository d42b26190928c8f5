// Python's value semantics, as Jinja2 inside Ansible has them: truthiness, str() and repr() of values
// rendered into text, equality, ordering, and the undefined value. Templates and conditions both read values
// only through these functions, so `{{ [1, 'a'] }}` renders `[1, 'a']` and `{{ true }}` renders `True`,
// byte for byte as Ansible writes them.

import { isDeepStrictEqual } from 'node:util';

/** Raised for a type or value error in an expression; the renderer adds where in the template it happened. */
export class ExpressionError extends Error {
  offset?: number;
}

/**
 * A name or key that does not exist, as Ansible's undefined: `default`, `is defined` and `x.y` chaining
 * accept it, any other use (printing it, comparing it, iterating it) is an error naming its whole path.
 */
export class Undefined {
  constructor(
    /** `vm.ip`, as the user wrote it. */
    readonly path: string,
    /** Why: "'vm' has no key 'ip'". */
    readonly detail: string,
    /** " (did you mean 'vm_ip'?)". */
    readonly suggestion = '',
  ) {}
  fail(): never {
    throw new ExpressionError(this.detail ? `'${this.path}' is undefined: ${this.detail}` : `'${this.path}' is undefined${this.suggestion}`);
  }
}

/**
 * What an inline `if` without `else` gives when false: Jinja2's plain Undefined (whatever the environment's
 * undefined is), which writes as nothing, is false and iterates as empty; any other use fails as usual.
 */
export class EmptyUndefined extends Undefined {}

/** `namespace()`: the one object a template may assign attributes to (`{% set ns.found = true %}`). */
export class Namespace {
  constructor(readonly attrs: Record<string, unknown>) {}
}

/**
 * Python tuples (`(1, 2)`, `zip`, `d.items()`, `splitext`): arrays that behave as lists everywhere but in
 * repr, where Python writes `(1, 2)` and `(1,)`. Marked in a WeakSet, so no property reaches a template.
 */
const TUPLES = new WeakSet<unknown[]>();
export function tuple<T extends unknown[]>(items: T): T {
  TUPLES.add(items);
  return items;
}

/** A named tuple (groupby's `(grouper, list)`): a tuple whose items are also attributes. */
const FIELDS = new WeakMap<unknown[], readonly string[]>();
export function namedTuple<T extends unknown[]>(items: T, fields: readonly string[]): T {
  FIELDS.set(items, fields);
  return tuple(items);
}
/** The index of a named tuple's field, or -1. */
export const tupleField = (v: unknown[], key: string): number => FIELDS.get(v)?.indexOf(key) ?? -1;

export const isUndefined = (v: unknown): v is Undefined => v instanceof Undefined;

/** Use of a value: an undefined one fails here. */
export function defined<T>(v: T | Undefined): T {
  if (v instanceof Undefined) v.fail();
  return v as T;
}

export const isMapping = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Undefined) && !(v instanceof Namespace) && !(v instanceof Uint8Array);

export function truthy(v: unknown): boolean {
  if (v instanceof EmptyUndefined) return false;
  v = defined(v);
  if (v === null || v === undefined || v === false || v === 0 || v === '') return false;
  if (Array.isArray(v)) return v.length > 0;
  if (isMapping(v)) return Object.keys(v).length > 0;
  return true;
}

export function typeName(v: unknown): string {
  if (v === null || v === undefined) return 'NoneType';
  if (v instanceof Undefined) return 'AnsibleUndefined';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float';
  if (typeof v === 'string') return 'str';
  if (Array.isArray(v)) return 'list';
  if (typeof v === 'function') return 'function';
  return 'dict';
}

function reprString(s: string): string {
  const q = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = q;
  for (const ch of s) {
    if (ch === q || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch < ' ' || ch === '\x7f') out += `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return out + q;
}

function pyNumber(n: number): string {
  if (Number.isNaN(n)) return 'nan';
  if (!Number.isFinite(n)) return n > 0 ? 'inf' : '-inf';
  return String(n);
}

/** Python's repr(), for values inside lists and dicts. */
export function repr(v: unknown): string {
  v = defined(v);
  if (typeof v === 'string') return reprString(v);
  if (Array.isArray(v) && TUPLES.has(v)) return v.length === 1 ? `(${repr(v[0])},)` : `(${v.map(repr).join(', ')})`;
  if (Array.isArray(v)) return `[${v.map(repr).join(', ')}]`;
  if (isMapping(v)) return `{${Object.entries(v).map(([k, x]) => `${reprString(k)}: ${repr(x)}`).join(', ')}}`;
  return str(v);
}

/** Python's str(): what `{{ value }}` writes into text. */
export function str(v: unknown): string {
  if (v instanceof EmptyUndefined) return '';
  v = defined(v);
  if (v === null || v === undefined) return 'None';
  if (v === true) return 'True';
  if (v === false) return 'False';
  if (typeof v === 'number') return pyNumber(v);
  if (typeof v === 'string') return v;
  return repr(v);
}

export function equal(a: unknown, b: unknown): boolean {
  if (a instanceof Undefined || b instanceof Undefined) return false;
  if (typeof a === 'boolean' && typeof b === 'number') return Number(a) === b;
  if (typeof b === 'boolean' && typeof a === 'number') return Number(b) === a;
  return isDeepStrictEqual(a, b);
}

/** `<`, `<=`, `>`, `>=`: numbers with numbers, strings with strings, lists element-wise — as Python. */
export function compare(a: unknown, b: unknown, op: string): boolean {
  a = defined(a);
  b = defined(b);
  const c = order(a, b, op);
  return op === '<' ? c < 0 : op === '<=' ? c <= 0 : op === '>' ? c > 0 : c >= 0;
}

function order(a: unknown, b: unknown, op: string): number {
  const num = (x: unknown) => (typeof x === 'boolean' ? Number(x) : x);
  const x = num(a);
  const y = num(b);
  if (typeof x === 'number' && typeof y === 'number') return x - y;
  if (typeof x === 'string' && typeof y === 'string') return x < y ? -1 : x > y ? 1 : 0;
  if (Array.isArray(x) && Array.isArray(y)) {
    for (let i = 0; i < Math.min(x.length, y.length); i++) {
      if (!equal(x[i], y[i])) return order(x[i], y[i], op);
    }
    return x.length - y.length;
  }
  throw new ExpressionError(`'${op}' not supported between instances of '${typeName(a)}' and '${typeName(b)}'`);
}

export function contains(haystack: unknown, needle: unknown): boolean {
  haystack = defined(haystack);
  if (typeof haystack === 'string') {
    if (typeof needle !== 'string') throw new ExpressionError(`'in <string>' requires string as left operand, not ${typeName(needle)}`);
    return haystack.includes(needle);
  }
  if (Array.isArray(haystack)) return haystack.some((x) => equal(x, needle));
  if (isMapping(haystack)) return typeof needle === 'string' && Object.hasOwn(haystack, needle);
  throw new ExpressionError(`argument of type '${typeName(haystack)}' is not iterable`);
}

/** What a `for` loop or a list filter walks: list items, dict keys, string characters. */
export function iterate(v: unknown): unknown[] {
  if (v instanceof EmptyUndefined) return [];
  v = defined(v);
  if (Array.isArray(v)) return v;
  if (typeof v === 'string') return [...v];
  if (isMapping(v)) return Object.keys(v);
  throw new ExpressionError(`'${typeName(v)}' object is not iterable`);
}
