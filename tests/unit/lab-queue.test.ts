// The lab's waiting queue and operation lock, on a temporary directory (no root needed).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { withLabLock } from '../../src/lab/lock.js';
import { joinQueue } from '../../src/lab/queue.js';

const dir = mkdtempSync(`${tmpdir()}/runbook-labq-`);

test('first come, first served; tickets of dead processes are dropped', () => {
  const q = `${dir}/queue`;
  writeFileSync(`${q}-placeholder`, ''); // unrelated file beside it
  const a = joinQueue(q);
  // An older ticket from a process that no longer exists (pid 2^22+1 is above Linux's pid_max default range).
  writeFileSync(`${q}/${'0'.repeat(18)}1-4194305-1`, '');
  const b = joinQueue(q);
  assert.ok(a.first(), 'the dead older ticket does not block');
  assert.not.ok(readdirSync(q).some((t) => t.includes('-4194305-')));
  assert.not.ok(b.first(), 'b waits for a');
  a.leave();
  assert.ok(b.first());
  b.leave();
  assert.equal(readdirSync(q), []);
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

test.run();
