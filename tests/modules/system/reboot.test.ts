// reboot: the wait logic with a scripted host and a fake clock — reconnect until the boot identity changed,
// then until test_command succeeds, bounded by reboot_timeout; Ansible's command, messages and results.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Connection } from '../../../src/engine/connection/types.js';
import { UnreachableError } from '../../../src/engine/errors.js';
import { BOOT_IDENTITY_COMMAND, controllerIdentity } from '../../../src/modules/system/boot-identity.js';
import { retryUntil, type RetryClock } from '../../../src/modules/system/retry-until.js';
import { performReboot, reboot, rebootCommand, type RebootParams } from '../../../src/modules/system/reboot.js';
import { recordedHost, type RecordedTester } from '../../helpers/recorded-tester.js';

function fakeClock(): RetryClock & { slept: number[] } {
  let t = 1_000_000;
  const slept: number[] = [];
  return { slept, now: () => t, random: () => 0, sleep: async (ms) => void (slept.push(ms), (t += ms)) };
}

const params = (over: Partial<RebootParams> = {}): RebootParams => ({
  reboot_timeout: 600,
  pre_reboot_delay: 0,
  post_reboot_delay: 0,
  test_command: 'whoami',
  msg: 'Reboot initiated by Ansible',
  boot_time_command: BOOT_IDENTITY_COMMAND,
  ...over,
});

/** A host whose reconnections answer, in turn: still the old boot, refused, then the new boot. */
function rebootingHost(afterReboot: (string | Error)[], testCode = 0) {
  const reconnects: string[] = [];
  const seq = [...afterReboot];
  const h: RecordedTester = recordedHost({
    facts: [['boot_id', { stdout: 'b1\n100\n' }]],
    execs: [[/shutdown/, { code: 0 }]],
    reconnect: async () => {
      const next = seq.shift() ?? 'b1 200';
      reconnects.push(String(next));
      if (next instanceof Error) throw next;
      const c = recordedHost({ execs: [[/boot_id/, { stdout: `${next.replace(' ', '\n')}\n` }], [/whoami/, { code: testCode, stdout: 'root\n' }]] });
      return c.conn as Connection;
    },
  });
  return { h, reconnects };
}

test('the reboot command is Ansible\'s: shutdown -r <minutes> "<msg>" from the sbin directories', () => {
  assert.match(rebootCommand(params()), /exec "\$d\/shutdown" -r 0 'Reboot initiated by Ansible'/);
  assert.match(rebootCommand(params({ pre_reboot_delay: 150 })), /shutdown" -r 2 /);
  assert.is(rebootCommand(params({ reboot_command: 'systemctl reboot' })), 'systemctl reboot');
});

test('waits through "not yet down" and "refused" until the boot identity changed, then test_command', async () => {
  const { h, reconnects } = rebootingHost(['b1 100', new UnreachableError('connection refused'), 'b1 200']);
  const clock = fakeClock();
  const result = await performReboot(h.context(), params(), 'b1 100', clock);
  assert.equal(reconnects, ['b1 100', 'UnreachableError: connection refused', 'b1 200']);
  assert.equal(clock.slept, [1000, 2000]);
  assert.equal(result, { rebooted: true, elapsed: 3 });
  assert.match(h.commands[0]!, /shutdown/);
});

test('the connection dying under the reboot command is the reboot happening, not a failure', async () => {
  const { h } = rebootingHost(['b1 200']);
  h.transport.execs = [[/shutdown/, () => Promise.reject(new UnreachableError('connection lost'))]];
  const result = await performReboot(h.context(), params(), 'b1 100', fakeClock());
  assert.is(result.rebooted, true);
});

test('a failing reboot command fails the task with Ansible\'s message; nothing is waited for', async () => {
  const { h, reconnects } = rebootingHost([]);
  h.transport.execs = [[/shutdown/, { code: 1, stderr: 'System has not been booted with systemd' }]];
  const e = await performReboot(h.context(), params(), 'b1 100', fakeClock()).catch((x: Error & { data?: unknown }) => x);
  assert.match(String(e), /Reboot command failed. Error was , System has not been booted with systemd/);
  assert.equal((e as { data?: unknown }).data, { rebooted: false, elapsed: 0, rc: 1 });
  assert.equal(reconnects, []);
});

test('a host that never comes back times out after reboot_timeout with rebooted=true', async () => {
  const { h } = rebootingHost(Array(50).fill(new UnreachableError('refused')));
  const clock = fakeClock();
  const e = await performReboot(h.context(), params({ reboot_timeout: 30 }), 'b1 100', clock).catch((x: Error & { data?: Record<string, unknown> }) => x);
  assert.match(String(e), /Timed out waiting for last boot time check \(timeout=30\)/);
  assert.is((e as { data?: Record<string, unknown> }).data?.rebooted, true);
  // Backoff 1, 2, 4, 8, 12, then the rest of the 30 s.
  assert.equal(clock.slept.slice(0, 5), [1000, 2000, 4000, 8000, 12000]);
});

test('test_command must succeed too', async () => {
  const { h } = rebootingHost(Array(50).fill('b1 200'), 1);
  const e = await performReboot(h.context(), params({ reboot_timeout: 10 }), 'b1 100', fakeClock()).catch((x: Error) => x);
  assert.match(String(e), /Timed out waiting for post-reboot test command \(timeout=10\).*Test command failed/);
});

test('plan: one change predicted (check mode runs nothing but the identity read); the controller itself is refused', async () => {
  const h = recordedHost({ facts: [['boot_id', { stdout: 'other\n5\n' }]] });
  const plan = await h.plan(reboot, {}, true);
  assert.equal(plan.changes.map((c) => c.summary), ['reboot fake']);
  assert.equal(plan.data, { rebooted: true, elapsed: 0 });
  assert.equal(h.commands, []);
  const mine = controllerIdentity();
  if (mine) {
    const self = recordedHost({ facts: [['boot_id', { stdout: mine.replace(' ', '\n') }]] });
    assert.match(String(await self.plan(reboot, {}).catch((e: Error) => e)), /would reboot the control node/);
  }
});

test('retryUntil bounds a hanging attempt', async () => {
  const clock = fakeClock();
  let n = 0;
  const v = await retryUntil(async () => (++n === 1 ? new Promise<number>(() => {}) : 7), { deadline: clock.now() + 60_000, attemptTimeout: 50, what: 'x', timeoutSeconds: 60, clock });
  assert.is(v, 7);
  assert.is(n, 2);
});

test.run();
