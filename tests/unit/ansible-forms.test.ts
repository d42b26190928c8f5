// Forms community roles write that runbook once refused: a templated become (decided on each host) and a
// block in handlers (each handler inside is notified by its own name; rescue/always are checked, not run,
// and a warning says so at the key).

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CompiledTask } from '../../src/engine/compile/types.js';
import { compileOk, compileProblems, taskNamed, writeTree } from './compile-tmp.js';
import { fixture, resultOf, runFixture, tempDir } from './execute-harness.js';

test('become: "{{ x }}" is decided on each host; a handler block answers to its handlers\' names', async () => {
  const out = await tempDir();
  const dir = writeTree({
    'site.yaml': `
- hosts: alpha
  gather_facts: false
  vars: {need_root: false}
  tasks:
    - name: write
      ansible.builtin.copy: {dest: "${out}/f", content: "x\\n"}
      become: "{{ need_root }}"
      notify: Restart thing
  handlers:
    - name: Restart thing block
      block:
        - name: Restart thing
          ansible.builtin.copy: {dest: "${out}/restarted", content: "yes\\n"}
      rescue:
        - name: Explain
          ansible.builtin.debug: {msg: failed}
`,
  });
  const playbook = await compileOk(join(dir, 'site.yaml'));
  assert.is((taskNamed(playbook.plays[0]!.tasks, 'write') as CompiledTask).become, '{{ need_root }}');
  assert.equal(playbook.plays[0]!.handlers.map((h) => h.name), ['Restart thing']);
  assert.match(playbook.warnings.map((w) => `${w.loc?.line}:${w.loc?.col} ${w.message}`).join('\n'), /15:7 rescue: of a block of handlers is not run/);
  const { summary } = await runFixture(join(dir, 'site.yaml'), { inventoryFile: fixture('exec/inventory.yaml') });
  assert.is(summary.exitCode, 0);
  assert.is(await readFile(join(out, 'restarted'), 'utf8'), 'yes\n');
});

test('notify on a block: every task of it that has no notify of its own notifies its handlers (the task\'s own wins)', async () => {
  const out = await tempDir();
  const dir = writeTree({
    'site.yaml': `
- hosts: alpha
  gather_facts: false
  tasks:
    - name: outer
      notify: h1
      block:
        - name: plain
          ansible.builtin.copy: {dest: "${out}/a", content: "a\\n"}
        - name: own
          ansible.builtin.copy: {dest: "${out}/b", content: "b\\n"}
          notify: h2
        - block:
            - name: nested
              ansible.builtin.copy: {dest: "${out}/c", content: "c\\n"}
  handlers:
    - name: h1
      ansible.builtin.copy: {dest: "${out}/h1", content: "1\\n"}
    - name: h2
      ansible.builtin.copy: {dest: "${out}/h2", content: "2\\n"}
`,
  });
  const playbook = await compileOk(join(dir, 'site.yaml'));
  const t = (name: string) => (taskNamed(playbook.plays[0]!.tasks, name) as CompiledTask).notify;
  assert.equal([t('plain'), t('own'), t('nested')], [['h1'], ['h2'], ['h1']]);
  const { summary } = await runFixture(join(dir, 'site.yaml'), { inventoryFile: fixture('exec/inventory.yaml') });
  assert.is(summary.exitCode, 0);
  assert.is(await readFile(join(out, 'h1'), 'utf8'), '1\n');
  assert.is(await readFile(join(out, 'h2'), 'utf8'), '2\n');
});

test('ansible_connection is always defined, as in Ansible (roles test it bare: when: ansible_connection not in [...])', async () => {
  const out = await tempDir();
  const dir = writeTree({
    'site.yaml': `
- hosts: alpha
  gather_facts: false
  tasks:
    - ansible.builtin.copy: {dest: "${out}/c", content: "{{ ansible_connection }}"}
      when: ansible_connection not in ["container", "docker", "community.docker.docker"]
`,
  });
  const { summary } = await runFixture(join(dir, 'site.yaml'), { inventoryFile: fixture('exec/inventory.yaml') });
  assert.is(summary.exitCode, 0);
  assert.is(await readFile(join(out, 'c'), 'utf8'), 'local');
});

test('migration aid: a module runbook lacks is reported at its line with what to write instead, bare or qualified', async () => {
  const dir = writeTree({
    'site.yaml': '- hosts: all\n  tasks:\n    - community.general.pacman: {name: git}\n    - pacman: {name: git}\n',
  });
  const text = (await compileProblems(join(dir, 'site.yaml'))).join('\n');
  assert.match(text, /site\.yaml:3:7: runbook has no module "pacman" \(written as community\.general\.pacman\)\n\s*hint: runbook has no pacman module yet: write package: \(name, state\)/);
  assert.match(text, /site\.yaml:4:7: unknown key "pacman" in task[^\n]*\n\s*hint: runbook has no pacman module yet: write package:/);
});

test('a loop over an undefined variable is skipped when the task\'s when (without the item) is false; fails otherwise', async () => {
  const dir = writeTree({
    'site.yaml': `
- hosts: alpha
  gather_facts: false
  tasks:
    - name: guarded
      ansible.builtin.debug: {msg: "{{ item.name }}"}
      loop: "{{ entries }}"
      when:
        - entries is defined
        - item.state is not defined or item.state != "absent"
    - name: unguarded
      ansible.builtin.debug: {msg: "{{ item }}"}
      loop: "{{ entries }}"
`,
  });
  const { summary, events } = await runFixture(join(dir, 'site.yaml'), { inventoryFile: fixture('exec/inventory.yaml') });
  assert.is(resultOf(events, 'guarded', 'alpha').skipped, true);
  assert.match(String(resultOf(events, 'unguarded', 'alpha').msg), /'entries' is undefined/);
  assert.is(summary.exitCode, 2);
});

test.run();
