import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { InvalidInputError } from '../../src/engine/errors.js';
import { loadInventory } from '../../src/engine/inventory/index.js';

const SITE = 'tests/fixtures/inventory/site';
const site = await loadInventory(`${SITE}/inventory.yaml`);
const host = (name: string) => site.host(name)!;

/** An inventory written to a fresh temporary directory (files relative to it). */
async function inventoryOf(files: Record<string, string>) {
  const dir = await mkdtemp(join(tmpdir(), 'runbook-inventory-'));
  for (const [name, text] of Object.entries(files)) {
    await mkdir(dirname(join(dir, name)), { recursive: true });
    await writeFile(join(dir, name), text);
  }
  return loadInventory(join(dir, 'inventory.yaml'));
}

test('hosts in the order written; groups with their direct hosts and children', () => {
  assert.equal([...site.hosts.keys()], ['bastion', 'web1', 'web2', 'web-eu-1', 'db1', 'db2']);
  assert.is(site.file, resolve(`${SITE}/inventory.yaml`));
  assert.equal(site.groups.get('web')!.hosts, ['web1', 'web2']);
  assert.equal(site.groups.get('web')!.children, ['web_eu']);
  assert.equal(site.groups.get('prod')!.children, ['web', 'db']);
  assert.equal(site.groups.get('ungrouped')!.hosts, ['bastion'], 'hosts only under all are ungrouped, as in Ansible');
  assert.equal(site.groups.get('web')!.loc, { file: `${SITE}/inventory.yaml`, line: 12, col: 5 });
});

test("a host's groups: all first, then by depth (parents before children), then by name", () => {
  assert.equal(host('web-eu-1').groups, ['all', 'prod', 'web', 'web_eu']); // web is under all and under prod: depth 2
  assert.equal(host('web2').groups, ['all', 'prod', 'staging', 'web']);
  assert.equal(host('bastion').groups, ['all', 'ungrouped']);
});

test('vars: inventory group vars, then group_vars/ files, then host vars, then host_vars/ (Ansible order)', () => {
  assert.is(host('bastion').vars.level, 'all');
  assert.is(host('web-eu-1').vars.level, 'web_eu', 'the deepest group wins');
  assert.is(host('db1').vars.level, 'db-file', 'group_vars/db beats the inline vars of prod and db');
  assert.is(host('web2').vars.level, 'web2-inline', "the host's own vars beat every group's");
  assert.is(host('web1').vars.level, 'web1-file', 'host_vars/ beats everything in the inventory');
  assert.is(host('web1').vars.http_port, 8080, 'group_vars/web.yaml beats the inline vars of web');
  assert.is(host('web1').vars.ntp, 'pool.ntp.org');
  assert.is(host('web1').vars.from_group_vars_all, true, 'group_vars/all.yml (.yml works too)');
  assert.is(host('db2').vars.db_port, 5433, 'group_vars/db/ is a directory: its files in name order');
  assert.equal(site.groups.get('db')!.vars, { db_port: 5433, level: 'db-file' });
});

test('connection settings are inherited all → groups → host; the most specific wins', () => {
  assert.equal(host('bastion').connection, { connection: 'ssh', host: '10.0.0.1', host_key_checking: 'strict', user: 'deploy' });
  assert.equal(host('web1').connection, { connection: 'ssh', host: 'web1', host_key_checking: 'strict', port: 2222, user: 'deploy' });
  assert.is(host('db1').connection.become_user, 'postgres');
});

test('Ansible variables set in vars work as connection settings (ansible_host, ansible_port as a string...)', () => {
  assert.equal(host('web-eu-1').connection, {
    connection: 'ssh',
    host: '10.1.0.1',
    host_key_checking: 'strict',
    port: 2200,
    user: 'eu',
    become: true,
  });
  assert.is(host('db2').connection.connection, 'local');
  assert.is(host('web-eu-1').vars.ansible_host, '10.1.0.1', 'and stay visible as variables');
});

test('key paths: ~ is expanded, a relative path is relative to the inventory file', () => {
  assert.is(host('db1').connection.private_key, join(homedir(), '.ssh/db_key'));
  assert.is(host('db2').connection.private_key, resolve(SITE, 'keys/db2'));
});

