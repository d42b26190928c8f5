// runbook's configuration: the settings of ansible.cfg that runbook supports, read from runbook.cfg or
// ansible.cfg (the same INI format), with Ansible's precedence: command line > environment > config file >
// defaults. The command line is applied by the caller; this file resolves the rest.
// The first config file found is used, alone (as Ansible): $RUNBOOK_CONFIG, $ANSIBLE_CONFIG, ./runbook.cfg,
// ./ansible.cfg, ~/.runbook.cfg, ~/.ansible.cfg, /etc/ansible/ansible.cfg.
// Relative paths in a config file are relative to the file's directory.

import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { InvalidInputError, type Loc, type Problem } from '../errors.js';
import { parseCfg, type CfgSections } from './read-cfg.js';

export interface RunbookConfig {
  /** The config file used, if any. */
  file?: string;
  /** Inventory sources (`[defaults] inventory`, comma-separated). */
  inventory?: string[];
  /** Extra role directories (`[defaults] roles_path`, colon-separated). */
  rolesPath?: string[];
  forks?: number;
  /** Connection defaults for every host, below anything the inventory says. */
  connection: { user?: string; host_key_checking?: 'accept-new' | 'off'; timeout?: number; become?: boolean; become_user?: string };
  /** `[defaults] vault_password_file`: the password of vault id `default` (a file, or an executable). */
  vaultPasswordFile?: string;
  /** `[defaults] vault_identity_list`: `label@source` entries, as --vault-id takes them. */
  vaultIdentityList?: string[];
}

/** Where each setting is read: [section] key, and its environment variables (runbook's first). */
const SETTINGS = {
  inventory: ['defaults', 'inventory', 'INVENTORY'],
  roles_path: ['defaults', 'roles_path', 'ROLES_PATH'],
  forks: ['defaults', 'forks', 'FORKS'],
  remote_user: ['defaults', 'remote_user', 'REMOTE_USER'],
  host_key_checking: ['defaults', 'host_key_checking', 'HOST_KEY_CHECKING'],
  timeout: ['defaults', 'timeout', 'TIMEOUT'],
  vault_password_file: ['defaults', 'vault_password_file', 'VAULT_PASSWORD_FILE'],
  vault_identity_list: ['defaults', 'vault_identity_list', 'VAULT_IDENTITY_LIST'],
  become: ['privilege_escalation', 'become', 'BECOME'],
  become_user: ['privilege_escalation', 'become_user', 'BECOME_USER'],
  become_method: ['privilege_escalation', 'become_method', 'BECOME_METHOD'],
} as const;

export function configCandidates(env: NodeJS.ProcessEnv, cwd: string, home: string): string[] {
  return [env.RUNBOOK_CONFIG, env.ANSIBLE_CONFIG, join(cwd, 'runbook.cfg'), join(cwd, 'ansible.cfg'), join(home, '.runbook.cfg'), join(home, '.ansible.cfg'), '/etc/ansible/ansible.cfg'].filter(
    (f): f is string => f !== undefined && f !== '',
  );
}

const TRUE = new Set(['1', 'true', 'yes', 'on', 'y', 't']);
const FALSE = new Set(['0', 'false', 'no', 'off', 'n', 'f', '']);

export async function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd(), home = homedir()): Promise<RunbookConfig> {
  const file = configCandidates(env, cwd, home).find((f) => existsSync(f));
  let sections: CfgSections = new Map();
  const problems: Problem[] = [];
  if (file) {
    const parsed = parseCfg(await readFile(file, 'utf8'), file);
    sections = parsed.sections;
    problems.push(...parsed.problems);
  }
  const base = file ? dirname(resolve(file)) : cwd;

  /** The raw value of a setting, environment first, with where it came from. */
  const get = (name: keyof typeof SETTINGS): { value: string; loc?: Loc; fromFile: boolean } | undefined => {
    const [section, key, envName] = SETTINGS[name];
    const fromEnv = env[`RUNBOOK_${envName}`] ?? env[`ANSIBLE_${envName}`];
    if (fromEnv !== undefined) return { value: fromEnv, fromFile: false };
    const entry = sections.get(section)?.get(key);
    return entry && { value: entry.value.trim(), loc: entry.loc, fromFile: true };
  };
  const path = (p: string, fromFile: boolean) => {
    const expanded = p === '~' || p.startsWith('~/') ? home + p.slice(1) : p;
    return isAbsolute(expanded) ? expanded : resolve(fromFile ? base : cwd, expanded);
  };
  const bool = (name: keyof typeof SETTINGS): boolean | undefined => {
    const v = get(name);
    if (!v) return undefined;
    const word = v.value.toLowerCase();
    if (TRUE.has(word)) return true;
    if (FALSE.has(word)) return false;
    problems.push({ loc: v.loc, message: `${name} must be true or false, not "${v.value}"`, hint: v.loc ? undefined : `check the environment variable for ${name}` });
    return undefined;
  };
  const int = (name: keyof typeof SETTINGS, min: number): number | undefined => {
    const v = get(name);
    if (!v) return undefined;
    if (/^\d+$/.test(v.value) && Number(v.value) >= min) return Number(v.value);
    problems.push({ loc: v.loc, message: `${name} must be a whole number of at least ${min}, not "${v.value}"` });
    return undefined;
  };

  const config: RunbookConfig = { file, connection: {} };
  const inventory = get('inventory');
  if (inventory) config.inventory = inventory.value.split(',').map((s) => s.trim()).filter(Boolean).map((p) => path(p, inventory.fromFile));
  const roles = get('roles_path');
  if (roles) config.rolesPath = roles.value.split(':').map((s) => s.trim()).filter(Boolean).map((p) => path(p, roles.fromFile));
  config.forks = int('forks', 1);
  const vault = get('vault_password_file');
  if (vault) config.vaultPasswordFile = path(vault.value, vault.fromFile);
  const ids = get('vault_identity_list');
  if (ids) {
    config.vaultIdentityList = ids.value.split(',').map((s) => s.trim()).filter(Boolean).map((entry) => {
      const at = entry.indexOf('@');
      const source = at < 0 ? entry : entry.slice(at + 1);
      return source === 'prompt' ? entry : `${at < 0 ? '' : entry.slice(0, at + 1)}${path(source, ids.fromFile)}`;
    });
  }

  const c = config.connection;
  const user = get('remote_user');
  if (user && user.value !== '') c.user = user.value;
  const hkc = bool('host_key_checking');
  if (hkc !== undefined) c.host_key_checking = hkc ? 'accept-new' : 'off';
  c.timeout = int('timeout', 1);
  c.become = bool('become');
  const becomeUser = get('become_user');
  if (becomeUser && becomeUser.value !== '') c.become_user = becomeUser.value;
  const method = get('become_method');
  if (method && method.value !== 'sudo') {
    problems.push({ loc: method.loc, message: `become_method ${method.value} is not supported`, hint: 'runbook always becomes with sudo; remove become_method or set it to sudo' });
  }
  for (const key of Object.keys(c) as (keyof typeof c)[]) if (c[key] === undefined) delete c[key];
  if (problems.length > 0) throw new InvalidInputError(problems);
  return config;
}
