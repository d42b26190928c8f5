// Per-task `diff:` over the run's --diff, both ways; and become_method/strategy values runbook lacks
// refused at their line with what to write instead.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { compileProblems, writeTree } from './compile-tmp.js';
import { fixture, resultOf, runFixture, tempDir } from './execute-harness.js';

const playbook = (workdir: string) =>
  writeTree({
    'site.yaml': `
- hosts: alpha
  gather_facts: false
  tasks:
    - name: shown
      copy: {dest: "${workdir}/a.txt", content: "a\\n"}
      diff: true
    - name: hidden
      copy: {dest: "${workdir}/b.txt", content: "b\\n"}
      diff: false
`,
  });

test('diff: true shows a task\'s diff without --diff; diff: false hides it under --diff; reruns change nothing', async () => {
  const inventoryFile = fixture('exec/inventory.yaml');
  let file = '';
  for (const diff of [false, true]) {
    // A fresh directory each time, so that both files are created (and so diffed) again.
    file = join(playbook(await tempDir()), 'site.yaml');
    const { events } = await runFixture(file, { inventoryFile, diff });
    assert.ok(resultOf(events, 'shown', 'alpha').diff, `shown, --diff ${diff}`);
    assert.is(resultOf(events, 'hidden', 'alpha').diff, undefined, `hidden, --diff ${diff}`);
  }
  const again = await runFixture(file, { inventoryFile });
  assert.is(again.summary.stats.alpha!.changed, 0);
});

test('become_method other than sudo and strategy other than linear are refused at their line', async () => {
  const dir = writeTree({ 'site.yaml': '- hosts: all\n  strategy: free\n  tasks:\n    - command: id\n      become_method: su\n' });
  const text = (await compileProblems(join(dir, 'site.yaml'))).join('\n');
  assert.match(text, /site\.yaml:2:13: strategy must be one of "linear", not the string "free"\n\s*hint: runbook runs the linear strategy only/);
  assert.match(text, /site\.yaml:5:22: become_method must be one of "sudo", not the string "su"\n\s*hint: runbook becomes with sudo only/);
});

test.run();
