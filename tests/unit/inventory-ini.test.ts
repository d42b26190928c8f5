import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatProblem, InvalidInputError } from '../../src/engine/errors.js';
import { loadInventory } from '../../src/engine/inventory/index.js';

const DIR = 'tests/fixtures/inventory/ini';
const FILE = `${DIR}/hosts.ini`;
const inv = await loadInventory(FILE);
const vars = (host: string) => inv.host(host)!.vars;

/** The problems of an INI inventory written to a temporary file, as `file:line:col: message` lines. */
async function problemsOf(text: string, name = 'hosts'): Promise<string[]> {
  const dir = await mkdtemp(join(tmpdir(), 'runbook-ini-'));
  await writeFile(join(dir, name), text);
  try {
    await loadInventory(join(dir, name));
  } catch (e) {
    if (!(e instanceof InvalidInputError)) throw e;
    return e.problems.map((p) => formatProblem({ ...p, hint: undefined }).replace(`${dir}/`, ''));
  }
  assert.unreachable(`no problem in:\n${text}`);
  return [];
}

test('hosts before any section are ungrouped; sections list hosts; ranges expand (padded, letters)', () => {
  assert.equal(inv.groups.get('ungrouped')!.hosts, ['mail.example.com', 'jumphost']);
  assert.equal(inv.groups.get('webservers')!.hosts, ['web01.example.com', 'web02.example.com', 'web03.example.com', 'web-canary.example.com']);
  assert.equal(inv.groups.get('dbservers')!.hosts, ['db-a.example.com', 'db-b.example.com', 'db-c.example.com', 'db-backup.example.com']);
  assert.equal(inv.groups.get('raleigh')!.hosts, ['web02.example.com', 'db-b.example.com'], 'a trailing # comment is not part of the host');
});

test('[g:children] makes child groups; a group no one claims is a child of all', () => {
  assert.equal(inv.groups.get('southeast')!.children, ['atlanta', 'raleigh']);
  assert.equal(inv.groups.get('usa')!.children, ['southeast']);
  assert.equal(inv.groups.get('all')!.children.sort(), ['dbservers', 'ungrouped', 'usa', 'webservers']);
  assert.equal(inv.host('web01.example.com')!.groups, ['all', 'usa', 'webservers', 'southeast', 'atlanta']);
});

test('values are Python literals where they parse as one, strings otherwise (Ansible _parse_value)', () => {
  const se = vars('db-a.example.com');
  assert.is(se.halon_system_timeout, 30);
  assert.is(se.ratio, 0.75);
  assert.is(se.region, 'south east', '[g:vars] values are stripped, then quotes are Python string quotes');
  assert.equal(se.flags, { a: 1, b: [true, null] });
  assert.is(se.note, 'no # stays part of the value', 'no comments in [g:vars] values, as in Ansible');
  const backup = vars('db-backup.example.com');
  assert.is(backup.backup, 'yes', 'yes is not a Python literal: a string');
  assert.is(backup.retention, 7);
  assert.equal(backup.tags, ['nightly', 'weekly'], 'shell quotes removed, then a Python list');
  const canary = vars('web-canary.example.com');
  assert.is(canary.canary, true);
  assert.is(canary.motd, 'hello world');
  assert.is(canary.ansible_port, 8022, 'host:port sets ansible_port');
});

test('precedence: group vars, group_vars/ (all, then others), host inline vars, host_vars/', () => {
  assert.is(vars('web01.example.com').http_port, 80, 'inline host var beats group_vars/webservers');
  assert.is(inv.groups.get('webservers')!.vars.http_port, 8000, 'group_vars/webservers/ is a directory of files');
  assert.is(vars('web03.example.com').tls, true);
  assert.is(vars('jumphost').from_host_file, 'inventory');
  assert.is(vars('mail.example.com').ntp_server, 'ntp.example.com', '[all:vars]');
});

test('connection settings come from the INI host vars, located for errors', () => {
  assert.equal(inv.host('jumphost')!.connection, { connection: 'ssh', host: '127.0.0.1', host_key_checking: 'accept-new', port: 2200, user: 'ops' });
  assert.is(inv.host('web-canary.example.com')!.connection.port, 8022);
});

