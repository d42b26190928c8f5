// The facts roles branch on, gathered by runbook and by ansible-core (`ansible localhost -m setup`) on this
// machine, compared value for value. runbook's side goes through a real play (gather_facts, then `debug`
// of `ansible_facts` and of the top-level `ansible_*` aliases), so the names users write are what is
// checked. Values that move between the two gathers (free memory, the clock's seconds) are compared in
// shape; everything else must be equal. Needs ansible-core: skipped without it, except under CI=true.

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { resultOf, runFixture, tempDir } from './execute-harness.js';
import { ANSIBLE_ENV, ansibleLocal, ansibleSkipReason } from '../helpers/ansible.js';

type Facts = Record<string, unknown>;

/** Compared exactly: the facts issue 11 and 15 list, and those that come with them. */
const EXACT = [
  'distribution', 'distribution_version', 'distribution_major_version', 'distribution_release', 'os_family',
  'pkg_mgr', 'service_mgr', 'system', 'architecture', 'machine', 'kernel', 'kernel_version',
  'hostname', 'nodename', 'fqdn', 'domain', 'default_ipv4', 'default_ipv6',
  'memtotal_mb', 'swaptotal_mb', 'processor', 'processor_vcpus', 'processor_count', 'processor_cores',
  'processor_threads_per_core', 'processor_nproc',
  'user_id', 'user_uid', 'user_gid', 'user_gecos', 'user_dir', 'user_shell',
  'real_user_id', 'effective_user_id', 'real_group_id', 'effective_group_id', 'python', 'python_version',
];
/** Lists whose order is the kernel's directory order in Ansible (/sys/class/net) and iproute2's in runbook. */
const AS_SETS = ['interfaces', 'all_ipv4_addresses', 'all_ipv6_addresses'];
/** Set by whoever starts the process (the shell, ansible's own wrapper), not by the host. */
const ENV_VOLATILE = new Set(['_', 'PWD', 'OLDPWD', 'SHLVL']);

async function ansibleFacts(): Promise<Facts | string> {
  const skip = await ansibleSkipReason();
  if (skip) return skip;
  const facts = (await ansibleLocal('setup')).ansible_facts as Facts;
  // As a play sees them: ansible_facts without the prefix (namespace_facts).
  return Object.fromEntries(Object.entries(facts).map(([k, v]) => [k.replace(/^ansible_/, ''), v]));
}

async function runbookFacts(): Promise<{ facts: Facts; aliases: Facts }> {
  const dir = await tempDir();
  await writeFile(join(dir, 'inventory.yaml'), 'all:\n  hosts:\n    localhost:\n      connection: local\n');
  await writeFile(join(dir, 'facts.yaml'), [
    '- hosts: localhost',
    '  gather_facts: true',
    '  tasks:',
    '    - name: facts',
    '      debug: { var: ansible_facts }',
    '    - name: aliases',
    "      debug: { msg: \"{{ {'os_family': ansible_os_family, 'default_ipv4': ansible_default_ipv4, 'memtotal_mb': ansible_memtotal_mb, 'date_time': ansible_date_time, 'managed': ansible_managed} }}\" }",
    '',
  ].join('\n'));
  const { events } = await runFixture(join(dir, 'facts.yaml'));
  return {
    facts: resultOf(events, 'facts', 'localhost').ansible_facts as unknown as Facts,
    aliases: resultOf(events, 'aliases', 'localhost').msg as unknown as Facts,
  };
}

const theirs = await ansibleFacts();
const ours = typeof theirs === 'string' ? undefined : await runbookFacts();
const it = (name: string, fn: (a: Facts, r: Facts) => void) =>
  typeof theirs === 'string' ? test.skip(`${name} (skipped: ${theirs})`) : test(name, () => fn(theirs, ours!.facts));

it('the facts roles branch on equal ansible-core 2.14 gathered on this machine', (a, r) => {
  for (const k of EXACT) {
    if (k.startsWith('python') && !(k in a)) continue;
    assert.equal(r[k], a[k], `ansible_facts.${k}`);
  }
});

it('interfaces and address lists: the same members; each interface has what Ansible gives, alike', (a, r) => {
  for (const k of AS_SETS) assert.equal([...(r[k] as string[])].sort(), [...(a[k] as string[])].sort(), `ansible_facts.${k}`);
  for (const dev of a.interfaces as string[]) {
    const name = dev.replace(/[-:.]/g, '_');
    const mine = r[name] as Facts;
    const ansible = a[name] as Facts;
    for (const key of ['device', 'active', 'type', 'mtu', 'macaddress', 'promisc', 'ipv4', 'ipv6']) {
      assert.equal(mine[key], ansible[key], `ansible_facts.${name}.${key}`);
    }
  }
});

it('memory_mb: Ansible’s structure; totals equal, what moves (free, used) only in kind', (a, r) => {
  const am = a.memory_mb as Record<string, Record<string, unknown>>;
  const rm = r.memory_mb as Record<string, Record<string, unknown>>;
  assert.equal(Object.keys(rm).sort(), Object.keys(am).sort());
  for (const part of Object.keys(am)) {
    assert.equal(Object.keys(rm[part]!).sort(), Object.keys(am[part]!).sort(), `memory_mb.${part}`);
    for (const [k, v] of Object.entries(am[part]!)) assert.is(typeof rm[part]![k], typeof v, `memory_mb.${part}.${k}`);
  }
  assert.equal([rm.real!.total, rm.swap!.total], [am.real!.total, am.swap!.total]);
});

it('date_time: the same fields, formats and zone; the clock within the time between the two gathers', (a, r) => {
  const ad = a.date_time as Record<string, string>;
  const rd = r.date_time as Record<string, string>;
  assert.equal(Object.keys(rd).sort(), Object.keys(ad).sort());
  for (const k of Object.keys(ad)) assert.is(rd[k]!.replace(/\d/g, '0'), ad[k]!.replace(/\d/g, '0'), `date_time.${k} has Ansible's format`);
  assert.equal([rd.tz, rd.tz_dst, rd.tz_offset], [ad.tz, ad.tz_dst, ad.tz_offset]);
  const apart = Number(rd.epoch) - Number(ad.epoch);
  assert.ok(apart >= 0 && apart < 600, `runbook gathered ${apart}s after Ansible`);
});

it('env: the same variables and values (except those the starting process sets)', (a, r) => {
  const strip = (e: unknown) => Object.fromEntries(Object.entries(e as Record<string, string>).filter(([k]) => !ENV_VOLATILE.has(k) && !(k in ANSIBLE_ENV)));
  assert.equal(strip(r.env), strip(a.env));
});

it('top-level ansible_* aliases are the same values; ansible_managed is Ansible’s default', (_a, r) => {
  const al = ours!.aliases;
  assert.equal([al.os_family, al.default_ipv4, al.memtotal_mb, al.date_time], [r.os_family, r.default_ipv4, r.memtotal_mb, r.date_time]);
  assert.is(al.managed, 'Ansible managed');
  assert.not.ok('ansible_os_family' in r, 'ansible_facts has no prefixed names (as in Ansible)');
});

test.run();
