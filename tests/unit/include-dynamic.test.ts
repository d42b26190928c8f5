// include_tasks / include_role with Ansible's run-time semantics: a templated target is resolved on each host
// when reached (after facts and set_fact), validate checks what it can resolve before the run and notes the
// rest, a task file no host reaches is never compiled, one that a host reaches with a module runbook lacks
// fails that host only, loops include once per item, and the include's own when/tags stay the include's.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { compileOk, compileProblems, writeTree } from './compile-tmp.js';
import { fixture, runFixture, tempDir } from './execute-harness.js';

const inventoryFile = fixture('exec/inventory.yaml');

async function project(): Promise<{ dir: string; out: string }> {
  const out = await tempDir();
  const dir = writeTree({
    'site.yaml': `
- hosts: all
  gather_facts: false
  vars: {out: ${out}}
  tasks:
    - ansible.builtin.set_fact:
        family: "{{ 'Debian' if inventory_hostname == 'alpha' else 'Archlinux' }}"
    - name: os-specific setup
      ansible.builtin.include_tasks: "setup-{{ family }}.yml"
    - ansible.builtin.include_tasks: item.yml
      loop: [one, two]
      loop_control: {loop_var: part}
    - ansible.builtin.include_tasks: never.yml
      when: false
    - ansible.builtin.include_role: {name: greet}
      vars: {greeting: "{{ part | default('hello') }}"}
`,
    'setup-Debian.yml': '- ansible.builtin.copy: {dest: "{{ out }}/{{ inventory_hostname }}-debian", content: "apt\\n"}\n',
    'setup-Archlinux.yml': '- community.general.pacman: {name: nginx}\n',
    'setup-RedHat.yml': '- yumm: {name: nginx}\n',
    'item.yml': '- ansible.builtin.copy: {dest: "{{ out }}/{{ inventory_hostname }}-{{ part }}", content: "{{ part }}\\n"}\n',
    'never.yml': '- no_such_module: {}\n',
    'roles/greet/tasks/main.yml': '- ansible.builtin.copy: {dest: "{{ out }}/{{ inventory_hostname }}-greet", content: "{{ greeting }}\\n"}\n',
  });
  return { dir, out };
}

test('validate: a target resolvable before the run is checked, a templated one over facts is a located note', async () => {
  const { dir } = await project();
  // never.yml has no template: it is checked now. Its module runbook lacks is a located note, not an error:
  // Ansible loads an included file only on a host that reaches the include (ansible-playbook --syntax-check
  // passes this playbook, and a run skips the include under when: false without reading the file).
  const playbook = await compileOk(join(dir, 'site.yaml'));
  const notes = playbook.notes.map((n) => `${n.loc?.file}:${n.loc?.line}:${n.loc?.col}: ${n.message}`).join('\n');
  assert.match(notes, /never\.yml:1:3: .*no_such_module.*a host that reaches this include fails there/);
  assert.not.match(notes, /pacman|yumm/);
  // Anything else wrong in a file validate can read is an error, as before.
  await writeFile(join(dir, 'never.yml'), '- ansible.builtin.copy: {dest: /tmp/x, bogus: 1}\n');
  assert.match((await compileProblems(join(dir, 'site.yaml'))).join('\n'), /never\.yml:1:.*bogus/);
});

test('run: a literal include of a file with a module runbook lacks fails the host that reaches it, and only it', async () => {
  const out = await tempDir();
  const dir = writeTree({
    'site.yaml': `
- hosts: all
  gather_facts: false
  tasks:
    - include_tasks: setup-FreeBSD.yml
      when: inventory_hostname == 'beta'
    - ansible.builtin.copy: {dest: "${out}/{{ inventory_hostname }}", content: "done\\n"}
`,
    'setup-FreeBSD.yml': '- pkgng: {name: nginx}\n',
  });
  const r = await runFixture(join(dir, 'site.yaml'), { inventoryFile });
  assert.is(r.summary.exitCode, 2);
  assert.equal([r.summary.stats.alpha!.failed, r.summary.stats.beta!.failed], [0, 1]);
  assert.match(JSON.stringify(r.events.find((e) => e.kind === 'host-result' && e.host === 'beta' && e.status === 'failed')), /pkgng/);
  assert.is(await readFile(join(out, 'alpha'), 'utf8'), 'done\n');
  assert.not.ok(existsSync(join(out, 'beta')));
});