test('localhost is implicit when not listed: local, all vars and host_vars/localhost, in no group, not in all', () => {
  const local = site.host('localhost')!;
  assert.is(local.connection.connection, 'local');
  assert.equal(local.groups, []);
  assert.is(local.vars.level, 'all');
  assert.is(local.vars.local_only, true);
  assert.not.ok(site.hosts.has('localhost'));
  assert.not.ok(site.select('all').includes('localhost'));
  assert.is(site.host('nope'), undefined);
});

test('a listed localhost is an ordinary host (ssh unless connection: local is written)', async () => {
  const inv = await inventoryOf({ 'inventory.yaml': 'all:\n  hosts:\n    localhost:\n      user: me\n' });
  assert.equal(inv.select('all'), ['localhost']);
  assert.is(inv.host('localhost')!.connection.connection, 'ssh');
});

test('at one level a direct setting wins over its ansible_* variable; a deeper alias wins over a parent setting', async () => {
  const inv = await inventoryOf({
    'inventory.yaml': [
      'all:',
      '  user: from-all',
      '  children:',
      '    web:',
      '      user: from-web',
      '      vars: {ansible_user: alias-web}',
      '      hosts:',
      '        w1:',
      '        w2:',
      '          vars: {ansible_user: alias-host, ansible_become: "no", ansible_connection: smart}',
    ].join('\n'),
  });
  assert.is(inv.host('w1')!.connection.user, 'from-web');
  assert.is(inv.host('w2')!.connection.user, 'alias-host');
  assert.is(inv.host('w2')!.connection.become, false);
  assert.is(inv.host('w2')!.connection.connection, 'ssh', 'smart and paramiko are ssh');
});

test('top-level groups (Ansible docs style), groups defined in several places, empty inventory', async () => {
  const inv = await inventoryOf({
    'inventory.yaml': [
      'webservers:',
      '  hosts:',
      '    a:',
      '  vars: {x: 1}',
      'all:',
      '  children:',
      '    webservers:',
      '      hosts:',
      '        b:',
      '      vars: {y: 2}',
    ].join('\n'),
  });
  assert.equal(inv.groups.get('webservers')!.hosts, ['a', 'b']);
  assert.equal(inv.host('b')!.vars, { x: 1, y: 2 });
  assert.equal(inv.groups.get('all')!.children, ['webservers', 'ungrouped']);
  const empty = await inventoryOf({ 'inventory.yaml': '# nothing yet\n' });
  assert.equal([...empty.hosts.keys()], []);
  assert.ok(empty.host('localhost'));
});

test('every problem of every file at once: inventory, group_vars and host_vars', async () => {
  try {
    await inventoryOf({
      'inventory.yaml': 'all:\n  hosts:\n    h1:\n      prot: 22\n',
      'group_vars/al.yaml': 'x: 1\n',
      'host_vars/h1.yaml': 'bad-name: 1\n',
    });
    assert.unreachable();
  } catch (e) {
    assert.instance(e, InvalidInputError);
    const messages = (e as InvalidInputError).problems.map((p) => p.message);
    assert.is(messages.length, 3, messages.join('\n'));
    assert.match(messages.join('\n'), 'unknown key "prot" in host');
    assert.match(messages.join('\n'), 'group_vars/al.yaml matches no group in the inventory (did you mean "all"?)');
    assert.match(messages.join('\n'), 'invalid name "bad-name"');
  }
});

test('an alias with a bad value in a group is reported once, not once per host', async () => {
  try {
    await inventoryOf({ 'inventory.yaml': 'all:\n  vars:\n    ansible_port: ssh\n  hosts:\n    a:\n    b:\n' });
    assert.unreachable();
  } catch (e) {
    const problems = (e as InvalidInputError).problems;
    assert.is(problems.length, 1);
    assert.match(problems[0]!.message, 'ansible_port must be a port number (1-65535), not "ssh"');
    assert.is(problems[0]!.loc?.line, 3);
  }
});

test('a name used for a host and a group is refused', async () => {
  try {
    await inventoryOf({ 'inventory.yaml': 'all:\n  children:\n    db:\n      hosts:\n        db:\n' });
    assert.unreachable();
  } catch (e) {
    assert.match((e as InvalidInputError).problems[0]!.message, '"db" is both a host and a group');
  }
});

test.run();
