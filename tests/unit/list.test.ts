// --list-tasks / --list-hosts / --list-tags over the lang fixture: tagged plays, a role with a meta
// dependency, a block with rescue, an import and a `never` task. Expected outputs are written out in full.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync } from 'node:child_process';
import { compilePlaybook } from '../../src/engine/compile/index.js';
import { modules } from '../../src/modules/index.js';
import { loadInventory } from '../../src/engine/inventory/index.js';
import { listPlan } from '../../src/cli/list.js';

const PLAYBOOK = 'tests/fixtures/lang/playbooks/site.yaml';
const INVENTORY = 'tests/fixtures/lang/inventory.yaml';
const playbook = await compilePlaybook(PLAYBOOK, { modules });
const inventory = await loadInventory(INVENTORY);

test('--list-tasks --tags dns: tasks tagged or inheriting dns, and always ones, in order, with their tags', () => {
  assert.fixture(
    listPlan(playbook, inventory, { mode: 'tasks', tags: ['dns'] }),
    `
playbook: ${PLAYBOOK}

  play #1 (workstation): Workstation network    TAGS: [network]
    tasks:

  play #2 (dockervm): Docker VM    TAGS: [vm]
    tasks:
      check the VM answers           TAGS: [always, vm]
      packages : install packages    TAGS: [dns, vm]
      dnsmasq : configure dnsmasq    TAGS: [config, dns, vm]
      dnsmasq : enable dnsmasq       TAGS: [dns, vm]
      add records                    TAGS: [dns, vm]
      resolve zk through dnsmasq     TAGS: [dns, verify, vm]
`,
  );
});

test('--list-tasks without tags: everything but never-tagged tasks; rescue tasks listed in place', () => {
  const out = listPlan(playbook, inventory, { mode: 'tasks' });
  const names = out.split('\n').filter((l) => l.startsWith('      ')).map((l) => l.trim().split(/\s{4}/)[0]);
  assert.equal(names, [
    'host-network : host-only interface',
    'show the bridge',
    'check the VM answers',
    'packages : install packages',
    'dnsmasq : configure dnsmasq',
    'dnsmasq : enable dnsmasq',
    'add records',
    'unrelated block task',
    'report failure',
    'resolve zk through dnsmasq',
    'zk answers',
    'done',
  ]);
});

test('--tags debug runs the never-tagged task; --skip-tags always drops the always one', () => {
  const out = listPlan(playbook, inventory, { mode: 'tasks', tags: ['debug'], skipTags: ['always'] });
  assert.match(out, /deep debugging\s+TAGS: \[debug, never, vm\]/);
  assert.not.match(out, /check the VM answers/);
});

test('--list-hosts honours --limit as an intersection with each play', () => {
  assert.fixture(
    listPlan(playbook, inventory, { mode: 'hosts', limit: 'vm2:ws' }),
    `
playbook: ${PLAYBOOK}

  play #1 (workstation): Workstation network    TAGS: [network]
    pattern: "workstation", limited to "vm2:ws"
    hosts (1):
      ws

  play #2 (dockervm): Docker VM    TAGS: [vm]
    pattern: "dockervm", limited to "vm2:ws"
    hosts (1):
      vm2
`,
  );
  assert.match(listPlan(playbook, inventory, { mode: 'hosts' }), /hosts \(2\):\n {6}vm1\n {6}vm2/);
});

test('--list-tags: the tags of the tasks that would run, per play', () => {
  const out = listPlan(playbook, inventory, { mode: 'tags', skipTags: ['config,verify'] });
  assert.match(out, /play #1 [^\n]*\n {6}TASK TAGS: \[network\]/);
  assert.match(out, /play #2 [^\n]*\n {6}TASK TAGS: \[always, dns, vm\]/);
});

test('runbook apply --list-tasks prints the same through the CLI and connects to nothing', () => {
  const out = execFileSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'apply', PLAYBOOK, '-i', INVENTORY, '--list-tasks', '-t', 'dns'], { encoding: 'utf8' });
  assert.is(out, listPlan(playbook, inventory, { mode: 'tasks', tags: ['dns'] }));
});

test.run();