test('run: each host includes its own file; the file a host never reaches is never compiled; a lacking module fails only the host that reaches it', async () => {
  const { dir, out } = await project();
  await writeFile(join(dir, 'never.yml'), '- ansible.builtin.debug: {msg: never}\n');
  const playbook = await compileOk(join(dir, 'site.yaml'));
  assert.equal(playbook.notes.map((n) => `${n.loc?.line}:${n.loc?.col}`), ['9:38']);
  assert.match(playbook.notes[0]!.message, /include_tasks "setup-\{\{ family \}\}\.yml" is resolved on each host when reached \(it needs family, known only on the host\)/);
  const first = await runFixture(join(dir, 'site.yaml'), { inventoryFile });
  assert.is(first.summary.exitCode, 2);
  assert.is(first.summary.stats.alpha!.failed, 0);
  assert.is(first.summary.stats.beta!.failed, 1);
  const failure = first.events.find((e) => e.kind === 'host-result' && e.host === 'beta' && e.status === 'failed');
  assert.match(JSON.stringify(failure), /community\.general\.pacman/);
  assert.is(await readFile(join(out, 'alpha-debian'), 'utf8'), 'apt\n');
  assert.is(await readFile(join(out, 'alpha-one'), 'utf8'), 'one\n');
  assert.is(await readFile(join(out, 'alpha-two'), 'utf8'), 'two\n');
  assert.is(await readFile(join(out, 'alpha-greet'), 'utf8'), 'hello\n');
  assert.not.ok(existsSync(join(out, 'beta-one')));
  // The include with when: false is skipped on the host, and its file's task never starts.
  assert.not.ok(first.events.some((e) => e.kind === 'task-start' && e.task.name === 'debug'));
  const second = await runFixture(join(dir, 'site.yaml'), { inventoryFile, limit: 'alpha' });
  assert.is(second.summary.exitCode, 0);
  assert.is(second.summary.stats.alpha!.changed, 0);
});

test('include_role loops, with the item visible to the role; tags on the include select the include only', async () => {
  const out = await tempDir();
  const dir = writeTree({
    'site.yaml': `
- hosts: alpha
  gather_facts: false
  tasks:
    - ansible.builtin.include_role: {name: greet}
      loop: [a, b]
      tags: [greet]
    - ansible.builtin.include_tasks: tagged.yml
      tags: [greet]
`,
    'roles/greet/tasks/main.yml': `- ansible.builtin.copy: {dest: "${out}/{{ item }}", content: "{{ item }}\\n"}\n  tags: [greet]\n- ansible.builtin.copy: {dest: "${out}/untagged-{{ item }}", content: "x\\n"}\n`,
    'tagged.yml': `- ansible.builtin.copy: {dest: "${out}/tagged", content: "t\\n"}\n  tags: [greet]\n- ansible.builtin.copy: {dest: "${out}/other", content: "o\\n"}\n`,
  });
  const { summary } = await runFixture(join(dir, 'site.yaml'), { inventoryFile, tags: ['greet'] });
  assert.is(summary.exitCode, 0);
  assert.equal([await readFile(join(out, 'a'), 'utf8'), await readFile(join(out, 'b'), 'utf8'), await readFile(join(out, 'tagged'), 'utf8')], ['a\n', 'b\n', 't\n']);
  assert.not.ok(existsSync(join(out, 'untagged-a')) || existsSync(join(out, 'other')));
});

test('the mapping forms: import_tasks/include_tasks with file:, include_tasks and include_role with apply: (keywords for the included tasks)', async () => {
  const out = await tempDir();
  const dir = writeTree({
    'site.yaml': `
- hosts: alpha
  gather_facts: false
  tasks:
    - ansible.builtin.import_tasks:
        file: a.yml
    - ansible.builtin.include_tasks:
        file: b.yml
        apply:
          tags: [b]
      tags: [b]
`,
    'a.yml': `- ansible.builtin.copy: {dest: "${out}/a", content: "a\\n"}\n  tags: [b]\n`,
    'b.yml': `- ansible.builtin.copy: {dest: "${out}/b", content: "b\\n"}\n`,
  });
  const { summary } = await runFixture(join(dir, 'site.yaml'), { inventoryFile, tags: ['b'] });
  assert.is(summary.exitCode, 0);
  // b.yml's task has no tag of its own: apply: gave it the include's.
  assert.equal([await readFile(join(out, 'a'), 'utf8'), await readFile(join(out, 'b'), 'utf8')], ['a\n', 'b\n']);
  const problems = (await compileProblems(join(writeTree({ 'p.yaml': '- hosts: all\n  tasks:\n    - import_tasks: {file: x.yml, apply: {tags: [a]}}\n', 'x.yml': '[]\n' }), 'p.yaml'))).join('\n');
  assert.match(problems, /p\.yaml:3:35: unknown key "apply" in import_tasks options/);
});

test.run();
