// Issue 10.9: there was no default command timeout: one hung command hung the run. Every command now stops
// after the host's command_timeout (default 3600 s; a task's timeout: wins); the host fails, the others
// finish, and the hung command is gone afterwards.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_COMMAND_TIMEOUT_S, commandTimeoutMs } from '../../src/engine/inventory/types.js';
import { resultOf, runFixture, tempDir } from './execute-harness.js';

test('the default, and 0 for no limit', () => {
  assert.is(DEFAULT_COMMAND_TIMEOUT_S, 3600);
  assert.is(commandTimeoutMs({ connection: 'ssh', host: 'h', host_key_checking: 'off' }), 3_600_000);
  assert.is(commandTimeoutMs({ connection: 'ssh', host: 'h', host_key_checking: 'off', command_timeout: 0 }), undefined);
});

test('a hung command: the host fails with "timed out", the other host finishes, nothing is left running', async () => {
  const dir = await tempDir();
  // A sleep no other test runs, to find it in the process list afterwards.
  const hang = 'sleep 97.25';
  writeFileSync(
    join(dir, 'inventory.yaml'),
    `all:\n  hosts:\n    stuck: {connection: local, command_timeout: 1, vars: {cmd: "${hang}"}}\n    fine: {connection: local, command_timeout: 1, vars: {cmd: "true"}}\n`,
  );
  writeFileSync(join(dir, 'play.yaml'), '- hosts: all\n  gather_facts: false\n  tasks:\n    - name: run\n      command: "{{ cmd }}"\n    - name: after\n      debug: {msg: next}\n');
  const { summary, events } = await runFixture(join(dir, 'play.yaml'));
  assert.is(summary.exitCode, 2);
  assert.match(String(resultOf(events, 'run', 'stuck').msg), /timed out after 1000 ms on stuck/);
  assert.is(resultOf(events, 'after', 'fine').failed, false);
  assert.equal(summary.stats.fine!.failed, 0);
  const ps = execFileSync('ps', ['-eo', 'args']).toString();
  assert.not.match(ps, hang);
});

test("a task's timeout wins over the host's command_timeout", async () => {
  const dir = await tempDir();
  writeFileSync(join(dir, 'inventory.yaml'), 'all:\n  hosts:\n    h: {connection: local, command_timeout: 1}\n');
  writeFileSync(join(dir, 'play.yaml'), '- hosts: h\n  gather_facts: false\n  tasks:\n    - name: slow but allowed\n      command: sleep 1.5\n      timeout: 30\n');
  const { summary } = await runFixture(join(dir, 'play.yaml'));
  assert.is(summary.exitCode, 0);
});

test.run();
