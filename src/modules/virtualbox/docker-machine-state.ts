// docker_machine's pure half. Reads:
//  - `docker-machine ls --format '{{.Name}}|{{.State}}|{{.URL}}|{{.Error}}'` (docker-machine 0.16,
//    commands/ls.go: HostListItem; State is Running, Stopped, Error, Timeout…; Error holds why a machine is
//    broken, e.g. "Unable to query docker version: …" after a create that failed half-way);
//  - `docker-machine inspect NAME` (the host's config.json: DriverName, Driver.IPAddress/SSHUser/SSHPort/
//    SSHKey, HostOptions.EngineOptions.RegistryMirror).
// A broken machine is removed and created again — the seed's `docker-machine rm default` before `create`.

import { argv } from '../../engine/quote.js';
import type { CommandChange, Plan } from '../../engine/module-api/module.js';
import { noop, settingsText } from '../../engine/module-api/plan-helpers.js';

export const LS_FORMAT = '{{.Name}}|{{.State}}|{{.URL}}|{{.Error}}';

export interface MachineRow {
  name: string;
  state: string;
  url: string;
  error: string;
}

export function parseLs(text: string): MachineRow[] {
  return text
    .split('\n')
    .filter((l) => l.includes('|'))
    .map((l) => {
      const [name = '', state = '', url = '', ...error] = l.replace(/\r$/, '').split('|');
      return { name: name.trim(), state: state.trim(), url: url.trim(), error: error.join('|').trim() };
    });
}

/** The settings a machine was created with, as compared with the task's. */
export interface MachineConfig {
  driver: string;
  ip: string;
  ssh_user: string;
  ssh_port: number;
  ssh_key: string;
  engine_registry_mirrors: string[];
}

interface InspectJson {
  DriverName?: string;
  Driver?: { IPAddress?: string; SSHUser?: string; SSHPort?: number; SSHKey?: string };
  HostOptions?: { EngineOptions?: { RegistryMirror?: string[] | null } };
}

/** inspect's JSON, or null when there is none (no such machine, or its config cannot be read). */
export function parseInspect(text: string): MachineConfig | null {
  const t = text.trim();
  if (!t.startsWith('{')) return null;
  const j = JSON.parse(t) as InspectJson;
  return {
    driver: j.DriverName ?? '',
    ip: j.Driver?.IPAddress ?? '',
    ssh_user: j.Driver?.SSHUser ?? '',
    ssh_port: j.Driver?.SSHPort ?? 22,
    ssh_key: j.Driver?.SSHKey ?? '',
    engine_registry_mirrors: j.HostOptions?.EngineOptions?.RegistryMirror ?? [],
  };
}

export interface MachineParams extends MachineConfig {
  name: string;
  state: 'present' | 'absent';
  docker_machine: string;
}

export function createArgs(p: MachineParams): string[] {
  return [
    p.docker_machine, 'create', '--driver', p.driver,
    ...p.engine_registry_mirrors.flatMap((m) => ['--engine-registry-mirror', m]),
    '--generic-ip-address', p.ip, '--generic-ssh-user', p.ssh_user, '--generic-ssh-key', p.ssh_key,
    '--generic-ssh-port', String(p.ssh_port), p.name,
  ];
}

const configOf = (c: MachineConfig): MachineConfig => ({
  driver: c.driver, ip: c.ip, ssh_user: c.ssh_user, ssh_port: c.ssh_port, ssh_key: c.ssh_key, engine_registry_mirrors: c.engine_registry_mirrors,
});

/** Names of the settings that differ. */
export function configDiff(have: MachineConfig, want: MachineConfig): string[] {
  const a = configOf(have) as unknown as Record<string, unknown>;
  const b = configOf(want) as unknown as Record<string, unknown>;
  return Object.keys(b).filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]));
}

export function planMachine(row: MachineRow | undefined, have: MachineConfig | null, p: MachineParams): Plan {
  const dm = (...args: string[]) => argv([p.docker_machine, ...args]);
  const header = `docker-machine ${p.name}`;
  const data = { machine: p.name, ...(row ? { machine_state: row.state, url: row.url } : {}) };
  if (p.state === 'absent') {
    if (!row) return noop(`machine ${p.name} does not exist`);
    return { changes: [{ summary: `remove machine ${p.name} (${row.state})`, run: dm('rm', '-f', '-y', p.name) }], data };
  }
  const create: CommandChange = {
    summary: `create machine ${p.name} (--driver ${p.driver} at ${p.ssh_user}@${p.ip}:${p.ssh_port})`,
    run: argv(createArgs(p)),
    diff: { header, before: have ? settingsText({ ...configOf(have) }) : '', after: settingsText({ ...configOf(p) }) },
  };
  if (!row) return { changes: [create], data };
  const remove = (why: string): CommandChange => ({ summary: `remove machine ${p.name}: ${why}`, run: dm('rm', '-f', '-y', p.name) });
  if (row.state === 'Error' || !have) return { changes: [remove(`it is broken (${row.state || 'no state'}${row.error ? `: ${row.error}` : ''})`), create], data };
  if (row.error && row.state === 'Running') return { changes: [remove(`docker on it does not answer (${row.error})`), create], data };
  const differs = configDiff(have, p);
  if (differs.length > 0) return { changes: [remove(`created with other settings (${differs.join(', ')})`), create], data };
  if (row.state !== 'Running') return noop(`machine ${p.name} exists with these settings but is ${row.state} (the ${p.driver} driver cannot start it)`, data);
  return noop(`machine ${p.name} is Running at ${row.url} with these settings`, data);
}
