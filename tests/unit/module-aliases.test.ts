// Module parameter aliases, as Ansible has them: declared only for real params, renamed at compile time in
// every form (mapping, k=v, args:), accepted by the document schema, listed in the docs, refused when a
// param is given twice; a ported `lineinfile: dest=...` task edits the file exactly as `path:` does.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CompiledTask } from '../../src/engine/compile/types.js';
import { validateDocument } from '../../src/engine/validate/index.js';
import { modulesReference } from '../../src/engine/validate/schema/modules-doc.js';
import { parseYaml } from '../../src/engine/load/yaml.js';
import { modules } from '../../src/modules/index.js';
import { compileOk, compileProblems, taskNamed, writeTree } from './compile-tmp.js';
import { resultOf, runFixture, tempDir } from './execute-harness.js';

const all = Object.values(modules);

test('every alias names a real param of its module and is not itself a param', () => {
  for (const m of all) {
    for (const [alias, param] of Object.entries(m.aliases ?? {})) {
      assert.ok(Object.hasOwn(m.params.properties, param), `${m.name}: alias ${alias} of unknown param ${param}`);
      assert.not.ok(Object.hasOwn(m.params.properties, alias), `${m.name}: alias ${alias} is also a param`);
      assert.ok(alias !== m.freeForm, `${m.name}: alias ${alias} is the free-form param`);
    }
  }
});

test('the aliases declared are those of the Ansible modules of the same name', () => {
  const declared = Object.fromEntries(all.filter((m) => m.aliases).map((m) => [m.name, m.aliases]));
  assert.equal(declared.lineinfile, { dest: 'path', destfile: 'path', name: 'path', regex: 'regexp', value: 'line' });
  assert.equal(declared.blockinfile, { dest: 'path', destfile: 'path', name: 'path', content: 'block' });
  assert.equal(declared.file, { dest: 'path', name: 'path' });
  assert.equal(declared.stat, { dest: 'path', name: 'path', checksum: 'checksum_algorithm', checksum_algo: 'checksum_algorithm' });
  assert.equal(declared.systemd, { service: 'name', unit: 'name', 'daemon-reload': 'daemon_reload', 'daemon-reexec': 'daemon_reexec' });
  for (const none of ['command', 'shell', 'copy', 'wait_for', 'set_fact', 'debug', 'hostname']) assert.is(declared[none], undefined, none);
});

const tree = writeTree({
  'site.yaml': `
- hosts: all
  tasks:
    - name: canonical
      lineinfile: {path: /etc/hosts, line: 10.0.0.1 zk, regexp: ' zk$'}
    - name: kv
      lineinfile: dest=/etc/hosts line="10.0.0.1 zk" regex=" zk$"
    - name: mapping
      lineinfile: {destfile: /etc/hosts, value: 10.0.0.1 zk, regexp: ' zk$'}
    - name: args
      lineinfile: {line: 10.0.0.1 zk, regexp: ' zk$'}
      args: {name: /etc/hosts}
    - name: dashed kv key
      systemd: unit=dnsmasq daemon-reload=yes
`,
  'both.yaml': `
- hosts: all
  tasks:
    - lineinfile: dest=/etc/hosts path=/etc/hosts line=x
    - lineinfile:
        dest: /etc/a
        name: /etc/b
        line: x
    - file: {path: /tmp/a}
      args: {dest: /tmp/b}
`,
});

test('an alias is renamed to its param in every form: mapping, k=v, args:', async () => {
  const [play] = (await compileOk(join(tree, 'site.yaml'))).plays;
  const args = (name: string) => (taskNamed(play!.tasks, name) as CompiledTask).args;
  const expected = { path: '/etc/hosts', line: '10.0.0.1 zk', regexp: ' zk$' };
  for (const name of ['canonical', 'kv', 'mapping']) assert.equal(args(name), expected, name);
  assert.equal(args('args'), { path: '/etc/hosts', line: '10.0.0.1 zk', regexp: ' zk$' });
  // Ansible's k=v keys may hold a dash; the alias's param types the value.
  assert.equal(args('dashed kv key'), { name: 'dnsmasq', daemon_reload: true });
});

test('a param given under two of its names is refused where the second is written', async () => {
  const problems = await compileProblems(join(tree, 'both.yaml'));
  const file = join(tree, 'both.yaml');
  assert.equal(
    problems.map((p) => p.split('\n')[0]),
    [
      `${file}:4:19: lineinfile: path is given twice, as "dest" and as "path"`,
      `${file}:7:15: lineinfile: path is given twice, as "dest" and as "name"`,
      `${file}:9:20: file: path is given twice, as "dest" and as "path"`,
    ],
  );
  assert.match(problems[0]!, /hint: "dest" is another name for "path": keep only one/);
});

test('the document schema accepts alias keys and a required param given by its alias', () => {
  const doc = (yaml: string) => validateDocument('tasks', parseYaml(yaml, 't.yaml'));
  assert.equal(doc('- lineinfile: {dest: /etc/hosts, line: x}\n- systemd: {service: x, daemon-reload: true}\n'), []);
  assert.equal(doc('- lineinfile: {line: x}\n  args: {destfile: /etc/hosts}\n'), []);
  const [missing] = doc('- lineinfile: {line: x}\n');
  assert.is(missing?.message, 'missing "path" (or an alias: dest, destfile, name) in lineinfile arguments');
  assert.is(doc('- file: {dest: 3}\n')[0]?.message, 'dest must be a string, not the number 3');
});

test('docs/modules.md and `runbook modules NAME` list the aliases', () => {
  assert.ok(modulesReference(all).includes('| `path` (aliases `dest`, `destfile`, `name`) | string | yes |'));
  assert.ok(modulesReference(all).includes('| `block` (alias `content`) |'));
  const out = execFileSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'modules', 'systemd'], { encoding: 'utf8' });
  assert.match(out, /daemon_reload \(boolean, default false\)  alias: daemon-reload/);
});

test('a ported `lineinfile: dest=... line=...` task edits the file exactly as `path:` does', async () => {
  const dir = await tempDir();
  const hosts = '127.0.0.1 localhost\n10.0.0.9 zk\n';
  await writeFile(join(dir, 'ported'), hosts);
  await writeFile(join(dir, 'native'), hosts);
  const play = writeTree({
    'inventory.yaml': 'all:\n  hosts:\n    alpha: {connection: local}\n',
    'play.yaml': `
- hosts: all
  tasks:
    - name: ported
      lineinfile: dest=${dir}/ported regexp=" zk$" line="10.0.0.2 zk"
    - name: native
      lineinfile: {path: ${dir}/native, regexp: ' zk$', line: 10.0.0.2 zk}
`,
  });
  const { summary, events } = await runFixture(join(play, 'play.yaml'));
  assert.is(summary.exitCode, 0);
  assert.is(await readFile(join(dir, 'ported'), 'utf8'), '127.0.0.1 localhost\n10.0.0.2 zk\n');
  assert.is(await readFile(join(dir, 'ported'), 'utf8'), await readFile(join(dir, 'native'), 'utf8'));
  assert.is(resultOf(events, 'ported', 'alpha').changed, resultOf(events, 'native', 'alpha').changed);
});

test.run();
