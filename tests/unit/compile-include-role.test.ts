// include_role / import_role as tasks, and role parameters on roles: entries: the role's tasks in place
// (tasks_from), after its dependencies, vars_from/defaults_from scopes, the task's vars as parameters,
// the role's handlers in the play, and problems located at the option that names a missing file.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import type { CompiledTask } from '../../src/engine/compile/types.js';
import { compileOk, compileProblems, flatTasks, writeTree } from './compile-tmp.js';

const tree = {
  'site.yaml': `
- hosts: all
  roles:
    - role: web
      port: 8080
      tags: [w]
    - name: web
      port: 9090
  tasks:
    - name: before
      debug: {msg: before}
    - name: setup web
      import_role: {name: web, tasks_from: setup, vars_from: prod, defaults_from: small}
      vars: {port: 1}
      tags: [setup]
    - include_role: {name: app}
      when: deploy | bool
    - name: after
      debug: {msg: after}
      notify: restart app
`,
  'roles/web/tasks/main.yaml': '- name: web main\n  debug: {msg: "{{ port }}"}\n',
  'roles/web/tasks/setup.yml': '- name: web setup\n  debug: {msg: "{{ port }}"}\n',
  'roles/web/vars/main.yaml': 'tier: main\n',
  'roles/web/vars/prod.yaml': 'tier: prod\n',
  'roles/web/defaults/main.yaml': 'size: big\n',
  'roles/web/defaults/small.yaml': 'size: small\n',
  'roles/base/tasks/main.yaml': '- name: base main\n  debug: {msg: base}\n',
  'roles/app/meta/main.yaml': 'dependencies: [base]\n',
  'roles/app/tasks/main.yaml': '- name: app main\n  debug: {msg: app}\n',
  'roles/app/handlers/main.yaml': '- name: restart app\n  debug: {msg: restarted}\n',
};

test('roles: entries take role parameters (and name: for role:); import_role runs tasks_from with vars_from and defaults_from', async () => {
  const [play] = (await compileOk(join(writeTree(tree), 'site.yaml'))).plays;
  const tasks = flatTasks(play!.tasks).filter((n): n is CompiledTask => n.kind === 'task');
  assert.equal(tasks.map((t) => t.name), ['web main', 'web main', 'before', 'web setup', 'base main', 'app main', 'after']);
  const [first, second, , setup, base, app] = tasks;
  assert.equal([first!.scope.roleVars, first!.tags], [{ tier: 'main', port: 8080 }, ['w']]);
  assert.equal(second!.scope.roleVars, { tier: 'main', port: 9090 });
  assert.equal([setup!.scope.roleVars, setup!.scope.roleDefaults, setup!.tags], [{ tier: 'prod', port: 1 }, { size: 'small' }, ['setup']]);
  assert.match(setup!.loc.file, /roles\/web\/tasks\/setup\.yml$/);
  // The include's when: is the include's own, decided once per host before the role's tasks run (Ansible's semantics).
  assert.equal([base!.when, app!.when], [[], []]);
  const include = flatTasks(play!.tasks).find((n) => n.kind === 'include')!;
  assert.equal([include.kind === 'include' && include.action, include.when.map((c) => c.expr)], ['include_role', ['deploy | bool']]);
  assert.equal([app!.scope.role?.name, play!.handlers.map((h) => h.name)], ['app', ['restart app']]);
});

test('include_role is resolved on each host: no warning that it is static', async () => {
  const { warnings } = await compileOk(join(writeTree(tree), 'site.yaml'));
  assert.not.ok(warnings.find((x) => x.message.startsWith('include_role')));
});

test('a role parameter spelled like a keyword is taken as Ansible takes it, with a warning at its key', async () => {
  const dir = writeTree({ 'site.yaml': '- hosts: all\n  roles:\n    - role: web\n      tgas: [a]\n', 'roles/web/tasks/main.yaml': '- debug: {msg: hi}\n' });
  const { warnings, plays } = await compileOk(join(dir, 'site.yaml'));
  assert.equal((flatTasks(plays[0]!.tasks).find((n) => n.kind === 'task') as CompiledTask).scope.roleVars, { tgas: ['a'] });
  assert.match(`${warnings[0]!.loc?.line}:${warnings[0]!.loc?.col} ${warnings[0]!.message} ${warnings[0]!.hint}`, /^4:7 tgas is a role parameter .* did you mean "tags"\?/);
});

test('a missing role or tasks_from file is reported where it is named; loop on import_role is refused with a hint, include_role may loop', async () => {
  const dir = writeTree({
    'site.yaml': `
- hosts: all
  tasks:
    - import_role: {name: wbe}
    - include_role: {name: web, tasks_from: nope}
    - include_role: {name: web}
      loop: [1, 2]
    - import_role: {name: web}
      loop: [1, 2]
`,
    'roles/web/tasks/main.yaml': '- debug: {msg: hi}\n',
  });
  const text = (await compileProblems(join(dir, 'site.yaml'))).join('\n');
  assert.match(text, /site\.yaml:4:27: role not found: "wbe"\n\s*hint: did you mean "web"\?/);
  assert.match(text, /site\.yaml:5:45: tasks_from file of role web not found: .*roles\/web\/tasks\/nope\.yaml/);
  assert.not.match(text, /site\.yaml:7:7/);
  assert.match(text, /site\.yaml:9:7: unknown key "loop" in import_role\n\s*hint: an import is resolved when the playbook is compiled/);
});

test.run();
