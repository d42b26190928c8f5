// Differential: Ansible's own ansible-inventory and `runbook inventory` read the same inventories — an INI
// one with group_vars/ and host_vars/ beside it and beside a playbook, and Ansible's own YAML examples — and
// must agree on the groups, their hosts and children, the tree, and every host's variables. Skipped where ansible-core is not installed, except in CI
// (CI=true), where it is (src/lab/prerequisites.ts lists it for the tests).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const DIR = 'tests/fixtures/inventory/ini';
const INI = ['-i', `${DIR}/hosts.ini`, '--playbook-dir', `${DIR}/playbooks`];
const YAML = ['-i', 'tests/fixtures/inventory/ansible-yaml/inventory.yml'];
const hasAnsible = spawnSync('ansible-inventory', ['--version'], { stdio: 'ignore' }).status === 0;
if (!hasAnsible && process.env.CI === 'true') throw new Error('ansible-inventory is missing and CI=true forbids skipping the differential test');

// No ansible.cfg of the machine or the user may change what Ansible reads: an empty one of our own.
const home = mkdtempSync(join(tmpdir(), 'runbook-ansible-'));
writeFileSync(join(home, 'ansible.cfg'), '');
const ansible = (...args: string[]) =>
  execFileSync('ansible-inventory', args, { env: { ...process.env, ANSIBLE_CONFIG: join(home, 'ansible.cfg'), ANSIBLE_HOME: home }, stdio: ['ignore', 'pipe', 'ignore'] }).toString();
const runbook = (...args: string[]) => execFileSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'inventory', ...args]).toString();

type Listing = Record<string, { hosts?: string[]; children?: string[] }> & { _meta: { hostvars: Record<string, Record<string, unknown>> } };

/** Group → sorted hosts and children; groups with neither are left out (Ansible omits some of them). */
function groupsOf(listing: Listing): Record<string, { hosts: string[]; children: string[] }> {
  const out: Record<string, { hosts: string[]; children: string[] }> = {};
  for (const [name, value] of Object.entries(listing)) {
    if (name === '_meta') continue;
    const g = value as { hosts?: string[]; children?: string[] };
    const entry = { hosts: [...(g.hosts ?? [])].sort(), children: [...(g.children ?? [])].sort() };
    if (entry.hosts.length + entry.children.length > 0) out[name] = entry;
  }
  return out;
}

/** Every path from the root of a --graph tree (the order of siblings differs between versions). */
function paths(graph: string): string[] {
  const stack: string[] = [];
  const out: string[] = [];
  for (const line of graph.trim().split('\n')) {
    const depth = line.startsWith('@') ? 0 : line.indexOf('--') / 3;
    stack.length = depth;
    stack.push(line.slice(line.indexOf('--') < 0 ? 0 : line.indexOf('--') + 2));
    out.push(stack.join(' / '));
  }
  return out.sort();
}

if (hasAnsible) {
  for (const [label, source, minHosts] of [['INI', INI, 10], ['YAML', YAML, 7]] as const) {
    const theirs = JSON.parse(ansible(...source, '--list')) as Listing;
    const ours = JSON.parse(runbook(...source, '--list')) as Listing;

    test(`${label}: the same groups, with the same hosts and children`, () => {
      assert.equal(groupsOf(ours), groupsOf(theirs));
    });

    test(`${label}: the same variables for every host`, () => {
      const hosts = new Set([...Object.keys(theirs._meta.hostvars), ...Object.keys(ours._meta.hostvars)]);
      assert.ok(hosts.size >= minHosts, 'the fixture has a realistic number of hosts');
      for (const h of hosts) assert.equal(ours._meta.hostvars[h] ?? {}, theirs._meta.hostvars[h] ?? {}, h);
    });

    test(`${label}: the same tree (--graph)`, () => {
      assert.equal(paths(runbook(...source, '--graph')), paths(ansible(...source, '--graph')));
    });
  }

  test('--host: the same variables as ansible-inventory --host', () => {
    const theirHost = JSON.parse(ansible(...INI, '--host', 'web-canary.example.com')) as Record<string, unknown>;
    const ourHost = runbook(...INI, '--host', 'web-canary.example.com');
    assert.is(theirHost.ansible_port, 8022);
    assert.match(ourHost, 'ansible_port: 8022');
    assert.match(ourHost, 'motd: hello world');
    assert.match(ourHost, 'from_web_file: playbook');
  });
} else {
  test.skip('ansible-inventory agrees with runbook inventory (ansible-core is not installed)', () => {});
}

test.run();
