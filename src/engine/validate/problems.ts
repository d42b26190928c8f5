// Turn ajv's raw errors into the few problems a person needs. One mistake in a task yields tens of raw
// errors (every branch of the module `oneOf` complains, every `if` adds "must match else"); here they are
// reduced to the one that matters, located at the offending key or value, with a hint.

import type { ErrorObject } from 'ajv';
import type { Loc, Problem } from '../errors.js';
import { describeType, describeValue, labelOf, pathSegments } from './describe.js';
import { didYouMean } from './did-you-mean.js';
import { hintForUnknownKey } from './hints.js';
import { unknownQualified } from '../module-api/collections.js';

export type Locate = (path: readonly (string | number)[], which?: 'key' | 'value') => Loc;

type Schema = {
  title?: string;
  properties?: Record<string, unknown>;
  oneOf?: { required?: string[] }[];
  anyOf?: { required?: string[] }[];
  errorMessage?: string;
  patternErrorMessage?: string;
  'x-exactly-one'?: string;
};

interface Err extends ErrorObject {
  parentSchema?: Schema;
  propertyName?: string;
}

/** Problems for ajv's errors on `root`, sorted by position, duplicates removed. */
export function ajvProblems(errors: readonly ErrorObject[], root: unknown, locate: Locate): Problem[] {
  const errs = collapseAlternatives((errors as Err[]).filter(isMeaningful));
  const problems: Problem[] = [];
  for (const e of errs) {
    const p = toProblem(e, errs, root, locate);
    if (p) problems.push(p);
  }
  return sortUnique(problems);
}

/** Errors that only repeat what a more precise error says. */
function isMeaningful(e: Err): boolean {
  if (e.keyword === 'if' || e.keyword === 'propertyNames') return false;
  // "must have required property 'copy'" from each branch of a oneOf/anyOf is how ajv says "no branch fit".
  if (e.keyword === 'required' && /\/(oneOf|anyOf)\/\d+\/required$/.test(e.schemaPath)) return false;
  return true;
}

/**
 * `anyOf: [string, list of strings]` given a number yields one type error per branch plus the anyOf: say it
 * once ("must be a string or a list"). When a branch got further (a list with a bad item), only what it
 * found inside is kept: the shallow complaints of the other branches are noise.
 */
function collapseAlternatives(errs: Err[]): Err[] {
  const drop = new Set<Err>();
  const add: Err[] = [];
  for (const e of errs) {
    if ((e.keyword !== 'anyOf' && e.keyword !== 'oneOf') || e.parentSchema?.['x-exactly-one']) continue;
    const branches = errs.filter((o) => o.schemaPath.startsWith(`${e.schemaPath}/`));
    const shallow = branches.filter((o) => o.instancePath === e.instancePath);
    if (shallow.length === 0) continue;
    const deeper = branches.length > shallow.length;
    if (!deeper && !shallow.every((o) => o.keyword === 'type')) continue;
    for (const o of [e, ...shallow]) drop.add(o);
    if (!deeper) {
      const types = [...new Set(shallow.flatMap((o) => String(o.params.type).split(',')))];
      add.push({ ...shallow[0]!, params: { type: types }, parentSchema: e.parentSchema });
    }
  }
  return [...errs.filter((e) => !drop.has(e)), ...add];
}

