// The lab's waiting queue and operation lock, on a temporary directory (no root needed).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, mkdtempSync, readdirSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { procStart } from '../../src/lab/sh.js';
import { tmpdir } from 'node:os';
import { withLabLock } from '../../src/lab/lock.js';
import { joinQueue } from '../../src/lab/queue.js';

const dir = mkdtempSync(`${tmpdir()}/runbook-labq-`);

test('first come, first served; tickets of dead processes are dropped; our own older ticket is our place', () => {
  const q = `${dir}/queue`;
  const a = joinQueue(q);
  // An older ticket of a process that no longer exists (pid 2^22+1 is above any pid_max default).
  writeFileSync(`${q}/${'0'.repeat(18)}1-4194305-1`, '');
  assert.ok(a.first(), 'the dead older ticket does not block');
  assert.not.ok(readdirSync(q).some((t) => t.includes('-4194305-')), 'and is removed');
  // A live older ticket of another process (PID 1) blocks us until it leaves.
  const other = `${q}/${'0'.repeat(18)}2-1-${procStart(1)}`;
  writeFileSync(other, '');
  assert.not.ok(a.first());
  unlinkSync(other);
  assert.ok(a.first());
  // A second ticket of the same process (or of the lab's owner) does not queue behind the first.
  const b = joinQueue(q);
  assert.ok(b.first());
  const c = joinQueue(q, 1);
  writeFileSync(other, '');
  assert.ok(c.first(), 'PID 1 is c\'s owner: its older ticket counts as c\'s place');
  assert.not.ok(a.first(), 'but a still waits behind it');
  unlinkSync(other);
  for (const t of [a, b, c]) t.leave();
  assert.not.ok(existsSync(q), 'the last one out removes the queue directory');
});

test('lab lock: exclusive, released after the operation, a stale lock is taken over', async () => {
  const lock = `${dir}/lab.lock`;
  const order: string[] = [];
  const slow = withLabLock(async () => {
    order.push('a-in');
    await new Promise((r) => setTimeout(r, 300));
    order.push('a-out');
  }, 5000, lock);
  await new Promise((r) => setTimeout(r, 50));
  await withLabLock(async () => void order.push('b'), 5000, lock);
  await slow;
  assert.equal(order, ['a-in', 'a-out', 'b']);
  assert.not.ok(existsSync(lock));

  writeFileSync(lock, '4194305 1\n'); // left by a killed process
  assert.is(await withLabLock(async () => 'taken over', 2000, lock), 'taken over');
  await withLabLock(async () => {
    await assert.not.throws(() => {});
    const e = await withLabLock(async () => 'x', 300, lock).catch((err: Error) => err);
    assert.instance(e, Error);
    assert.match((e as Error).message, /another lab operation is running/);
  }, 2000, lock);
});

test.after(() => rmSync(dir, { recursive: true, force: true }));

test.run();
