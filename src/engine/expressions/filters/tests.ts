// Jinja2's and Ansible's tests (`x is defined`, `r is changed`, `v is version('2.0', '>=')`,
// `path is file` on the controller), with their rules.

import { existsSync, lstatSync, statSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { compilePyRegex } from '../py-regex.js';
import { contains, equal, compare, ExpressionError, isMapping, isUndefined, iterate, str, truthy, typeName } from '../jinja/values.js';
import { compareVersions } from './version.js';
import { test, type TestTable } from './spec.js';

function result(name: string, v: unknown): Record<string, unknown> {
  if (isMapping(v)) return v;
  throw new ExpressionError(`The '${name}' test expects a dictionary (a registered result), got ${typeName(v)}`);
}

const failed = (v: unknown) => {
  const r = result('failed', v);
  return r.failed === true;
};

function regexMatches(mode: 'match' | 'search' | 'fullmatch', v: unknown, pattern: unknown, ignorecase: unknown, multiline: unknown): boolean {
  const flags = `${ignorecase === true ? 'i' : ''}${multiline === true ? 'm' : ''}`;
  const src = mode === 'match' ? `\\A(?:${String(pattern)})` : mode === 'fullmatch' ? `\\A(?:${String(pattern)})\\Z` : String(pattern);
  const { re } = compilePyRegex(flags ? `(?${flags})${src}` : src);
  return re.test(str(v));
}

const regexTest = (mode: 'match' | 'search') =>
  test((v: unknown, pattern: unknown, ignorecase: unknown = false, multiline: unknown = false) => regexMatches(mode, v, pattern, ignorecase, multiline));

const pathTest = (check: (p: string) => boolean) => test((v: unknown) => check(str(v)));
const statOr = (p: string, f: (s: NonNullable<ReturnType<typeof statSync>>) => boolean) => {
  try {
    return f(statSync(p)!);
  } catch {
    return false;
  }
};

export const TESTS: TestTable = {
  defined: test((v: unknown) => !isUndefined(v), { acceptsUndefined: true }),
  undefined: test((v: unknown) => isUndefined(v), { acceptsUndefined: true }),
  none: test((v: unknown) => v === null),
  string: test((v: unknown) => typeof v === 'string'),
  number: test((v: unknown) => typeof v === 'number'),
  integer: test((v: unknown) => typeof v === 'number' && Number.isInteger(v)),
  float: test((v: unknown) => typeof v === 'number' && !Number.isInteger(v)),
  boolean: test((v: unknown) => typeof v === 'boolean'),
  mapping: test((v: unknown) => isMapping(v)),
  sequence: test((v: unknown) => Array.isArray(v) || typeof v === 'string' || isMapping(v)),
  iterable: test((v: unknown) => Array.isArray(v) || typeof v === 'string' || isMapping(v)),
  callable: test(() => false),
  sameas: test((v: unknown, other: unknown) => v === other),
  eq: test((v: unknown, o: unknown) => equal(v, o)),
  equalto: test((v: unknown, o: unknown) => equal(v, o)),
  ne: test((v: unknown, o: unknown) => !equal(v, o)),
  lt: test((v: unknown, o: unknown) => compare(v, o, '<')),
  le: test((v: unknown, o: unknown) => compare(v, o, '<=')),
  gt: test((v: unknown, o: unknown) => compare(v, o, '>')),
  // Jinja2's operator aliases, for selectattr('uid', '>', 1000) and friends
  '==': test((v: unknown, o: unknown) => equal(v, o)),
  '!=': test((v: unknown, o: unknown) => !equal(v, o)),
  '<': test((v: unknown, o: unknown) => compare(v, o, '<')),
  '<=': test((v: unknown, o: unknown) => compare(v, o, '<=')),
  '>': test((v: unknown, o: unknown) => compare(v, o, '>')),
  '>=': test((v: unknown, o: unknown) => compare(v, o, '>=')),
  greaterthan: test((v: unknown, o: unknown) => compare(v, o, '>')),
  lessthan: test((v: unknown, o: unknown) => compare(v, o, '<')),
  ge: test((v: unknown, o: unknown) => compare(v, o, '>=')),
  in: test((v: unknown, seq: unknown) => contains(seq, v)),
  contains: test((seq: unknown, v: unknown) => contains(seq, v)),
  divisibleby: test((v: number, n: number) => v % n === 0),
  even: test((v: number) => v % 2 === 0),
  odd: test((v: number) => Math.abs(v % 2) === 1),
  lower: test((v: unknown) => str(v) === str(v).toLowerCase()),
  upper: test((v: unknown) => str(v) === str(v).toUpperCase()),
  truthy: test((v: unknown) => truthy(v)),
  falsy: test((v: unknown) => !truthy(v)),
  failed: test(failed),
  failure: test(failed),
  succeeded: test((v: unknown) => !failed(v)),
  success: test((v: unknown) => !failed(v)),
  successful: test((v: unknown) => !failed(v)),
  changed: test((v: unknown) => result('changed', v).changed === true),
  change: test((v: unknown) => result('changed', v).changed === true),
  skipped: test((v: unknown) => result('skipped', v).skipped === true),
  skip: test((v: unknown) => result('skipped', v).skipped === true),
  finished: test((v: unknown) => result('finished', v).finished !== 0),
  match: regexTest('match'),
  search: regexTest('search'),
  regex: test((v: unknown, pattern: unknown, ignorecase: unknown = false, multiline: unknown = false, matchType: unknown = 'search') =>
    regexMatches(matchType === 'match' ? 'match' : matchType === 'fullmatch' ? 'fullmatch' : 'search', v, pattern, ignorecase, multiline)),
  version: test((v: unknown, other: unknown, op: unknown = 'eq') => compareVersions(str(v), str(other), str(op))),
  version_compare: test((v: unknown, other: unknown, op: unknown = 'eq') => compareVersions(str(v), str(other), str(op))),
  subset: test((a: unknown, b: unknown) => iterate(a).every((x) => contains(b, x))),
  superset: test((a: unknown, b: unknown) => iterate(b).every((x) => contains(a, x))),
  file: pathTest((p) => statOr(p, (s) => s.isFile())),
  directory: pathTest((p) => statOr(p, (s) => s.isDirectory())),
  exists: pathTest((p) => existsSync(p)),
  link: pathTest((p) => {
    try {
      return lstatSync(p).isSymbolicLink();
    } catch {
      return false;
    }
  }),
  abs: pathTest((p) => isAbsolute(p)),
  any: test((v: unknown) => iterate(v).some(truthy)),
  all: test((v: unknown) => iterate(v).every(truthy)),
};
