// compilePlaybook: tags and conditions inherited level by level, implicit handler flushes, vars_files,
// imports relative to the including file, import_playbook, and every problem collected at once.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import type { CompiledTask } from '../../src/engine/compile/types.js';
import { compileOk, compileProblems, flatTasks, taskNamed, writeTree } from './compile-tmp.js';

const layered = writeTree({
  'site.yaml': `
- hosts: all
  tags: [play]
  roles:
    - role: app
      tags: role
      when: app_enabled
  tasks:
    - name: outer block
      tags: [block]
      when: block_ok
      block:
        - import_tasks: tasks/more.yaml
          tags: import
          when: imported_ok
`,
  'roles/app/tasks/main.yaml': '- name: role task\n  debug: {msg: r}\n  tags: own\n',
  'tasks/more.yaml': '- name: imported task\n  debug: {msg: i}\n  tags: [own]\n  when: [task_ok]\n',
});

test('tags inherit play → role → block → import → task, in that order, each once', async () => {
  const [play] = (await compileOk(join(layered, 'site.yaml'))).plays;
  assert.equal(taskNamed(play!.tasks, 'role task').tags, ['play', 'role', 'own']);
  assert.equal(taskNamed(play!.tasks, 'outer block').tags, ['play', 'block']);
  assert.equal(taskNamed(play!.tasks, 'imported task').tags, ['play', 'block', 'import', 'own']);
});

test('conditions of role entries, blocks and imports are prepended to the task\'s own, located', async () => {
  const [play] = (await compileOk(join(layered, 'site.yaml'))).plays;
  assert.equal(taskNamed(play!.tasks, 'role task').when.map((c) => c.expr), ['app_enabled']);
  const imported = taskNamed(play!.tasks, 'imported task');
  assert.equal(imported.when.map((c) => c.expr), ['block_ok', 'imported_ok', 'task_ok']);
  assert.equal(imported.when[2]!.loc.file.endsWith('tasks/more.yaml'), true);
  assert.is(imported.when[2]!.loc.line, 4);
});

test('implicit flush_handlers after pre_tasks, after roles+tasks and after post_tasks', async () => {
  const dir = writeTree({
    'p.yaml': `
- hosts: all
  pre_tasks: [{name: pre, debug: {}}]
  roles: [r]
  tasks: [{name: task, debug: {}}, {meta: flush_handlers}]
  post_tasks: [{name: post, debug: {}}]
`,
    'roles/r/tasks/main.yml': '- {name: role, debug: {}}\n',
  });
  const [play] = (await compileOk(join(dir, 'p.yaml'))).plays;
  const shape = play!.tasks.map((n) => (n.kind === 'flush_handlers' ? (n.implicit ? 'FLUSH' : 'flush') : n.name));
  assert.equal(shape, ['pre', 'FLUSH', 'role', 'task', 'flush', 'FLUSH', 'post', 'FLUSH']);
  assert.equal(play!.tasks.map((n) => n.id), ['p0.t0', 'p0.t1', 'p0.t2', 'p0.t3', 'p0.t4', 'p0.t5', 'p0.t6', 'p0.t7']);
});

test('vars_files merge over play vars in order; a list item takes the first file that exists', async () => {
  const dir = writeTree({
    'playbooks/p.yaml': `
- hosts: all
  vars: {a: play, b: play, c: play}
  vars_files:
    - vars/one.yaml
    - [vars/missing.yaml, "vars/{{ env }}.yaml"]
  tasks: []
`,
    'playbooks/vars/one.yaml': 'b: one\nc: one\n',
    'playbooks/vars/prod.yaml': 'c: prod\n',
  });
  const [play] = (await compileOk(join(dir, 'playbooks/p.yaml'), { env: 'prod' })).plays;
  assert.equal(play!.vars, { a: 'play', b: 'one', c: 'prod' });
});

test('import_tasks paths are relative to the including file, at any depth; ids continue in the parent list (p0.t0 is the flush after pre_tasks), an include numbers its own', async () => {
  const dir = writeTree({
    'pb/p.yaml': '- hosts: all\n  tasks:\n    - import_tasks: tasks/a.yaml\n    - {name: last, debug: {}}\n',
    'pb/tasks/a.yaml': '- {name: a, debug: {}}\n- include_tasks: sub/b.yaml\n',
    'pb/tasks/sub/b.yaml': '- {name: b, debug: {}}\n- import_tasks: ../c.yaml\n',
    'pb/tasks/c.yaml': '- {name: c, debug: {}}\n',
  });
  const [play] = (await compileOk(join(dir, 'pb/p.yaml'))).plays;
  const tasks = flatTasks(play!.tasks).filter((n): n is CompiledTask => n.kind === 'task');
  assert.equal(tasks.map((t) => [t.name, t.id]), [['a', 'p0.t1'], ['b', 'p0.t2.i0'], ['c', 'p0.t2.i1'], ['last', 'p0.t3']]);
  assert.ok(tasks[2]!.loc.file.endsWith('pb/tasks/c.yaml'));
});

test('import_playbook brings in plays relative to the importer, with its tags and vars', async () => {
  const dir = writeTree({
    'site.yaml': '- import_playbook: sub/web.yaml\n  tags: web\n  vars: {tier: front}\n- {hosts: db, tasks: []}\n',
    'sub/web.yaml': '- hosts: web\n  tasks: [{name: w, debug: {}}]\n',
  });
  const { plays } = await compileOk(join(dir, 'site.yaml'));
  assert.equal(plays.map((p) => [p.id, p.hosts]), [['p0', 'web'], ['p1', 'db']]);
  assert.equal(plays[0]!.tags, ['web']);
  assert.equal(plays[0]!.vars, { tier: 'front' });
  assert.equal(taskNamed(plays[0]!.tasks, 'w').tags, ['web']);
});

test('every problem of every file is reported together, in file order then position', async () => {
  const dir = writeTree({
    'p.yaml': '- hosts: all\n  roles: [r]\n  tasks:\n    - debug: {verbosity: x}\n    - {name: n, debug: {}, notify: nope}\n',
    'roles/r/tasks/main.yaml': '- {name: t, debgu: {}}\n',
  });
  const problems = await compileProblems(join(dir, 'p.yaml'));
  assert.is(problems.length, 3, problems.join('\n'));
  assert.match(problems[0]!, /p\.yaml:4:26: verbosity must be an integer/);
  assert.match(problems[1]!, /p\.yaml:5:36: notify names no handler of this play: "nope"/);
  assert.match(problems[2]!, /roles\/r\/tasks\/main\.yaml:1:13: unknown key "debgu"/);
});

test('an import cycle is refused at the import that closes it', async () => {
  const dir = writeTree({ 'p.yaml': '- hosts: all\n  tasks: [{import_tasks: a.yaml}]\n', 'a.yaml': '- import_tasks: a.yaml\n' });
  const [problem] = await compileProblems(join(dir, 'p.yaml'));
  assert.match(problem!, /a\.yaml:1:17: import_tasks cycle: .*p\.yaml → .*a\.yaml → .*a\.yaml/);
});

test.run();
