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
import { ansibleSetupFacts, ansibleSkipReason } from '../helpers/ansible.js';
import { sameDateTime, sameEnv, sameExactFacts, sameInterfaces, sameMemory, type Facts } from '../helpers/facts-compare.js';

async function ansibleFacts(): Promise<Facts | string> {
  return (await ansibleSkipReason()) ?? (await ansibleSetupFacts());
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
const ours = await runbookFacts();
const it = (name: string, fn: (a: Facts, r: Facts) => void) =>
  typeof theirs === 'string' ? test.skip(`${name} (skipped: ${theirs})`) : test(name, () => fn(theirs, ours.facts));

it('the facts roles branch on equal ansible-core 2.14 gathered on this machine', sameExactFacts);

it('interfaces and address lists: the same members; each interface has what Ansible gives, alike', sameInterfaces);

it('memory_mb: Ansible’s structure; totals equal, what moves (free, used) only in kind', sameMemory);

it('date_time: the same fields, formats and zone; the clock within the time between the two gathers', sameDateTime);

it('env: the same variables and values (except those the starting process sets)', (a, r) => sameEnv(a, r));

test('top-level ansible_* aliases are the same values; ansible_managed is Ansible’s default (needs no Ansible)', () => {
  const { facts: r, aliases: al } = ours;
  assert.is(typeof r.os_family, 'string');
  assert.equal([al.os_family, al.default_ipv4, al.memtotal_mb, al.date_time], [r.os_family, r.default_ipv4, r.memtotal_mb, r.date_time]);
  assert.is(al.managed, 'Ansible managed');
  assert.not.ok('ansible_os_family' in r, 'ansible_facts has no prefixed names (as in Ansible)');
});

test.run();
