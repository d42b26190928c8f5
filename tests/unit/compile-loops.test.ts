// Loop forms at compile time: with_<lookup> keeps its terms for run time, a task loops one way only, and a
// with_ of a lookup runbook lacks is an error at its key that says what to write.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import type { CompiledTask } from '../../src/engine/compile/types.js';
import { compileOk, compileProblems, taskNamed, writeTree } from './compile-tmp.js';

test('with_<lookup> keeps the terms and the lookup; loop_control.extended is kept', async () => {
  const dir = writeTree({
    'site.yaml': `
- hosts: all
  tasks:
    - name: items
      debug: {msg: "{{ item }}"}
      with_items: [a, "{{ b }}"]
      loop_control: {extended: true, extended_allitems: false}
    - name: plain
      debug: {msg: "{{ item }}"}
      loop: [1]
`,
  });
  const [play] = (await compileOk(join(dir, 'site.yaml'))).plays;
  const items = taskNamed(play!.tasks, 'items') as CompiledTask;
  assert.equal([items.loop, items.loop_with], [['a', '{{ b }}'], 'items']);
  assert.equal(items.loop_control, { loop_var: 'item', extended: true, extended_allitems: false });
  assert.is((taskNamed(play!.tasks, 'plain') as CompiledTask).loop_with, undefined);
});

test('two loops on one task, or a lookup runbook lacks, are errors at the key', async () => {
  const dir = writeTree({
    'site.yaml': `
- hosts: all
  tasks:
    - debug: {msg: "{{ item }}"}
      loop: [1]
      with_items: [2]
    - debug: {msg: "{{ item }}"}
      with_random_choice: [a, b]
`,
  });
  const text = (await compileProblems(join(dir, 'site.yaml'))).join('\n');
  assert.match(text, /site\.yaml:6:7: a task loops one way only, and this one has loop and with_items/);
  assert.match(text, /site\.yaml:8:7: unknown key "with_random_choice"[^\n]*\n\s*hint: runbook has no random_choice lookup to loop over; write loop:/);
});

test.run();
