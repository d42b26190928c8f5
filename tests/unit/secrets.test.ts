// Issue 10.8: secrets leaked through a retry event of a no_log task, the error of a broken become_password
// template, and `runbook inventory`, which hid `password` but printed ansible_password / ansible_become_pass.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync, spawnSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { userInfo } from 'node:os';
import type { RunEvent } from '../../src/engine/events.js';
import { censorEvent, CENSORED } from '../../src/engine/execute/outcome.js';
import { isSecretName } from '../../src/engine/inventory/secrets.js';
import { ANSIBLE_ALIASES } from '../../src/engine/inventory/connection.js';
import { resultOf, runFixture, tempDir } from './execute-harness.js';

const SECRET = 's3cret-Zq9';

async function run(playbook: string, inventory: string) {
  const dir = await tempDir();
  await writeFile(join(dir, 'play.yaml'), playbook);
  await writeFile(join(dir, 'inventory.yaml'), inventory);
  return runFixture(join(dir, 'play.yaml'));
}

const LOCAL = 'all:\n  hosts:\n    h: {connection: local}\n';

test('a no_log task retrying: the retry events carry no msg from the result', async () => {
  const { events } = await run(
    `- hosts: h\n  gather_facts: false\n  vars: {pw: ${SECRET}}\n  tasks:\n` +
      `    - name: retried\n      fail: {msg: "bad {{ pw }}"}\n      until: "1 == 2"\n      retries: 2\n      delay: 0\n      no_log: true\n`,
    LOCAL,
  );
  const retries = events.filter((e) => e.kind === 'retry');
  assert.is(retries.length, 2, 'the retries happened (and were reported)');
  assert.is((retries[0] as { msg?: string }).msg, CENSORED);
  assert.not.match(JSON.stringify(events), SECRET);
});

test('the same task without no_log shows the msg: the test above can see a leak', async () => {
  const { events } = await run(
    `- hosts: h\n  gather_facts: false\n  vars: {pw: ${SECRET}}\n  tasks:\n` +
      `    - name: retried\n      fail: {msg: "bad {{ pw }}"}\n      until: "1 == 2"\n      retries: 1\n      delay: 0\n`,
    LOCAL,
  );
  assert.match(JSON.stringify(events.filter((e) => e.kind === 'retry')), SECRET);
});

test('censorEvent: every event a task emits loses its values', () => {
  const task = { id: 't', name: 'n', module: 'm', loc: { file: 'f', line: 1, col: 1 }, handler: false, tags: [] };
  const result = { changed: true, failed: false, msg: SECRET, stdout: SECRET };
  const events: RunEvent[] = [
    { kind: 'host-result', task, host: 'h', status: 'changed', result, durationMs: 1 },
    { kind: 'item-result', task, host: 'h', status: 'changed', item: SECRET, result: { ...result, results: [result] }, durationMs: 1 },
    { kind: 'retry', task, host: 'h', attempt: 1, retries: 2, msg: SECRET },
    { kind: 'warning', host: 'h', message: `about ${SECRET}` },
  ];
  for (const e of events) {
    const c = censorEvent(e);
    assert.is(c.kind, e.kind);
    assert.not.match(JSON.stringify(c), SECRET, e.kind);
  }
});

test('a broken become_password template fails the task without quoting it', async () => {
  // Becoming another user than the one running the test, so the password is needed (and rendered).
  const other = userInfo().username === 'nobody' ? 'root' : 'nobody';
  for (const [pw, says] of [[`${SECRET}{{#if}}`, /its template is invalid/], [`${SECRET}{{ missing_var }}`, /'missing_var' is undefined/]] as const) {
    const { events } = await run(
      `- hosts: h\n  gather_facts: false\n  tasks:\n    - name: as another\n      command: id\n      become: true\n`,
      `all:\n  hosts:\n    h: {connection: local, become_user: ${other}, become_password: ${JSON.stringify(pw)}}\n`,
    );
    const r = resultOf(events, 'as another', 'h');
    assert.is(r.failed, true);
    assert.match(String(r.msg), /become_password could not be rendered/);
    assert.match(String(r.msg), says);
    assert.not.match(JSON.stringify(events), SECRET);
  }
});

test('every Ansible alias of a secret setting is a secret name', () => {
  const aliases = Object.entries(ANSIBLE_ALIASES).filter(([, s]) => s === 'password' || s === 'become_password').map(([a]) => a);
  assert.ok(aliases.length >= 4);
  for (const a of aliases) assert.ok(isSecretName(a), a);
  assert.not.ok(isSecretName('ansible_user'));
});

test('runbook inventory --host and --list hide every alias of a password, in vars and connection', async () => {
  const dir = await tempDir();
  const vars = Object.entries(ANSIBLE_ALIASES)
    .filter(([, s]) => s === 'password' || s === 'become_password')
    .map(([alias], i) => `${alias}: ${SECRET}-${i}`);
  await writeFile(join(dir, 'inventory.yaml'), `all:\n  hosts:\n    h:\n      password: ${SECRET}\n      vars:\n        other: visible\n${vars.map((v) => `        ${v}\n`).join('')}`);
  for (const args of [['--host', 'h'], ['--list']]) {
    const out = execFileSync(process.execPath, ['bin/runbook.js', 'inventory', '-i', join(dir, 'inventory.yaml'), ...args]).toString();
    assert.not.match(out, SECRET, args[0]);
    assert.match(out, 'visible');
    assert.match(out, /ansible_become_pass"?: "?<hidden>/);
  }
});

test('a malformed ansible_become_pass is reported without its value', async () => {
  const dir = await tempDir();
  await writeFile(join(dir, 'inventory.yaml'), `all:\n  hosts:\n    h:\n      vars: {ansible_become_pass: [${SECRET}]}\n`);
  const r = spawnSync(process.execPath, ['bin/runbook.js', 'inventory', '-i', join(dir, 'inventory.yaml'), '--list'], { encoding: 'utf8' });
  assert.is(r.status, 1);
  assert.match(r.stderr + r.stdout, 'ansible_become_pass must be a string, not a list');
  assert.not.match(r.stderr + r.stdout, SECRET);
});

test.run();
