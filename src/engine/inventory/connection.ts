// A host's connection settings, inherited level by level: all, then its groups (parent before child), then
// the host itself; the most specific level wins. For porting, Ansible's variables (`ansible_host`,
// `ansible_user`, ...) set in vars at any level work too; at one level a setting written directly wins over
// its ansible_* variable. Values from vars are checked here (the schema only sees the direct settings).

import { homedir } from 'node:os';
import { isAbsolute, resolve } from 'node:path';
import type { Problem } from '../errors.js';
import { locOf } from '../load/yaml.js';
import type { HostConnection } from './types.js';
import type { Mapping, Settings, SETTING_KEYS } from './parse.js';

type SettingKey = (typeof SETTING_KEYS)[number];

/** One level of inheritance: its direct settings and its vars mappings (inline, then files). */
export interface Level {
  settings: Settings;
  vars: Mapping[];
}

/** Ansible variable → runbook setting. */
export const ANSIBLE_ALIASES: Record<string, SettingKey> = {
  ansible_host: 'host',
  ansible_ssh_host: 'host',
  ansible_port: 'port',
  ansible_ssh_port: 'port',
  ansible_user: 'user',
  ansible_ssh_user: 'user',
  ansible_ssh_private_key_file: 'private_key',
  ansible_private_key_file: 'private_key',
  ansible_password: 'password',
  ansible_ssh_pass: 'password',
  ansible_connection: 'connection',
  ansible_become: 'become',
  ansible_become_user: 'become_user',
  ansible_become_password: 'become_password',
  ansible_become_pass: 'become_password',
};

/** Ansible connection plugins that are SSH under another name. */
const SSH_LIKE = new Set(['ssh', 'smart', 'paramiko', 'paramiko_ssh']);
const TRUE_WORDS = new Set(['yes', 'true', 'on', '1']);
const FALSE_WORDS = new Set(['no', 'false', 'off', '0']);

/** An ansible_* value as the setting's type, or a message saying why it cannot be one. */
function fromAlias(key: SettingKey, value: unknown): { value: unknown } | { error: string } {
  if (typeof value === 'string' && value.includes('{{') && ['port', 'become', 'connection', 'timeout'].includes(key)) {
    return { error: 'must be written as a value: connection settings are read before any template is rendered' };
  }
  switch (key) {
    case 'port': {
      const n = typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value;
      return Number.isInteger(n) && (n as number) >= 1 && (n as number) <= 65535 ? { value: n } : { error: `must be a port number (1-65535), not ${JSON.stringify(value)}` };
    }
    case 'become': {
      if (typeof value === 'boolean') return { value };
      const word = String(value).toLowerCase();
      return TRUE_WORDS.has(word) ? { value: true } : FALSE_WORDS.has(word) ? { value: false } : { error: `must be true or false, not ${JSON.stringify(value)}` };
    }
    case 'connection':
      if (value === 'local') return { value };
      if (typeof value === 'string' && SSH_LIKE.has(value)) return { value: 'ssh' };
      return { error: `must be local or ssh (runbook's connections), not ${JSON.stringify(value)}` };
    default:
      if (typeof value === 'string' || typeof value === 'number') return { value: String(value) };
      // A password's value is never quoted, even a malformed one.
      return { error: `must be a string, not ${key === 'password' || key === 'become_password' ? describe(value) : JSON.stringify(value)}` };
  }
}

function describe(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'a list' : typeof value === 'object' ? 'a mapping' : `a ${typeof value}`;
}

function expandPath(path: string, baseDir: string): string {
  if (path.includes('{{')) return path;
  if (path === '~' || path.startsWith('~/')) return homedir() + path.slice(1);
  return isAbsolute(path) ? path : resolve(baseDir, path);
}

/** The host's connection; invalid ansible_* values are added to `problems`. */
export function resolveConnection(name: string, levels: Level[], baseDir: string, problems: Problem[]): HostConnection {
  const chosen: Partial<Record<SettingKey, unknown>> = {};
  for (const level of levels) {
    for (const vars of level.vars) {
      for (const [alias, key] of Object.entries(ANSIBLE_ALIASES)) {
        if (!Object.prototype.hasOwnProperty.call(vars, alias)) continue;
        const r = fromAlias(key, vars[alias]);
        if ('value' in r) chosen[key] = r.value;
        else {
          // The same mapping is a level of every host in a group: report it once.
          const loc = locOf(vars, alias);
          const message = `${alias} ${r.error}`;
          if (!problems.some((p) => p.loc === loc && p.message === message)) {
            problems.push({ loc, message, hint: `runbook reads ${alias} as the connection setting ${key}:` });
          }
        }
      }
    }
    Object.assign(chosen, level.settings.values);
  }
  const c = chosen as Partial<HostConnection>;
  const out: HostConnection = {
    connection: c.connection ?? 'ssh',
    host: c.host ?? name,
    host_key_checking: c.host_key_checking ?? 'accept-new',
  };
  // Only settings that were given appear, so `runbook inventory --host` shows what the user wrote.
  for (const key of ['port', 'user', 'password', 'become', 'become_user', 'become_password', 'timeout', 'command_timeout'] as const) {
    if (c[key] !== undefined) (out as unknown as Record<string, unknown>)[key] = c[key];
  }
  if (c.private_key !== undefined) out.private_key = expandPath(c.private_key, baseDir);
  if (c.known_hosts !== undefined) out.known_hosts = expandPath(c.known_hosts, baseDir);
  return out;
}