function toProblem(e: Err, all: readonly Err[], root: unknown, locate: Locate): Problem | undefined {
  const path = pathSegments(e.instancePath);
  const label = labelOf(path);
  const schema = e.parentSchema ?? {};
  const at = locate(path, 'value');
  switch (e.keyword) {
    case 'oneOf':
    case 'anyOf': {
      if (schema['x-exactly-one']) return exactlyOne(e, schema, all, locate);
      const names = anyNameOf(schema);
      if (names) return missingKey(names, path, schema, root, at);
      // Keep "matches no form" only when nothing more precise was said about this value or inside it.
      if (all.some((o) => o !== e && (o.instancePath === e.instancePath || o.instancePath.startsWith(e.instancePath + '/')))) return undefined;
      return { loc: at, message: `${label} does not match any allowed form (got ${describeValue(e.data)})`, hint: schema.errorMessage };
    }
    case 'additionalProperties':
      return unknownKey(String(e.params.additionalProperty), path, schema, locate);
    case 'required':
      return missingKey([String(e.params.missingProperty)], path, schema, root, at);
    case 'type': {
      const expected = describeType(e.params.type);
      const templatable = e.schemaPath.includes('/else/') && !String(e.params.type).includes('string');
      return {
        loc: at,
        message: `${label} must be ${schema.errorMessage ?? expected}, not ${describeValue(e.data)}`,
        hint: unquotedTemplate(e.data)
          ? unquotedTemplateHint(label, e.data as Record<string, unknown>, schema)
          : templatable
            ? 'a template such as "{{ my_var }}" is also accepted where the value is only known at run time'
            : undefined,
      };
    }
    case 'enum': {
      const allowed = (e.params.allowedValues as unknown[]) ?? [];
      return {
        loc: at,
        message: `${label} must be one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}, not ${describeValue(e.data)}`,
        hint: schema.errorMessage ?? (typeof e.data === 'string' ? didYouMean(e.data, allowed.map(String)) : undefined),
      };
    }
    case 'pattern':
      if (e.propertyName !== undefined) {
        return { loc: locate([...path, e.propertyName], 'key'), message: `invalid name ${JSON.stringify(e.propertyName)}: it must be ${mustMatch(schema, e)}` };
      }
      return { loc: at, message: `${label} must be ${mustMatch(schema, e)}, not ${describeValue(e.data)}` };
    case 'false schema':
      return { loc: locate(path, 'key'), message: `${label} is not allowed here` };
    default:
      return { loc: at, message: `${label} ${boundMessage(e) ?? e.message ?? 'is invalid'}` };
  }
}

function unknownKey(key: string, path: string[], schema: Schema, locate: Locate): Problem {
  const allowed = Object.keys(schema.properties ?? {});
  const where = schema.title ? ` in ${schema.title}` : '';
  const what = schema['x-exactly-one'] ? ` (neither a keyword nor a ${schema['x-exactly-one']})` : '';
  const listed = allowed.length > 0 && allowed.length <= 12 ? `allowed keys: ${allowed.join(', ')}` : undefined;
  const qualified = schema['x-exactly-one'] === 'module' ? unknownQualified(key, (name) => allowed.includes(name)) : undefined;
  const missingModule = schema['x-exactly-one'] === 'module' ? { missingModule: true as const } : {};
  if (qualified) return { loc: locate([...path, key], 'key'), ...qualified, ...missingModule };
  return {
    loc: locate([...path, key], 'key'),
    message: `unknown key ${JSON.stringify(key)}${where}${what}`,
    hint: hintForUnknownKey(key, schema.title) ?? didYouMean(key, allowed) ?? listed,
    ...missingModule,
  };
}

/** A key that is missing under all of its `names` (a param and its aliases, or just one key). */
function missingKey(names: readonly string[], path: string[], schema: Schema, root: unknown, at: Loc): Problem | undefined {
  // Module arguments may also come from the task's `args:` mapping, merged in at compile time.
  if (schema.title?.endsWith(' arguments')) {
    const args = valueAt(root, [...path.slice(0, -1), 'args']);
    if (args && typeof args === 'object' && names.some((k) => k in args)) return undefined;
  }
  const aliases = names.length > 1 ? ` (or an alias: ${names.slice(1).join(', ')})` : '';
  return { loc: at, message: `missing ${JSON.stringify(names[0])}${aliases} in ${schema.title ?? labelOf(path)}` };
}

/** `anyOf: [{required: [path]}, {required: [dest]}…]` (a required param or one of its aliases): the names. */
function anyNameOf(schema: Schema): string[] | undefined {
  const branches = schema.anyOf ?? [];
  const single = branches.every((b) => Object.keys(b).length === 1 && b.required?.length === 1);
  return branches.length > 0 && single ? branches.map((b) => b.required![0]!) : undefined;
}

