// Module names as Ansible content writes them: qualified by a collection (FQCN), `action:` and
// `local_action:`; each resolves to the same module with the same arguments, and what runbook does not
// have is a located error naming the collection.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import type { CompiledTask } from '../../src/engine/compile/types.js';
import { compileOk, compileProblems, taskNamed, writeTree } from './compile-tmp.js';

const forms = writeTree({
  'site.yaml': `
- hosts: all
  tasks:
    - name: builtin
      ansible.builtin.copy: {dest: /tmp/a, content: hi, mode: "0644"}
    - name: legacy kv
      ansible.legacy.debug: msg="hello world" verbosity=2
    - name: posix free form
      ansible.posix.command: ls -l
    - name: general
      community.general.file: {path: /tmp/d, state: directory}
    - name: action string
      action: copy dest=/tmp/b content=hi
    - name: action free form
      action: ansible.builtin.shell echo  "two  spaces"
    - name: action mapping
      action: {module: debug, msg: hi}
    - name: local action
      local_action: command touch /tmp/c
    - name: bare
      copy: {dest: /tmp/a, content: hi, mode: "0644"}
    - name: redirect
      systemd_service: {name: cron, state: started}
    - name: redirect qualified
      ansible.builtin.systemd_service: {name: cron, enabled: true}
  handlers:
    - name: a handler
      ansible.builtin.command: "true"
`,
});

test('qualified names resolve to runbook\'s module, with the same arguments', async () => {
  const [play] = (await compileOk(join(forms, 'site.yaml'))).plays;
  const t = (name: string) => taskNamed(play!.tasks, name) as CompiledTask;
  assert.is(t('builtin').module, 'copy');
  assert.equal(t('builtin').args, t('bare').args);
  assert.equal(t('legacy kv').args, { msg: 'hello world', verbosity: 2 });
  assert.equal([t('posix free form').module, t('posix free form').args], ['command', { cmd: 'ls -l' }]);
  assert.is(t('general').module, 'file');
  assert.is(play!.handlers[0]!.module, 'command');
  // ansible-core 2.15 renamed systemd to systemd_service (the old name redirects): both are runbook's systemd.
  assert.equal([t('redirect').module, t('redirect qualified').module], ['systemd', 'systemd']);
});

test('action: and local_action: name the module in their value', async () => {
  const [play] = (await compileOk(join(forms, 'site.yaml'))).plays;
  const t = (name: string) => taskNamed(play!.tasks, name) as CompiledTask;
  assert.equal([t('action string').module, t('action string').args], ['copy', { dest: '/tmp/b', content: 'hi' }]);
  assert.equal(t('action free form').args, { cmd: 'echo  "two  spaces"' });
  assert.equal([t('action mapping').module, t('action mapping').args], ['debug', { msg: 'hi' }]);
  assert.equal([t('local action').module, t('local action').delegate_to], ['command', 'localhost']);
  assert.is(t('action string').delegate_to, undefined);
});

test('import_tasks, include_tasks, meta and the role includes may be written qualified too', async () => {
  const dir = writeTree({
    'site.yaml': `
- hosts: all
  tasks:
    - ansible.builtin.import_tasks: more.yaml
    - ansible.legacy.include_tasks: more.yaml
    - ansible.builtin.meta: flush_handlers
    - name: the end
      ansible.builtin.meta: end_play
`,
    'more.yaml': '- name: more\n  ansible.builtin.debug: {msg: more}\n',
  });
  const { plays, warnings } = await compileOk(join(dir, 'site.yaml'));
  assert.equal(plays[0]!.tasks.filter((n) => !(n.kind === 'flush_handlers' && n.implicit)).map((n) => `${n.kind}:${n.name}`), ['task:more', 'include:include_tasks: more.yaml', 'flush_handlers:meta: flush_handlers', 'meta:the end']);
  assert.not.match(warnings.map((w) => w.message).join('\n'), /include_tasks/);
});

test('a module of another collection, or one runbook lacks, is an error at its line naming the collection', async () => {
  const dir = writeTree({
    'site.yaml': `
- hosts: all
  tasks:
    - name: docker
      community.docker.docker_container: {name: web}
    - name: missing builtin
      ansible.builtin.zypper: {name: nginx}
    - name: action of another collection
      action: community.mysql.mysql_db name=app
    - name: action bad args
      action: copy nonsense=1
`,
  });
  const problems = await compileProblems(join(dir, 'site.yaml'));
  const text = problems.join('\n');
  assert.match(text, /site\.yaml:5:7: community\.docker\.docker_container is a module of the collection community\.docker, which runbook does not have/);
  assert.match(text, /runbook's own docker_container module may do the job/);
  assert.match(text, /site\.yaml:7:7: runbook has no module "zypper" \(written as ansible\.builtin\.zypper\)/);
  assert.match(text, /site\.yaml:9:15: community\.mysql\.mysql_db is a module of the collection community\.mysql/);
  assert.match(text, /site\.yaml:11:15: .*nonsense/);
});

test('wrong arguments under a qualified name are checked by the module\'s schema, at the argument', async () => {
  const dir = writeTree({
    'site.yaml': `
- hosts: all
  tasks:
    - ansible.builtin.copy: {dest: /tmp/a, contnet: hi}
`,
  });
  const problems = await compileProblems(join(dir, 'site.yaml'));
  assert.match(problems.join('\n'), /site\.yaml:4:44: unknown key "contnet" in copy arguments/);
});

test.run();
