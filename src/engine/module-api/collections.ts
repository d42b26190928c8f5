// Ansible content names modules by their collection (`ansible.builtin.copy`, FQCN). runbook has no
// collections: a qualified name resolves to runbook's module of the same name when the collection is one
// whose modules runbook stands in for, and is an error naming the collection otherwise (a module of
// another collection would take other arguments, so guessing would be wrong).

import type { AnyModule } from './module.js';
import { lookupModule, type ModuleRegistry } from './registry.js';
import { alternativeFor } from './ansible-alternatives.js';

/** Collections whose module names resolve to runbook's module of the same name. */
export const KNOWN_COLLECTIONS = ['ansible.builtin', 'ansible.legacy', 'ansible.posix', 'community.general'] as const;

const QUALIFIED = /^([A-Za-z0-9_]+\.[A-Za-z0-9_]+)\.([A-Za-z0-9_]+)$/;

/**
 * Other names Ansible routes to the same module (ansible-core's runtime.yml): since 2.15 the systemd module
 * is `systemd_service`, and `systemd` the redirect. Name → runbook's module name.
 */
export const ANSIBLE_REDIRECTS: Readonly<Record<string, string>> = { systemd_service: 'systemd' };

/** Every key a module answers to in a task: its own name first, then qualified by each known collection, then its other names. */
export function moduleKeys(name: string): string[] {
  const names = [name, ...Object.keys(ANSIBLE_REDIRECTS).filter((k) => ANSIBLE_REDIRECTS[k] === name)];
  return [name, ...KNOWN_COLLECTIONS.map((c) => `${c}.${name}`), ...names.slice(1).flatMap((n) => [n, ...KNOWN_COLLECTIONS.map((c) => `${c}.${n}`)])];
}

/** Keys of what ansible.builtin has that is not a module in runbook (import_tasks, include_role, meta...). */
export function builtinKeys(keyword: string): string[] {
  return [keyword, `ansible.builtin.${keyword}`, `ansible.legacy.${keyword}`];
}

/** The key `raw` writes `keyword` under, bare or qualified; undefined when it has none. */
export function builtinKeyIn(raw: Record<string, unknown>, keyword: string): string | undefined {
  return builtinKeys(keyword).find((k) => Object.hasOwn(raw, k));
}

/** `community.docker.docker_container` → its collection and short name; undefined for a bare name. */
export function splitQualified(key: string): { collection: string; short: string } | undefined {
  const m = QUALIFIED.exec(key);
  return m ? { collection: m[1]!, short: m[2]! } : undefined;
}

/** The module a task key names, bare or qualified by a known collection; undefined otherwise. */
export function resolveModule(registry: ModuleRegistry, key: string): AnyModule | undefined {
  const direct = lookupModule(registry, key) ?? (Object.hasOwn(ANSIBLE_REDIRECTS, key) ? lookupModule(registry, ANSIBLE_REDIRECTS[key]!) : undefined);
  if (direct) return direct;
  const q = splitQualified(key);
  return q && (KNOWN_COLLECTIONS as readonly string[]).includes(q.collection) ? resolveModule(registry, q.short) : undefined;
}

/** Why a qualified key names no module (unknown collection, or a module runbook lacks), with the fix. */
export function unknownQualified(key: string, has: (name: string) => boolean): { message: string; hint: string } | undefined {
  const q = splitQualified(key);
  if (!q) return undefined;
  if ((KNOWN_COLLECTIONS as readonly string[]).includes(q.collection)) {
    return { message: `runbook has no module ${JSON.stringify(q.short)} (written as ${key})`, hint: alternativeFor(q.short) };
  }
  return {
    message: `${key} is a module of the collection ${q.collection}, which runbook does not have`,
    hint: has(q.short)
      ? `runbook's own ${q.short} module may do the job: write ${q.short}: (\`runbook modules ${q.short}\` lists its arguments, which may differ)`
      : `runbook resolves modules of ${KNOWN_COLLECTIONS.join(', ')} only; \`runbook modules\` lists them`,
  };
}