test("group_vars/ and host_vars/ beside the playbook win over the inventory's", async () => {
  const withPlaybook = await loadInventory(FILE, { playbookDir: `${DIR}/playbooks` });
  const v = (h: string) => withPlaybook.host(h)!.vars;
  assert.is(v('web03.example.com').from_all_file, 'playbook');
  assert.is(v('web03.example.com').from_web_file, 'playbook');
  assert.is(v('jumphost').from_host_file, 'playbook');
  assert.is(v('web03.example.com').proxy, 'proxy.example.com', "the inventory's files still apply");
  assert.is(v('web01.example.com').http_port, 80);
  assert.is(withPlaybook.groups.get('webservers')!.vars.from_web_file, 'playbook');
  assert.is(vars('web03.example.com').from_web_file, 'inventory', 'without the playbook directory, unchanged');
});

test('the playbook-adjacent files follow the all-then-groups order: group_vars/web beats group_vars/all', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'runbook-ini-pb-'));
  const { mkdir } = await import('node:fs/promises');
  await mkdir(join(dir, 'inv/group_vars'), { recursive: true });
  await mkdir(join(dir, 'pb/group_vars'), { recursive: true });
  await writeFile(join(dir, 'inv/hosts'), '[web]\nw1\n');
  await writeFile(join(dir, 'inv/group_vars/web.yml'), 'x: inventory-web\n');
  await writeFile(join(dir, 'pb/group_vars/all.yml'), 'x: playbook-all\n');
  await writeFile(join(dir, 'pb/group_vars/staging_only.yml'), 'y: 1\n');
  const loaded = await loadInventory(join(dir, 'inv/hosts'), { playbookDir: join(dir, 'pb') });
  assert.is(loaded.host('w1')!.vars.x, 'inventory-web', "a group's inventory file beats the playbook's all");
  assert.is(loaded.host('w1')!.vars.y, undefined, "beside the playbook, a file for another inventory's group is skipped");
  await writeFile(join(dir, 'inv/group_vars/staging_only.yml'), 'y: 1\n');
  try {
    await loadInventory(join(dir, 'inv/hosts'));
    assert.unreachable('beside the inventory, a file that matches no group is an error');
  } catch (e) {
    assert.instance(e, InvalidInputError);
  }
});

test('a file without an extension is INI unless it reads as a YAML mapping', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'runbook-ini-ext-'));
  await writeFile(join(dir, 'hosts'), 'a\nb\n');
  assert.equal([...(await loadInventory(join(dir, 'hosts'))).hosts.keys()], ['a', 'b']);
  await writeFile(join(dir, 'yaml'), 'all:\n  hosts:\n    c:\n');
  assert.equal([...(await loadInventory(join(dir, 'yaml'))).hosts.keys()], ['c']);
});

test('errors are located at file:line:col, all at once', async () => {
  assert.equal(await problemsOf('[web]\nw1\n[web:chidlren]\nx\n'), ['hosts:3:6: section [web:chidlren] has an unknown type "chidlren"']);
  assert.equal(await problemsOf('[web servers]\n'), ['hosts:1:1: invalid section "[web servers]"']);
  assert.equal(await problemsOf('[web]\n  w1 port 22\n'), [
    'hosts:2:6: expected key=value after the host name, got "port"',
    'hosts:2:11: expected key=value after the host name, got "22"',
  ]);
  assert.equal(await problemsOf('[web]\nw1 motd="unclosed\n'), ['hosts:2:1: cannot read host line: No closing quotation']);
  assert.equal(await problemsOf('[web]\nw[1:]\nw[a:3]\nw[01:100]\n'), [
    'hosts:2:1: host range must specify end value in "w[1:]"',
    'hosts:3:1: host range [a:3] must be numbers or single letters in "w[a:3]"',
    'hosts:4:1: host range must specify equal-length begin and end formats in "w[01:100]"',
  ]);
  assert.equal(await problemsOf('[web]\nw1:\n'), ['hosts:2:1: host "w1:" ends in ":"']);
  assert.equal(await problemsOf('[web:vars]\nx\n'), ['hosts:2:1: expected key=value in [web:vars], got "x"', 'hosts:1:2: [web:vars] is for a group that no section declares']);
  assert.equal(await problemsOf('[prod:children]\nweb\n  db\n[web]\n'), ['hosts:3:3: [prod:children] names the group "db", which no section declares']);
  assert.equal(await problemsOf('[a:children]\nb\n[b:children]\na\n'), ['hosts:4:1: group cycle: a → b → a']);
  assert.equal(await problemsOf('[web]\nw1 ansible_port=ssh\n'), ['hosts:2:17: ansible_port must be a port number (1-65535), not "ssh"']);
});

test.run();
