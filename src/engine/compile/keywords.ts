// Reading the keywords every level shares (tags, conditions, inherited keywords) out of a loaded mapping.
// The document schema has checked their types; values of the wrong type are skipped, not trusted.

import { checkExpressionSyntax, conditionWarning } from '../expressions/condition.js';
import { locOf } from '../load/yaml.js';
import type { CompileContext } from './context.js';
import type { Condition, Inherited, Vars } from './types.js';

export type Mapping = Record<string, unknown>;

export const isMapping = (v: unknown): v is Mapping => v !== null && typeof v === 'object' && !Array.isArray(v);

export const stringOr = (v: unknown, fallback: string): string => (typeof v === 'string' && v !== '' ? v : fallback);

/** `tags: dns`, `tags: "dns, web"`, `tags: [dns, 2]` → `['dns', 'web', '2']`. */
export function tagsOf(value: unknown): string[] {
  const items = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
  return items
    .filter((t) => typeof t === 'string' || typeof t === 'number')
    .flatMap((t) => String(t).split(','))
    .map((t) => t.trim())
    .filter((t) => t !== '');
}

/** Outer tags then own, each once. */
export function mergeTags(outer: readonly string[], own: readonly string[]): string[] {
  return [...new Set([...outer, ...own])];
}

/** `string | list` → list of strings, as notify and listen accept. */
export function stringsOf(value: unknown): string[] {
  return (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string');
}

/** A condition keyword (`when`, `changed_when`...) as conditions, each located, syntax-checked and linted. */
export function conditionsOf(container: Mapping, key: string, ctx: CompileContext): Condition[] {
  const value = container[key];
  if (value === undefined || value === null) return [];
  const items = Array.isArray(value) ? value.map((v, i) => ({ v, loc: locOf(value, i) })) : [{ v: value, loc: locOf(container, key) }];
  const out: Condition[] = [];
  for (const { v, loc } of items) {
    if ((typeof v !== 'string' && typeof v !== 'boolean') || !loc) continue;
    const error = typeof v === 'string' ? checkExpressionSyntax(v) : undefined;
    if (error !== undefined) ctx.report({ loc, message: `${key}: ${error}` });
    const warning = conditionWarning(v);
    if (warning !== undefined) ctx.warn({ loc, message: `${key}: ${warning}` });
    out.push({ expr: v, loc });
  }
  return out;
}

const BOOLEAN_OR_TEMPLATE = ['become', 'ignore_errors', 'no_log', 'check_mode'] as const;

/** The keywords a level passes down, own values over outer ones; environment mappings are merged. */
export function inheritedOf(raw: Mapping, outer: Inherited): Inherited {
  const own: Inherited = {};
  if (typeof raw.become_user === 'string') own.become_user = raw.become_user;
  for (const k of BOOLEAN_OR_TEMPLATE) if (typeof raw[k] === 'boolean' || typeof raw[k] === 'string') own[k] = raw[k] as boolean | string;
  if (typeof raw.delegate_to === 'string') own.delegate_to = raw.delegate_to;
  if (typeof raw.run_once === 'boolean') own.run_once = raw.run_once;
  if (typeof raw.any_errors_fatal === 'boolean') own.any_errors_fatal = raw.any_errors_fatal;
  if (typeof raw.timeout === 'number') own.timeout = raw.timeout;
  if (typeof raw.diff === 'boolean') own.diff = raw.diff;
  if (typeof raw.remote_user === 'string') own.remote_user = raw.remote_user;
  const merged: Inherited = { ...outer, ...own };
  if (isMapping(raw.environment)) merged.environment = isMapping(outer.environment) ? { ...outer.environment, ...raw.environment } : { ...raw.environment };
  else if (typeof raw.environment === 'string') merged.environment = raw.environment;
  return merged;
}

export function varsOf(value: unknown): Vars | undefined {
  return isMapping(value) ? value : undefined;
}

/** `import_tasks: x.yml` or Ansible's mapping form `import_tasks: {file: x.yml}`: the file and where it is written. */
export function tasksFileOf(raw: Mapping, key: string): { file: string; container: Mapping; key: string } | undefined {
  const v = raw[key];
  if (typeof v === 'string') return { file: v, container: raw, key };
  if (isMapping(v) && typeof v.file === 'string') return { file: v.file, container: v, key: 'file' };
  return undefined;
}
