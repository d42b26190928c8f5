// Roles at compile time: where a role is found, dependencies first and once, defaults and vars scopes,
// handlers (roles' first, then the play's) and notify resolution by name, listen topic or `role : name`.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { CompiledTask } from '../../src/engine/compile/types.js';
import { compileOk, compileProblems, flatTasks, taskNamed, writeTree } from './compile-tmp.js';

const roleNamed = (marker: string) => `- name: from ${marker}\n  debug: {msg: ${marker}}\n`;

test('a role is looked up in <playbook dir>/roles, then <playbook dir>/../roles, then RUNBOOK_ROLES_PATH', async () => {
  const dir = writeTree({
    'playbooks/site.yaml': '- hosts: all\n  roles: [r]\n',
    'playbooks/roles/r/tasks/main.yaml': roleNamed('beside'),
    'roles/r/tasks/main.yaml': roleNamed('sibling'),
    'extra/r/tasks/main.yaml': roleNamed('env'),
  });
  const firstTask = async () => {
    const [play] = (await compileOk(join(dir, 'playbooks/site.yaml'))).plays;
    return flatTasks(play!.tasks).find((n) => n.kind === 'task')!.name;
  };
  process.env.RUNBOOK_ROLES_PATH = `/nonexistent:${join(dir, 'extra')}`;
  try {
    assert.is(await firstTask(), 'from beside');
    rmSync(join(dir, 'playbooks/roles'), { recursive: true });
    assert.is(await firstTask(), 'from sibling');
    rmSync(join(dir, 'roles'), { recursive: true });
    assert.is(await firstTask(), 'from env');
  } finally {
    delete process.env.RUNBOOK_ROLES_PATH;
  }
});

test('a missing role is reported at its entry, with the paths searched and the closest existing role', async () => {
  const dir = writeTree({ 'site.yaml': '- hosts: all\n  roles:\n    - role: dnsmsq\n', 'roles/dnsmasq/tasks/main.yaml': roleNamed('x') });
  const [problem] = await compileProblems(join(dir, 'site.yaml'));
  assert.match(problem!, /site\.yaml:3:13: role not found: "dnsmsq"/);
  assert.match(problem!, /did you mean "dnsmasq"\? looked in: .*roles\/dnsmsq/);
});

const deps = {
  'site.yaml': `
- hosts: all
  roles:
    - app
    - role: web
      vars: {port: 8080}
    - role: base
      vars: {level: 2}
`,
  'roles/base/tasks/main.yaml': roleNamed('base'),
  'roles/base/defaults/main.yaml': 'level: 1\nshared: base\n',
  'roles/app/meta/main.yaml': 'dependencies: [base]\n',
  'roles/app/tasks/main.yaml': roleNamed('app'),
  'roles/app/defaults/main.yml': 'shared: app\n',
  'roles/app/vars/main.yaml': 'app_var: 1\n',
  'roles/web/meta/main.yaml': 'dependencies:\n  - base\n',
  'roles/web/tasks/main.yaml': roleNamed('web'),
};

test('dependencies run first, and a role runs once per play unless its vars differ', async () => {
  const [play] = (await compileOk(join(writeTree(deps), 'site.yaml'))).plays;
  const roles = flatTasks(play!.tasks).flatMap((n) => (n.kind === 'task' ? [`${n.scope.role?.name}:${JSON.stringify(n.scope.roleVars)}`] : []));
  assert.equal(roles, ['base:{}', 'app:{"app_var":1}', 'web:{"port":8080}', 'base:{"level":2}']);
});

test('role defaults: a role sees its dependencies\' under its own; the play gets all, in role order', async () => {
  const [play] = (await compileOk(join(writeTree(deps), 'site.yaml'))).plays;
  const app = taskNamed(play!.tasks, 'from app') as CompiledTask;
  assert.equal(app.scope.roleDefaults, { level: 1, shared: 'app' });
  assert.equal(play!.roleDefaults, { level: 1, shared: 'base' });
});

const handlers = {
  'site.yaml': `
- hosts: all
  roles: [svc]
  tasks:
    - name: by name
      debug: {}
      notify: restart svc
    - name: by topic and role-qualified name
      debug: {}
      notify: [config changed, "svc : reload svc"]
  handlers:
    - name: play handler
      debug: {}
      listen: config changed
`,
  'roles/svc/tasks/main.yaml': '- name: role task\n  debug: {}\n  notify: reload svc\n',
  'roles/svc/handlers/main.yaml': '- name: restart svc\n  debug: {}\n- name: reload svc\n  debug: {}\n  listen: [config changed]\n',
};

test('handlers: roles\' first then the play\'s, in definition order, with their listen topics', async () => {
  const [play] = (await compileOk(join(writeTree(handlers), 'site.yaml'))).plays;
  assert.equal(play!.handlers.map((h) => [h.name, h.listen, h.scope.role?.name ?? '-']), [
    ['restart svc', [], 'svc'],
    ['reload svc', ['config changed'], 'svc'],
    ['play handler', ['config changed'], '-'],
  ]);
  assert.equal(play!.handlers.map((h) => h.id), ['p0.h0', 'p0.h1', 'p0.h2']);
});

test('notify resolves names and topics; "role : handler" becomes the handler\'s name', async () => {
  const [play] = (await compileOk(join(writeTree(handlers), 'site.yaml'))).plays;
  assert.equal((taskNamed(play!.tasks, 'by name') as CompiledTask).notify, ['restart svc']);
  assert.equal((taskNamed(play!.tasks, 'by topic and role-qualified name') as CompiledTask).notify, ['config changed', 'reload svc']);
});

test('notify naming no handler of the play is a compile error at the entry, with did-you-mean', async () => {
  const dir = writeTree({ ...handlers, 'roles/svc/tasks/main.yaml': '- name: role task\n  debug: {}\n  notify:\n    - restart svc\n    - relaod svc\n' });
  const problems = await compileProblems(join(dir, 'site.yaml'));
  assert.is(problems.length, 1, problems.join('\n'));
  assert.match(problems[0]!, /roles\/svc\/tasks\/main\.yaml:5:7: notify names no handler of this play: "relaod svc"\n {2}hint: did you mean "reload svc"\?/);
});

test('a dependency cycle between roles is reported instead of looping', async () => {
  const dir = writeTree({
    'site.yaml': '- hosts: all\n  roles: [a]\n',
    'roles/a/meta/main.yaml': 'dependencies: [b]\n',
    'roles/b/meta/main.yaml': 'dependencies: [a]\n',
  });
  const [problem] = await compileProblems(join(dir, 'site.yaml'));
  assert.match(problem!, /roles\/b\/meta\/main\.yaml:1:16: role dependency cycle: .*roles\/a → .*roles\/b → .*roles\/a/);
});

test.run();
