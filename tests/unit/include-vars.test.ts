// include_vars as roles use it: a file named by a fact-like variable found in the role's vars/, with_first_found
// (searching vars/ as Ansible's task executor does for include_vars), the first_found lookup with files and
// paths, skip, a dir (sorted, depth, files_matching) and name:. The variables are there for later tasks.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { writeTree } from './compile-tmp.js';
import { fixture, resultOf, runFixture } from './execute-harness.js';

const inventoryFile = fixture('exec/inventory.yaml');

test('include_vars: role vars/ by name, with_first_found, first_found with paths, skip, dir with depth and files_matching, name', async () => {
  const dir = writeTree({
    'site.yaml': `
- hosts: alpha
  gather_facts: false
  vars: {family: Debian}
  roles: [web]
  tasks:
    - ansible.builtin.include_vars:
        dir: conf
        depth: 1
        files_matching: '\\.yml$'
        name: conf
    - ansible.builtin.include_vars: extra.yaml
    - name: show
      ansible.builtin.debug:
        msg: "{{ [web_package, web_user, web_port, conf, extra, skipped_count] }}"
`,
    'roles/web/vars/Debian.yml': 'web_package: nginx-light\n',
    'roles/web/vars/main.yml': 'web_user: www-data\n',
    'roles/web/vars/default.yml': 'web_user: nobody\nweb_port: 80\n',
    'roles/web/files/port.yml': 'web_port: 8080\n',
    'roles/web/tasks/main.yml': `
- ansible.builtin.include_vars: "{{ family }}.yml"
- ansible.builtin.include_vars: "{{ item }}"
  with_first_found:
    - "RedHat.yml"
    - "default.yml"
- name: first_found lookup with files and paths (relative to the role)
  ansible.builtin.include_vars: "{{ lookup('ansible.builtin.first_found', params) }}"
  vars:
    params:
      files: ["{{ family }}-port.yml", port.yml]
      paths: [files]
- ansible.builtin.set_fact:
    skipped_count: "{{ query('first_found', ['nope.yml'], skip=True) | length }}"
`,
    'conf/b.yml': 'b: 2\n',
    'conf/a.yml': 'a: 1\nb: 1\n',
    'conf/notes.txt': 'not loaded\n',
    'conf/deeper/c.yml': 'c: 3\n',
    'vars/extra.yaml': 'extra: playbook vars dir\n',
  });
  const { summary, events } = await runFixture(join(dir, 'site.yaml'), { inventoryFile });
  assert.is(summary.exitCode, 0, JSON.stringify(events.filter((e) => e.kind === 'host-result' && e.status === 'failed')));
  assert.equal(resultOf(events, 'show', 'alpha').msg, ['nginx-light', 'nobody', 8080, { conf: { a: 1, b: 2 } }.conf, 'playbook vars dir', 0]);
});

test('include_vars: a missing file fails the task with where it looked', async () => {
  const dir = writeTree({ 'site.yaml': '- hosts: alpha\n  gather_facts: false\n  tasks:\n    - name: load\n      include_vars: {file: missing.yml}\n' });
  const { summary, events } = await runFixture(join(dir, 'site.yaml'), { inventoryFile });
  assert.is(summary.exitCode, 2);
  assert.match(String(resultOf(events, 'load', 'alpha').msg), /could not find file "missing\.yml" \(searched .*vars\/missing\.yml/);
});

test.run();
