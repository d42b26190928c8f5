// Pure JSON editing for json_file: deep-merge a patch (objects merge key by key; arrays and scalars are
// replaced whole, so a list of mirrors is exactly the list asked for), remove keys by dotted path, and
// name which keys differ for the change summary.

import { isDeepStrictEqual } from 'node:util';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function deepMerge(base: JsonObject, patch: JsonObject): JsonObject {
  const out: JsonObject = { ...base };
  for (const [k, v] of Object.entries(patch)) {
    const cur = own(out, k);
    setKey(out, k, isObject(cur) && isObject(v) ? deepMerge(cur, v) : structuredClone(v));
  }
  return out;
}

function own(obj: JsonObject, key: string): Json | undefined {
  return Object.hasOwn(obj, key) ? obj[key] : undefined;
}

/** Set an own key, even `__proto__` (a plain assignment would change the object's prototype instead). */
function setKey(obj: JsonObject, key: string, value: Json): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

/** A key path: `a.b` means key b inside a; a list gives the segments as they are (for keys with dots). */
export function keyPath(key: string | readonly string[]): string[] {
  return typeof key === 'string' ? key.split('.') : [...key];
}

export function removeKey(obj: JsonObject, path: readonly string[]): JsonObject {
  const [head, ...rest] = path;
  if (head === undefined || !Object.hasOwn(obj, head)) return obj;
  const out = { ...obj };
  if (rest.length === 0) delete out[head];
  else {
    const child = own(out, head);
    if (isObject(child)) setKey(out, head, removeKey(child, rest));
  }
  return out;
}

export interface JsonEdit {
  result: JsonObject;
  /** Dotted paths of the keys whose value differs (set, changed or removed), deepest objects expanded. */
  changedKeys: string[];
}

export function editJson(current: JsonObject, merge: JsonObject, remove: readonly (string | readonly string[])[]): JsonEdit {
  let result = deepMerge(current, merge);
  for (const key of remove) result = removeKey(result, keyPath(key));
  return { result, changedKeys: diffKeys(current, result) };
}

function diffKeys(a: JsonObject, b: JsonObject, prefix = ''): string[] {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  const out: string[] = [];
  for (const k of keys) {
    const av = own(a, k);
    const bv = own(b, k);
    if (isDeepStrictEqual(av, bv) && Object.hasOwn(a, k) === Object.hasOwn(b, k)) continue;
    if (isObject(av) && isObject(bv)) out.push(...diffKeys(av, bv, `${prefix}${k}.`));
    else out.push(`${prefix}${k}`);
  }
  return out;
}
