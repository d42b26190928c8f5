// Fault injection (issue 10.1): runbook killed (SIGKILL) or hung up on (SIGHUP, a closed terminal) in the
// middle of a `copy`, over SSH and locally, and a host's network cut mid-transfer. What must hold after:
// `dest` is the old file or the complete new one, never a part; no temp file is left (where runbook or the
// host could clean up); the other hosts finish; a rerun repairs. The transfer to a lab host is slowed
// with tc inside that host's namespace, so "mid-transfer" is certain, not a race; the temp file is watched
// from outside (the host's root through /proc), and the signal is sent once it holds part of the data.

import * as assert from 'uvu/assert';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { labSuite, type LabHandle } from './fixture.js';
import { hostRoot, inFlight, noTempFiles, sha, shaOf, startRunbook } from './safety-helpers.js';

const { add, run } = labSuite('fault injection: killed runs and cut connections', { hosts: 3 });

const OLD = Buffer.from('the old file\n');
const BIG = randomBytes(24 << 20);
const work = mkdtempSync(join(tmpdir(), 'runbook-kill-'));
writeFileSync(join(work, 'big.bin'), BIG);
const copyPlay = (hosts: string, dest: string) => {
  const file = join(work, `copy-${hosts}.yaml`);
  writeFileSync(file, `- hosts: ${hosts}\n  gather_facts: false\n  tasks:\n    - name: big\n      copy: {src: ${join(work, 'big.bin')}, dest: ${dest}}\n`);
  return file;
};

/** ~8 MB/s out of the host's eth0 and in (the SSH window makes the sender follow): 3 s for 24 MB. */
async function throttle(lab: LabHandle, host: string, on: boolean): Promise<void> {
  const r = await lab.run(host, on ? 'tc qdisc replace dev eth0 root tbf rate 64mbit burst 64kb latency 2s' : 'tc qdisc del dev eth0 root 2>/dev/null; true');
  assert.is(r.code, 0, r.stderr);
}

for (const signal of ['SIGKILL', 'SIGHUP'] as const) {
  add(`over SSH, ${signal} mid-copy: dest stays the old file, no temp file or process is left, a rerun installs it`, async (lab) => {
    const tmp = `${hostRoot(lab.init('h1'))}/tmp`;
    const dest = `/tmp/kill-${signal}`;
    writeFileSync(`${tmp}/kill-${signal}`, OLD);
    const play = copyPlay('h1', dest);
    await throttle(lab, 'h1', true);
    try {
      const r = startRunbook(['apply', play, '-i', lab.inventoryFile]);
      const seen = await inFlight(tmp, BIG.length);
      assert.ok(seen !== undefined, 'the transfer was seen in flight');
      r.child.kill(signal);
      const { code, stdout, stderr } = await r.done;
      // SIGHUP is handled like Ctrl-C: in-flight commands stopped, a partial recap, exit 130.
      assert.is(code, signal === 'SIGKILL' ? 137 : 130, `${stdout.slice(-1500)}\n${stderr.slice(-1500)}`);
      assert.ok(await noTempFiles(tmp), 'the host removed the temp file');
      assert.is(shaOf(`${tmp}/kill-${signal}`), sha(OLD), `dest is the old file (the temp file had ${seen} of ${BIG.length} bytes)`);
      assert.equal(await lab.pids('h1', 'cat'), [], 'the put script ended on the host');
    } finally {
      await throttle(lab, 'h1', false);
    }
    const again = await startRunbook(['apply', play, '-i', lab.inventoryFile]).done;
    assert.is(again.code, 0, again.stdout + again.stderr);
    assert.is(shaOf(`${tmp}/kill-${signal}`), sha(BIG));
  });

  add(`locally, ${signal} mid-copy: dest is the old file or the complete one, never a part`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'runbook-kill-local-'));
    try {
      const huge = Buffer.alloc(256 << 20, 7);
      writeFileSync(join(dir, 'huge.bin'), huge);
      writeFileSync(join(dir, 'dest'), OLD);
      writeFileSync(join(dir, 'inv.yaml'), 'all:\n  hosts:\n    localhost: {connection: local}\n');
      writeFileSync(join(dir, 'play.yaml'), `- hosts: localhost\n  gather_facts: false\n  tasks:\n    - copy: {src: ${join(dir, 'huge.bin')}, dest: ${join(dir, 'dest')}}\n`);
      const r = startRunbook(['apply', join(dir, 'play.yaml'), '-i', join(dir, 'inv.yaml')]);
      const seen = await inFlight(dir, huge.length);
      assert.ok(seen !== undefined, 'the transfer was seen in flight');
      r.child.kill(signal);
      await r.done;
      assert.ok(await noTempFiles(dir), 'no temp file left');
      const now = shaOf(join(dir, 'dest'));
      assert.ok(now === sha(OLD) || now === sha(huge), `dest is neither the old nor the new file (temp file had ${seen} bytes at the signal)`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

add("a host's network cut mid-copy: it is unreachable, its file is old, the others finish (exit 4); a rerun repairs", async (lab) => {
  const dest = '/tmp/cut-dest';
  for (const h of ['h1', 'h2', 'h3']) writeFileSync(`${hostRoot(lab.init(h))}${dest}`, OLD);
  const play = copyPlay('lab', dest);
  const tmp2 = `${hostRoot(lab.init('h2'))}/tmp`;
  await throttle(lab, 'h2', true);
  let run1;
  try {
    const r = startRunbook(['apply', play, '-i', lab.inventoryFile, '--json']);
    assert.ok((await inFlight(tmp2, BIG.length)) !== undefined, 'the transfer to h2 was seen in flight');
    assert.is((await lab.run('h2', 'ip link set eth0 down')).code, 0);
    run1 = await r.done;
  } finally {
    await lab.run('h2', 'ip link set eth0 up');
    await throttle(lab, 'h2', false);
  }
  assert.is(run1.code, 4, run1.stdout.slice(-3000) + run1.stderr);
  assert.match(run1.stdout, /"host":"h2","status":"unreachable"/);
  assert.is(shaOf(`${hostRoot(lab.init('h2'))}${dest}`), sha(OLD), 'h2 keeps the old file');
  for (const h of ['h1', 'h3']) assert.is(shaOf(`${hostRoot(lab.init(h))}${dest}`), sha(BIG), `${h} finished`);
  const again = await startRunbook(['apply', play, '-i', lab.inventoryFile]).done;
  assert.is(again.code, 0, again.stdout + again.stderr);
  assert.is(shaOf(`${hostRoot(lab.init('h2'))}${dest}`), sha(BIG), 'the rerun repaired h2');
});

add('cleanup', async () => {
  rmSync(work, { recursive: true, force: true });
});

run();
