// docker_network's pure half: `docker network inspect NAME` (a JSON array of one network: Driver,
// IPAM.Config[0].Subnet/Gateway/AuxiliaryAddresses, Options, Containers{id: {Name, IPv4Address}}) turned
// into a normalised config compared with the task's. Docker refuses to create a network twice ("already
// exists") and cannot change one in place, so a different network is removed and created again — but only
// when nothing is attached to it: removing it would cut those containers off.

import { argv } from '../../engine/quote.js';
import type { CommandChange, Plan } from '../../engine/module-api/module.js';
import { noop } from '../../engine/module-api/plan-helpers.js';

export interface NetworkConfig {
  driver: string;
  subnet?: string;
  gateway?: string;
  aux_addresses: Record<string, string>;
  options: Record<string, string>;
}

export interface NetworkState {
  config: NetworkConfig;
  /** Names of the attached containers, sorted. */
  containers: string[];
}

interface InspectJson {
  Driver?: string;
  IPAM?: { Config?: { Subnet?: string; Gateway?: string; AuxiliaryAddresses?: Record<string, string> | null }[] | null };
  Options?: Record<string, string> | null;
  Containers?: Record<string, { Name?: string }> | null;
}

/** The network, or null for `[]` (what the fact prints when docker works but has no such network). */
export function parseNetworkInspect(text: string): NetworkState | null {
  const list = JSON.parse(text.trim() || '[]') as InspectJson[];
  const n = list[0];
  if (!n) return null;
  const ipam = n.IPAM?.Config?.[0] ?? {};
  return {
    config: {
      driver: n.Driver ?? '',
      ...(ipam.Subnet ? { subnet: ipam.Subnet } : {}),
      ...(ipam.Gateway ? { gateway: ipam.Gateway } : {}),
      aux_addresses: sortKeys(ipam.AuxiliaryAddresses ?? {}),
      options: sortKeys(n.Options ?? {}),
    },
    containers: Object.values(n.Containers ?? {}).map((c) => c.Name ?? '?').sort(),
  };
}

function sortKeys<T>(o: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
}

export interface NetworkParams {
  name: string;
  state: 'present' | 'absent';
  driver: string;
  subnet?: string;
  gateway?: string;
  aux_addresses: Record<string, string>;
  options: Record<string, string | number | boolean>;
}

/** What the task asks for, in the form inspect reports it (Docker keeps option values as strings). */
export function wantedConfig(p: NetworkParams): NetworkConfig {
  return {
    driver: p.driver,
    ...(p.subnet ? { subnet: p.subnet } : {}),
    ...(p.gateway ? { gateway: p.gateway } : {}),
    aux_addresses: sortKeys(p.aux_addresses),
    options: sortKeys(Object.fromEntries(Object.entries(p.options).map(([k, v]) => [k, String(v)]))),
  };
}

/** What differs. Subnet and gateway are only compared when asked for (Docker picks them otherwise). */
export function networkDiff(have: NetworkConfig, want: NetworkConfig): string[] {
  const out: string[] = [];
  if (have.driver !== want.driver) out.push('driver');
  if (want.subnet !== undefined && have.subnet !== want.subnet) out.push('subnet');
  if (want.gateway !== undefined && have.gateway !== want.gateway) out.push('gateway');
  if (JSON.stringify(have.aux_addresses) !== JSON.stringify(want.aux_addresses)) out.push('aux_addresses');
  if (JSON.stringify(have.options) !== JSON.stringify(want.options)) out.push('options');
  return out;
}

export function configText(c: NetworkConfig | undefined): string {
  if (!c) return '';
  const lines = [`driver: ${c.driver}`];
  if (c.subnet) lines.push(`subnet: ${c.subnet}`);
  if (c.gateway) lines.push(`gateway: ${c.gateway}`);
  for (const [k, v] of Object.entries(c.aux_addresses)) lines.push(`aux_address ${k}: ${v}`);
  for (const [k, v] of Object.entries(c.options)) lines.push(`option ${k}: ${v}`);
  return `${lines.join('\n')}\n`;
}

export function createArgs(p: NetworkParams, want = wantedConfig(p)): string[] {
  return [
    'docker', 'network', 'create', '--driver', want.driver,
    ...(want.subnet ? ['--subnet', want.subnet] : []),
    ...(want.gateway ? ['--gateway', want.gateway] : []),
    ...Object.entries(want.aux_addresses).flatMap(([k, v]) => ['--aux-address', `${k}=${v}`]),
    ...Object.entries(want.options).flatMap(([k, v]) => ['--opt', `${k}=${v}`]),
    p.name,
  ];
}

export function planNetwork(have: NetworkState | null, p: NetworkParams): Plan {
  const header = `docker network ${p.name}`;
  const remove = { summary: `remove network ${p.name}`, run: argv(['docker', 'network', 'rm', p.name]) };
  const attached = () => `containers are attached to network ${p.name}: ${have!.containers.join(', ')}`;
  if (p.state === 'absent') {
    if (!have) return noop(`network ${p.name} does not exist`);
    if (have.containers.length > 0) throw new Error(`${attached()}; remove or disconnect them before removing the network`);
    return { changes: [{ ...remove, diff: { header, before: configText(have.config), after: '' } }] };
  }
  const want = wantedConfig(p);
  const create = { summary: `create network ${p.name}`, run: argv(createArgs(p, want)), diff: { header, before: configText(have?.config), after: configText(want) } };
  if (!have) return { changes: [create] };
  const data = { containers: have.containers };
  const differs = networkDiff(have.config, want);
  if (differs.length === 0) return noop(`network ${p.name} exists as configured`, data);
  if (have.containers.length > 0) {
    throw new Error(`network ${p.name} differs (${differs.join(', ')}) but ${attached()}; it is not recreated under them — remove them first, or change the task to match`);
  }
  return { changes: [{ ...remove, summary: `remove network ${p.name} (differs: ${differs.join(', ')})` }, { ...create, summary: `create network ${p.name} again` }], data };
}
