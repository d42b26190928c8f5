// Compare facts runbook gathered with those ansible-core gathered on the same host, both as a play sees
// `ansible_facts` (no prefix). Exact for the facts roles branch on, as sets for interface lists, in shape
// for what moves between two gathers (free memory, the clock). Used on this machine and on lab hosts.

import * as assert from 'uvu/assert';
import { ANSIBLE_ENV } from './ansible.js';

export type Facts = Record<string, unknown>;

/** Compared exactly: the facts issue 11 and 15 list, and those that come with them. */
export const EXACT = [
  'distribution', 'distribution_version', 'distribution_major_version', 'distribution_release', 'os_family',
  'pkg_mgr', 'service_mgr', 'system', 'architecture', 'machine', 'kernel', 'kernel_version',
  'hostname', 'nodename', 'fqdn', 'domain', 'default_ipv4', 'default_ipv6',
  'memtotal_mb', 'swaptotal_mb', 'processor', 'processor_vcpus', 'processor_count', 'processor_cores',
  'processor_threads_per_core', 'processor_nproc',
  'user_id', 'user_uid', 'user_gid', 'user_gecos', 'user_dir', 'user_shell',
  'real_user_id', 'effective_user_id', 'real_group_id', 'effective_group_id', 'python', 'python_version',
];
/** Lists whose order is the kernel's directory order in Ansible (/sys/class/net) and iproute2's in runbook. */
export const AS_SETS = ['interfaces', 'all_ipv4_addresses', 'all_ipv6_addresses'];
/** Set by whoever starts the process (the shell, ansible's own wrapper), not by the host. */
export const ENV_VOLATILE = new Set(['_', 'PWD', 'OLDPWD', 'SHLVL']);

export function sameExactFacts(a: Facts, r: Facts): void {
  for (const k of EXACT) {
    if (k.startsWith('python') && !(k in a)) continue;
    assert.equal(r[k], a[k], `ansible_facts.${k}`);
  }
}

export function sameInterfaces(a: Facts, r: Facts): void {
  for (const k of AS_SETS) assert.equal([...(r[k] as string[])].sort(), [...(a[k] as string[])].sort(), `ansible_facts.${k}`);
  for (const dev of a.interfaces as string[]) {
    const name = dev.replace(/[-:.]/g, '_');
    const mine = r[name] as Facts;
    const ansible = a[name] as Facts;
    for (const key of ['device', 'active', 'type', 'mtu', 'macaddress', 'promisc', 'ipv4', 'ipv6']) {
      assert.equal(mine[key], ansible[key], `ansible_facts.${name}.${key}`);
    }
  }
}

export function sameMemory(a: Facts, r: Facts): void {
  const am = a.memory_mb as Record<string, Record<string, unknown>>;
  const rm = r.memory_mb as Record<string, Record<string, unknown>>;
  assert.equal(Object.keys(rm).sort(), Object.keys(am).sort());
  for (const part of Object.keys(am)) {
    assert.equal(Object.keys(rm[part]!).sort(), Object.keys(am[part]!).sort(), `memory_mb.${part}`);
    for (const [k, v] of Object.entries(am[part]!)) assert.is(typeof rm[part]![k], typeof v, `memory_mb.${part}.${k}`);
  }
  assert.equal([rm.real!.total, rm.swap!.total], [am.real!.total, am.swap!.total]);
}

export function sameDateTime(a: Facts, r: Facts): void {
  const ad = a.date_time as Record<string, string>;
  const rd = r.date_time as Record<string, string>;
  assert.equal(Object.keys(rd).sort(), Object.keys(ad).sort());
  for (const k of Object.keys(ad)) assert.is(rd[k]!.replace(/\d/g, '0'), ad[k]!.replace(/\d/g, '0'), `date_time.${k} has Ansible's format`);
  assert.equal([rd.tz, rd.tz_dst, rd.tz_offset], [ad.tz, ad.tz_dst, ad.tz_offset]);
  const apart = Number(rd.epoch) - Number(ad.epoch);
  assert.ok(Math.abs(apart) < 600, `the two gathers are ${apart}s apart`);
}

/** `ignore`: variables that differ per connection (an SSH client's port). */
export function sameEnv(a: Facts, r: Facts, ignore: string[] = []): void {
  const strip = (e: unknown) => Object.fromEntries(Object.entries(e as Record<string, string>).filter(([k]) => !ENV_VOLATILE.has(k) && !(k in ANSIBLE_ENV) && !ignore.includes(k)));
  assert.equal(strip(r.env), strip(a.env));
}

/** All of the above. */
export function sameFacts(a: Facts, r: Facts, ignoreEnv: string[] = []): void {
  sameExactFacts(a, r);
  sameInterfaces(a, r);
  sameMemory(a, r);
  sameDateTime(a, r);
  sameEnv(a, r, ignoreEnv);
}
