// Fault injection (issue 10): a host reboots in the middle of a run — here in the middle of a `copy` to it,
// the worst moment. What must hold: the run does not hang (it ends on its own, well inside the test's
// bound); the rebooting host is reported unreachable (exit 4) with a message that says what happened; the
// other host finishes its tasks; `dest` on the rebooted host is the old file, never a part of the new one;
// the run lock in /run does not outlive the boot; a rerun after the host is back installs the file, and the
// run after that changes nothing. The transfer is slowed with tc inside the host's namespace so that the
// reboot lands mid-transfer for certain, and the reboot is systemd's own (`systemctl reboot`, sent through
// the host's namespaces, as an administrator or a kernel update would) — not a kill of runbook.

import * as assert from 'uvu/assert';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { consoleTail, sshBanner } from '../../src/lab/host.js';
import { labSuite, type LabHandle } from './fixture.js';
import { hostRoot, inFlight, pause, sha, shaOf, startRunbook, tempFiles } from './safety-helpers.js';

const { add, run } = labSuite('fault injection: a host reboots mid-run', { hosts: 2, systemd: 1 });

const OLD = Buffer.from('the old file\n');
const BIG = randomBytes(24 << 20);
const work = mkdtempSync(join(tmpdir(), 'runbook-reboot-'));
writeFileSync(join(work, 'big.bin'), BIG);
const play = join(work, 'reboot.yaml');
const REAL_LOCK = { RUNBOOK_LOCK_FILE: '' }; // the real place, /run/runbook.lock on the host
writeFileSync(
  play,
  `- hosts: h1:s1
  gather_facts: false
  tasks:
    - name: big
      copy: {src: ${join(work, 'big.bin')}, dest: /root/big.bin}
    - name: after
      copy: {content: "after the copy\\n", dest: /root/after}
`,
);

/** ~8 MB/s out of the host's eth0 (the SSH window makes the sender follow): 3 s for 24 MB. */
async function throttle(lab: LabHandle, on: boolean): Promise<void> {
  const r = await lab.run('s1', on ? 'tc qdisc replace dev eth0 root tbf rate 64mbit burst 64kb latency 2s' : 'tc qdisc del dev eth0 root 2>/dev/null; true');
  assert.is(r.code, 0, r.stderr);
}

/** Bounded wait until s1 runs a PID 1 other than `old` and its sshd answers. */
async function backAfterReboot(lab: LabHandle, old: number): Promise<number> {
  for (let i = 0; i < 600; i++) {
    const now = lab.init('s1');
    if (now !== undefined && now !== old && (await sshBanner(lab.host('s1').ip, 300))) return now;
    await pause(100);
  }
  throw new Error(`s1 did not come back from its reboot within 60 s: ${consoleTail('s1')}`);
}

add('a host reboots mid-copy: the run ends on its own, the other host finishes, dest is never a part, a rerun repairs', async (lab) => {
  const before = lab.init('s1')!;
  const root = hostRoot(before);
  writeFileSync(`${root}/root/big.bin`, OLD);
  await throttle(lab, true);
  let result: { code: number; stdout: string; stderr: string };
  let rebooted = false;
  try {
    const r = startRunbook(['apply', play, '-i', lab.inventoryFile, '--json'], REAL_LOCK);
    const seen = await inFlight(`${root}/root`, BIG.length);
    if (seen === undefined) {
      r.child.kill('SIGKILL');
      const out = await r.done;
      assert.unreachable(`the transfer to s1 was never seen in flight:\n${(out.stdout + out.stderr).slice(-3000)}`);
    }
    const t0 = Date.now();
    const reboot = await lab.run('s1', 'systemctl --no-block reboot');
    assert.is(reboot.code, 0, reboot.stderr);
    rebooted = true;
    // The test's own bound (startRunbook SIGKILLs at 120 s, exit 137) tells a hung run from one that ended.
    result = await r.done;
    console.log(`    the run ended ${Date.now() - t0} ms after the reboot began`);
  } finally {
    // The qdisc belongs to the host's network namespace, which outlives the boot: take it off once back.
    if (rebooted) await backAfterReboot(lab, before);
    await throttle(lab, false);
  }
  const { code, stdout, stderr } = result;
  const out = stdout + stderr;
  assert.is(code, 4, `the run ended by itself, exit 4: a host unreachable (137 would be the test's kill)\n${out.slice(-3000)}`);
  assert.match(stdout, /"host":"s1","status":"unreachable"[^\n]*"msg":"connection to s1 \([^)]*\) was lost/, out.slice(-3000));
  assert.match(stdout, /"name":"after"[^\n]*"host":"h1","status":"changed"/, 'h1 went on to its next task');
  assert.is(shaOf(`${hostRoot(lab.init('h1'))}/root/big.bin`), sha(BIG), 'h1 got the whole file');

  const now = hostRoot(lab.init('s1'));
  assert.is(shaOf(`${now}/root/big.bin`), sha(OLD), 'dest on the rebooted host is the old file, not a part of the new one');
  assert.is(shaOf(`${now}/root/after`), 'absent', 'no task ran on s1 after its connection was lost');
  assert.is(shaOf(`${now}/run/runbook.lock`), 'absent', 'the run lock did not survive the boot');
  // The shutdown stops the put script with SIGTERM (systemd stops the SSH session's scope), and its trap
  // removes the temp file: nothing of the transfer is left on the disk that the next boot mounts.
  assert.equal(tempFiles(`${now}/root`), [], 'the put script removed its temp file when the shutdown stopped it');

  const again = await startRunbook(['apply', play, '-i', lab.inventoryFile], REAL_LOCK).done;
  assert.is(again.code, 0, again.stdout + again.stderr);
  assert.is(shaOf(`${now}/root/big.bin`), sha(BIG), 'the rerun installed the file');
  assert.is(shaOf(`${now}/root/after`), sha(Buffer.from('after the copy\n')));
  const third = await startRunbook(['apply', play, '-i', lab.inventoryFile, '--json'], REAL_LOCK).done;
  assert.is(third.code, 0, third.stdout + third.stderr);
  assert.match(third.stdout, /"changed":0/);
  assert.not.match(third.stdout, /"changed":[1-9]/);
});

run();
