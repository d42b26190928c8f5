import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { chmod, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { InvalidInputError } from '../../src/engine/errors.js';
import { loadInventory } from '../../src/engine/inventory/index.js';

/** Files written to a fresh temporary directory; returns the directory. */
async function tree(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'runbook-sources-'));
  for (const [name, text] of Object.entries(files)) {
    await mkdir(dirname(join(dir, name)), { recursive: true });
    await writeFile(join(dir, name), text);
  }
  return dir;
}

test('several sources merge in order: groups united, later vars win, group_vars of each source', async () => {
  const dir = await tree({
    'a/hosts': '[web]\nw1 x=1\n',
    'a/group_vars/web.yml': 'from_a: true\nshared: a\n',
    'b/inventory.yaml': 'all:\n  children:\n    web:\n      hosts:\n        w2:\n        w1:\n          vars: {x: 2}\n',
    'b/group_vars/web.yml': 'shared: b\n',
  });
  const inv = await loadInventory([join(dir, 'a/hosts'), join(dir, 'b/inventory.yaml')]);
  assert.equal(inv.groups.get('web')!.hosts, ['w1', 'w2']);
  assert.is(inv.host('w1')!.vars.x, 2, 'the later source wins');
  assert.is(inv.host('w2')!.vars.from_a, true, "the first source's group_vars apply to the group everywhere");
  assert.is(inv.host('w2')!.vars.shared, 'b');
});

test("a directory: each file by its format, in name order, Ansible's ignored names skipped, its group_vars", async () => {
  const dir = await tree({
    'inv/01-hosts': '[web]\nw1\n',
    'inv/02-more.yml': 'web:\n  hosts:\n    w2:\n',
    'inv/README.md': 'not an inventory',
    'inv/old.ini': '[ignored]\nnope\n',
    'inv/.hidden': '[ignored]\nnope\n',
    'inv/group_vars/web.yml': 'role: web\n',
  });
  const inv = await loadInventory(join(dir, 'inv'));
  assert.equal([...inv.hosts.keys()], ['w1', 'w2']);
  assert.is(inv.host('w2')!.vars.role, 'web');
  assert.not.ok(inv.groups.has('ignored'));
});

test('an executable script: --list groups and _meta.hostvars', async () => {
  const dir = await tree({
    'inv.sh': `#!/bin/sh
[ "$1" = --list ] || exit 2
cat <<'JSON'
{"web": {"hosts": ["w1", "w2"], "vars": {"tier": "front"}, "children": ["canary"]},
 "canary": ["w3"],
 "_meta": {"hostvars": {"w1": {"ansible_host": "127.0.0.5"}}}}
JSON
`,
  });
  await chmod(join(dir, 'inv.sh'), 0o755);
  const inv = await loadInventory(join(dir, 'inv.sh'));
  assert.equal(inv.groups.get('web')!.hosts, ['w1', 'w2']);
  assert.equal(inv.groups.get('web')!.children, ['canary']);
  assert.equal(inv.groups.get('all')!.children.sort(), ['ungrouped', 'web']);
  assert.is(inv.host('w3')!.vars.tier, 'front');
  assert.is(inv.host('w1')!.connection.host, '127.0.0.5');
});

test('a script without _meta is asked --host for each host; a failing script is a located problem', async () => {
  const dir = await tree({
    'inv.sh': `#!/bin/sh
case "$1" in --list) echo '{"db": ["d1"]}' ;; --host) echo "{\\"who\\": \\"$2\\"}" ;; esac
`,
    'bad.sh': '#!/bin/sh\necho oops >&2\nexit 3\n',
  });
  await chmod(join(dir, 'inv.sh'), 0o755);
  await chmod(join(dir, 'bad.sh'), 0o755);
  assert.is((await loadInventory(join(dir, 'inv.sh'))).host('d1')!.vars.who, 'd1');
  try {
    await loadInventory(join(dir, 'bad.sh'));
    assert.unreachable();
  } catch (e) {
    assert.instance(e, InvalidInputError);
    const [p] = (e as InvalidInputError).problems;
    assert.match(p!.message, 'oops');
    assert.is(p!.loc?.file, join(dir, 'bad.sh'));
  }
});

test('host1,host2, is a list of hosts (Ansible host_list)', async () => {
  const inv = await loadInventory('127.0.0.2,127.0.0.3,');
  assert.equal([...inv.hosts.keys()], ['127.0.0.2', '127.0.0.3']);
  assert.equal(inv.host('127.0.0.2')!.groups, ['all', 'ungrouped']);
});

test('a group cycle made of two sources is found', async () => {
  const dir = await tree({ a: '[x:children]\ny\n[y]\n', b: '[y:children]\nx\n[x]\n' });
  try {
    await loadInventory([join(dir, 'a'), join(dir, 'b')]);
    assert.unreachable();
  } catch (e) {
    assert.instance(e, InvalidInputError);
    assert.match((e as InvalidInputError).problems[0]!.message, 'group cycle');
  }
});

test.run();
