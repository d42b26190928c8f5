// include_role / import_role at run time: the role's tasks run where the include is, with its parameters,
// and a change notifies the role's handler; the second run changes nothing.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeTree } from './compile-tmp.js';
import { fixture, runFixture, tempDir } from './execute-harness.js';

test('an included role runs with its parameters and notifies its own handler; a rerun changes nothing', async () => {
  const workdir = await tempDir();
  const dir = writeTree({
    'site.yaml': `
- hosts: alpha
  gather_facts: false
  tasks:
    - name: setup
      ansible.builtin.include_role: {name: motd, tasks_from: write}
      vars: {motd_text: included}
    - ansible.builtin.import_role: {name: motd}
`,
    'roles/motd/defaults/main.yml': `motd_text: default\nworkdir: ${workdir}\n`,
    'roles/motd/tasks/main.yml': '- ansible.builtin.copy: {dest: "{{ workdir }}/main.txt", content: "{{ motd_text }}\\n"}\n',
    'roles/motd/tasks/write.yml': '- ansible.builtin.copy: {dest: "{{ workdir }}/motd.txt", content: "{{ motd_text }}\\n"}\n  notify: record\n',
    'roles/motd/handlers/main.yml': '- name: record\n  ansible.builtin.shell: echo recorded >> {{ workdir }}/handler.log\n',
  });
  const inventoryFile = fixture('exec/inventory.yaml');
  const first = await runFixture(join(dir, 'site.yaml'), { inventoryFile });
  assert.is(first.summary.exitCode, 0);
  assert.is(await readFile(join(workdir, 'motd.txt'), 'utf8'), 'included\n');
  assert.is(await readFile(join(workdir, 'main.txt'), 'utf8'), 'default\n');
  assert.is(await readFile(join(workdir, 'handler.log'), 'utf8'), 'recorded\n');
  const second = await runFixture(join(dir, 'site.yaml'), { inventoryFile });
  assert.is(second.summary.stats.alpha!.changed, 0);
  assert.is(await readFile(join(workdir, 'handler.log'), 'utf8'), 'recorded\n');
});

test.run();
