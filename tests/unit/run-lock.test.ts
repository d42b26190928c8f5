// Issue 10.7: two applies against one host interleaved. Now a run takes a lock on every host (a file naming
// the run's user, controller, pid and start time), reentrant for the same run, released at the end; a lock
// left by a killed run of this controller is taken over; another run's lock fails the host, naming the
// holder, or is waited for with --wait-lock. Local connection; the lock file is a temp path.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { lockLine, runIdentity, type RunIdentity } from '../../src/engine/execute/run-lock.js';
import { sleep } from '../../src/engine/execute/util.js';
import { resultOf, runFixture, tempDir } from './execute-harness.js';

const dir = await tempDir();
const lock = join(dir, 'runbook.lock');
process.env.RUNBOOK_LOCK_FILE = lock;
const out = join(dir, 'out.txt');
const play = join(dir, 'play.yaml');
writeFileSync(join(dir, 'inventory.yaml'), 'all:\n  hosts:\n    alpha: {connection: local}\n    beta: {connection: local}\n');
writeFileSync(play, `- hosts: all\n  gather_facts: false\n  tasks:\n    - name: write\n      copy: {dest: ${JSON.stringify(out)}, content: "{{ inventory_hostname }}\\n"}\n      delegate_to: alpha\n      run_once: true\n`);

const other: RunIdentity = { run: 'feedfacefeedface', user: 'ann', controller: 'laptop-of-ann', pid: 4242, started: '2026-12-04T10:00:00.000Z' };

test('one run over two names of one machine: reentrant, and the lock is gone afterwards', async () => {
  rmSync(out, { force: true });
  const { summary } = await runFixture(play);
  assert.is(summary.exitCode, 0);
  assert.ok(existsSync(out));
  assert.not.ok(existsSync(lock), 'released at the end of the run');
});

test("another run's lock: every host fails naming the holder; nothing is written; the lock is left alone", async () => {
  rmSync(out, { force: true });
  writeFileSync(lock, `${lockLine(other)}\n`);
  const { summary, events } = await runFixture(play);
  assert.is(summary.exitCode, 2);
  const msg = String(resultOf(events, 'write', 'alpha').msg);
  assert.match(msg, 'alpha is locked by another run: user ann on laptop-of-ann (pid 4242), running since 2026-12-04T10:00:00.000Z');
  assert.match(msg, `remove ${lock} on alpha`);
  assert.not.ok(existsSync(out));
  assert.is(readFileSync(lock, 'utf8'), `${lockLine(other)}\n`);
  rmSync(lock);
});

test('check mode takes no lock (it changes nothing)', async () => {
  writeFileSync(lock, `${lockLine(other)}\n`);
  const { summary } = await runFixture(play, { check: true });
  assert.is(summary.exitCode, 3);
  rmSync(lock);
});

test('a lock left by a killed run of this controller (its pid is gone) is taken over', async () => {
  rmSync(out, { force: true });
  const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
  writeFileSync(lock, `${lockLine({ ...runIdentity(), controller: hostname(), pid: Number(dead) })}\n`);
  const { summary } = await runFixture(play);
  assert.is(summary.exitCode, 0);
  assert.ok(existsSync(out));
  assert.not.ok(existsSync(lock));
});

test('--wait-lock: the run waits for the holder to finish, then runs', async () => {
  rmSync(out, { force: true });
  writeFileSync(lock, `${lockLine(other)}\n`);
  const run = runFixture(play, { runLock: { waitSeconds: 30 } });
  await sleep(1500, new AbortController().signal);
  assert.not.ok(existsSync(out), 'still waiting while the lock is held');
  rmSync(lock);
  const { summary } = await run;
  assert.is(summary.exitCode, 0);
  assert.ok(existsSync(out));
});

test('two runbook apply at once against one host: the second fails at once naming the first', async () => {
  const slow = join(dir, 'slow.yaml');
  const flag = join(dir, 'second-ran');
  const release = join(dir, 'release');
  // The first run holds the host until the test releases it (bounded): no timing decides the outcome.
  writeFileSync(slow, `- hosts: alpha\n  gather_facts: false\n  tasks:\n    - shell: 'for i in $(seq 600); do [ -e ${release} ] && exit 0; sleep 0.1; done; exit 1'\n    - command: touch ${flag}\n`);
  const env = { ...process.env, RUNBOOK_LOCK_FILE: lock };
  const args = ['bin/runbook.js', 'apply', slow, '-i', join(dir, 'inventory.yaml')];
  const first = spawn(process.execPath, args, { env, stdio: 'ignore' });
  const firstDone = new Promise<number | null>((r) => first.on('exit', r));
  for (let i = 0; i < 100 && !existsSync(lock); i++) await sleep(100, new AbortController().signal);
  assert.match(readFileSync(lock, 'utf8'), `pid=${first.pid} `);
  const second = spawnSync(process.execPath, args, { env, encoding: 'utf8' });
  assert.is(second.status, 2, second.stdout + second.stderr);
  assert.match(second.stdout, `alpha is locked by another run: user `);
  assert.match(second.stdout, `(pid ${first.pid})`);
  assert.not.ok(existsSync(flag), 'the second run did nothing');
  writeFileSync(release, '');
  assert.is(await firstDone, 0);
  assert.ok(existsSync(flag));
  assert.not.ok(existsSync(lock));
});

test.run();