/** A oneOf of `{required: [k]}` branches: the value must have exactly one of those keys (a task's module). */
function exactlyOne(e: Err, schema: Schema, all: readonly Err[], locate: Locate): Problem | undefined {
  const noun = schema['x-exactly-one']!;
  const title = schema.title ?? 'this mapping';
  const choices = (schema.oneOf ?? []).flatMap((b) => b.required ?? []);
  const data = (e.data ?? {}) as Record<string, unknown>;
  const present = choices.filter((k) => Object.hasOwn(data, k));
  const path = pathSegments(e.instancePath);
  if (present.length === 0) {
    // An unknown key on the same mapping is most likely the misspelled choice: that problem says it better.
    if (all.some((o) => o.keyword === 'additionalProperties' && o.instancePath === e.instancePath)) return undefined;
    const some = choices.length <= 10 ? choices.join(', ') : `${choices.slice(0, 10).join(', ')}, ...`;
    return { loc: locate(path), message: `${title} names no ${noun}`, hint: `add exactly one of: ${some} (\`runbook modules\` describes them)` };
  }
  return {
    loc: locate([...path, present[1]!], 'key'),
    message: `${title} names ${present.length} ${noun}s (${present.join(', ')}); it must name exactly one`,
    hint: `split it into ${present.length} ${title}s, one ${noun} each`,
  };
}

/** ajv's "must NOT have fewer than 1 items" and friends, in plain words. */
function boundMessage(e: Err): string | undefined {
  const limit = Number(e.params.limit);
  const items = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
  switch (e.keyword) {
    case 'minimum':
      return `must be at least ${limit}, not ${describeValue(e.data)}`;
    case 'maximum':
      return `must be at most ${limit}, not ${describeValue(e.data)}`;
    case 'exclusiveMinimum':
      return `must be more than ${limit}, not ${describeValue(e.data)}`;
    case 'exclusiveMaximum':
      return `must be less than ${limit}, not ${describeValue(e.data)}`;
    case 'minItems':
      return limit === 1 ? 'must not be an empty list' : `must have at least ${items(limit, 'item')}`;
    case 'maxItems':
      return `must have at most ${items(limit, 'item')}`;
    case 'minLength':
      return limit === 1 ? 'must not be empty' : `must be at least ${items(limit, 'character')} long`;
    case 'maxLength':
      return `must be at most ${items(limit, 'character')} long`;
    default:
      return undefined;
  }
}

function mustMatch(schema: Schema, e: Err): string {
  return schema.patternErrorMessage ?? `text matching ${String(e.params.pattern)}`;
}

/** `when: {{ x }}` without quotes is a YAML flow mapping `{ {x: null}: null }`, a classic Ansible mistake. */
function unquotedTemplate(value: unknown): boolean {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && keys[0]!.startsWith('{') && (value as Record<string, unknown>)[keys[0]!] === null;
}

function unquotedTemplateHint(label: string, data: Record<string, unknown>, schema: Schema): string {
  let inner = '...';
  try {
    inner = Object.keys(JSON.parse(Object.keys(data)[0]!) as object).join(' ') || inner;
  } catch {
    // keep the placeholder
  }
  return schema.errorMessage?.includes('expression')
    ? `YAML reads an unquoted {{ ... }} as a mapping; a condition needs no braces: ${label}: ${inner}`
    : `YAML reads an unquoted {{ ... }} as a mapping: put the value in quotes (${label}: "{{ ${inner} }}")`;
}

export function valueAt(root: unknown, path: readonly string[]): unknown {
  let cur = root;
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[seg];
  }
  return cur;
}

export function sortUnique(problems: readonly Problem[]): Problem[] {
  const seen = new Set<string>();
  const out: Problem[] = [];
  for (const p of problems) {
    const key = `${p.loc?.file}:${p.loc?.line}:${p.loc?.col}:${p.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(p);
  }
  return out.sort(
    (a, b) => (a.loc?.file ?? '').localeCompare(b.loc?.file ?? '') || (a.loc?.line ?? 0) - (b.loc?.line ?? 0) || (a.loc?.col ?? 0) - (b.loc?.col ?? 0),
  );
}
