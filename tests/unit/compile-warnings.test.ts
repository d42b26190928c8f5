// Compile warnings: valid input that may not do what it seems to (a templated condition, an argument runbook ignores) is returned with the plan, located; `runbook validate` prints it
// without failing and a run emits it as warning events before the first play.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { formatProblem } from '../../src/engine/errors.js';
import { compileOk, writeTree } from './compile-tmp.js';
import { runFixture } from './execute-harness.js';

const tree = writeTree({
  'inventory.yaml': 'all:\n  hosts:\n    alpha: {connection: local}\n',
  'site.yaml': `
- hosts: all
  gather_facts: false
  vars: {x: 1}
  tasks:
    - debug: msg=hi verbosity=2
      when: "{{ x }} == 1"
    - include_tasks: inner.yaml
      when: x == 1
    - include_tasks: inner.yaml
    - set_fact: {a: 1, cacheable: true}
    - name: nothing to say about these
      debug: {msg: quiet, verbosity: 0}
      when: x == 1
    - import_tasks: inner.yaml
      when: x == 1
`,
  'inner.yaml': '- set_fact: {b: 2, cacheable: false}\n',
});
const site = join(tree, 'site.yaml');

test('compile returns located warnings, in file order, and the plan as usual', async () => {
  const playbook = await compileOk(site);
  assert.is(playbook.plays.length, 1);
  assert.equal(
    playbook.warnings.map((w) => `${w.loc!.line}:${w.loc!.col}: ${w.message}`),
    [
      '6:14: debug: verbosity is ignored: runbook always prints the message; Ansible prints it only at that -v level',
      `7:13: when: conditions should not contain {{ }}: write the expression itself (x == 'a', not "{{ x }} == 'a'")`,
      '11:35: set_fact: cacheable is ignored: runbook keeps facts for this run only; nothing is cached for later runs',
    ],
  );
  assert.ok(playbook.warnings.every((w) => w.loc!.file.endsWith('site.yaml')));
});

test('a playbook with nothing to say has no warnings', async () => {
  const clean = writeTree({ 'p.yaml': '- hosts: all\n  tasks:\n    - debug: {msg: hi}\n      when: x is defined\n' });
  assert.equal((await compileOk(join(clean, 'p.yaml'))).warnings, []);
});

test('runbook validate prints each warning as file:line:col: warning: and still exits 0', async () => {
  const { code, out } = await new Promise<{ code: number; out: string }>((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'validate', site, '-i', join(tree, 'inventory.yaml')], (err, stdout, stderr) =>
      resolve({ code: err ? Number(err.code) : 0, out: stdout + stderr }),
    );
  });
  assert.is(code, 0, out);
  assert.ok(out.includes(`${site}:6:14: warning: debug: verbosity is ignored`), out);
  assert.match(out, /site\.yaml: ok \(1 play, \d+ tasks\)/);
});

test('a run emits the warnings as warning events after run-start, before the first play', async () => {
  const playbook = await compileOk(site);
  const { summary, events } = await runFixture(site);
  assert.is(summary.exitCode, 0);
  const kinds = events.map((e) => e.kind);
  const warnings = events.filter((e) => e.kind === 'warning');
  assert.is(kinds.indexOf('warning'), 1);
  assert.ok(kinds.indexOf('play-start') > playbook.warnings.length);
  assert.equal(
    warnings.slice(0, playbook.warnings.length).map((e) => (e as { message: string }).message),
    playbook.warnings.map(formatProblem),
  );
});

test.run();
