// Which inventory values are secrets: the settings `password` and `become_password`, and every Ansible
// variable that runbook reads as one of them (ansible_password, ansible_ssh_pass, ansible_become_pass...).
// One list, derived from the alias table, so a new alias cannot be forgotten by whoever prints vars.

import { ANSIBLE_ALIASES } from './connection.js';

export const SECRET_SETTINGS = ['password', 'become_password'] as const;

export const HIDDEN = '<hidden>';

const SECRET_NAMES = new Set<string>([
  ...SECRET_SETTINGS,
  ...Object.entries(ANSIBLE_ALIASES)
    .filter(([, setting]) => (SECRET_SETTINGS as readonly string[]).includes(setting))
    .map(([alias]) => alias),
]);

/** A setting or variable name whose value is a secret. */
export function isSecretName(name: string): boolean {
  return SECRET_NAMES.has(name);
}

/** A copy of `values` with every secret replaced by `<hidden>` (top level: that is where settings live). */
export function redacted<T extends object>(values: T): T {
  const out = { ...values } as Record<string, unknown>;
  for (const key of Object.keys(out)) if (isSecretName(key) && out[key] !== undefined) out[key] = HIDDEN;
  return out as T;
}
