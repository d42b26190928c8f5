// A lab systemd host that reboots comes back (the lab's side of the `reboot` module): its launcher boots
// systemd again, over the same disk (overlay upper directories), in the same cgroup subtree, with a new PID 1
// that the lab finds (status, nsenter, teardown); nothing of the old boot is left running, and `lab down`
// afterwards powers the rebooted host off cleanly and leaves no namespace, mount, process or cgroup dir.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { hostBoots } from '../../src/lab/boot-loop.js';
import { leftoverCgroupDirs, machineCgroupLayout } from '../../src/lab/cgroups.js';
import { consoleTail, sshBanner } from '../../src/lab/host.js';
import { hostDir } from '../../src/lab/rootfs.js';
import { alive, procStart, sleep } from '../../src/lab/sh.js';
import { PREFIX, STATE_DIR } from '../../src/lab/spec.js';
import { labStatus, healthy } from '../../src/lab/status.js';
import { labCapability, openLab, type LabHandle } from './fixture.js';

const test = suite('lab reboot');
const { skip, fail } = labCapability();
/** A rebooted host must answer SSH again within this (it takes ~1 s on an idle machine). */
const BACK_WITHIN_MS = 30_000;

const link = (pid: number, ns: string) => {
  try {
    return execFileSync('readlink', [`/proc/${pid}/ns/${ns}`]).toString().trim();
  } catch {
    return undefined; // the process ended meanwhile
  }
};

/** Poll until s1 runs a PID 1 other than `old` and its sshd answers; times from `t0`. */
async function waitBack(lab: LabHandle, old: number, t0: number): Promise<{ downMs: number; sshMs: number }> {
  let downMs = -1;
  while (Date.now() - t0 < BACK_WITHIN_MS) {
    const now = lab.init('s1');
    if (downMs < 0 && now !== old) downMs = Date.now() - t0;
    if (now !== undefined && now !== old && (await sshBanner(lab.host('s1').ip, 300))) return { downMs, sshMs: Date.now() - t0 };
    await sleep(50);
  }
  throw new Error(`s1 did not come back within ${BACK_WITHIN_MS / 1000} s (PID 1 now ${lab.init('s1')}): ${consoleTail('s1')}`);
}

/** systemd's state, failed units and the host's own mounts (as its PID 1 sees them). */
async function health(lab: LabHandle) {
  const r = await lab.run('s1', "systemctl is-system-running --wait; echo --; systemctl list-units --failed --plain --no-legend | cut -d' ' -f1; echo --; cut -d' ' -f5 /proc/1/mountinfo | sort");
  const [state, failed, mounts] = r.stdout.split('--\n');
  return { state: state?.trim(), failed: (failed ?? '').split('\n').filter(Boolean), mounts: (mounts ?? '').split('\n').filter(Boolean) };
}

/** Every process of the host's network namespace is its launcher, the launcher's unshare, or in the current boot's pid namespace. */
function strays(lab: LabHandle, launcher: number, init: number): string[] {
  const pidns = link(init, 'pid');
  const pids = execFileSync('ip', ['netns', 'pids', lab.host('s1').netns]).toString().split(/\s+/).filter(Boolean).map(Number);
  const unshare = readFileSync(`/proc/${launcher}/task/${launcher}/children`, 'utf8').trim().split(/\s+/).map(Number);
  return pids.filter((p) => p !== launcher && !unshare.includes(p) && link(p, 'pid') !== undefined && link(p, 'pid') !== pidns).map((p) => `${p} ${procStart(p) ? readFileSync(`/proc/${p}/comm`, 'utf8').trim() : ''}`);
}

test('a systemd host reboots (shutdown -r 0, systemctl reboot) and comes back; lab down leaves nothing', async () => {
  if (skip) return;
  if (fail) throw fail;
  const lab = await openLab({ hosts: 1, systemd: 1 });
  let isDown = false;
  try {
    const launcherRec = lab.state.resources.find((r) => r.kind === 'process' && r.role === 'launcher' && r.host === 's1');
    assert.ok(launcherRec?.kind === 'process');
    const launcher = launcherRec.pid;
    const first = lab.init('s1')!;
    assert.is(first, lab.host('s1').pid1, 'before any reboot, PID 1 is the one of record');
    assert.is(hostBoots('s1'), 1);
    const before = await health(lab);
    assert.is(before.state, 'running');
    assert.is((await lab.run('s1', 'echo disk > /root/rb-disk && echo etc > /etc/rb-etc && touch /run/rb-volatile')).code, 0);

    // 1. Ansible's default reboot command, over SSH: logind schedules it (the lab no longer masks logind).
    const c = await lab.connect('s1');
    let t0 = Date.now();
    const sd = await c.exec("shutdown -r 0 'Reboot initiated by Ansible'", { timeout: 10_000 });
    assert.is(sd.code, 0, sd.stderr);
    const back1 = await waitBack(lab, first, t0);
    await c.close().catch(() => {});
    console.log(`    shutdown -r 0: PID 1 gone after ${back1.downMs} ms, SSH answers after ${back1.sshMs} ms`);
    const second = lab.init('s1')!;
    assert.ok(!alive(first), "the first boot's PID 1 has ended");
    assert.ok(alive(launcher, launcherRec.start), 'the launcher outlives the reboot');
    assert.is(hostBoots('s1'), 2);

    // The disk is kept, /run is fresh, systemd is healthy again with no newly failed unit, the same mounts.
    const files = await lab.run('s1', 'cat /root/rb-disk /etc/rb-etc; test -e /run/rb-volatile && echo run-kept');
    assert.is(files.stdout, 'disk\netc\n');
    const after = await health(lab);
    assert.is(after.state, 'running');
    assert.equal(after.failed.filter((u) => !before.failed.includes(u)), [], 'no unit failed that had not before');
    assert.equal(after.mounts, before.mounts, 'each boot mounts the same filesystems, nothing stacks up');
    // Cgroups: the new PID 1 is in the host's subtree in every hierarchy; nothing of boot 1 still runs.
    for (const line of readFileSync(`/proc/${second}/cgroup`, 'utf8').trim().split('\n')) {
      assert.match(line.split(':')[2] ?? '', new RegExp(`^/lab-${lab.host('s1').netns}(/|$)`), `PID 1's cgroup: ${line}`);
    }
    assert.equal(strays(lab, launcher, second), [], 'processes of an earlier boot');

    // The lab sees the current PID 1: status (CLI's `lab status`) and nsenter (lab.run above).
    const status = await labStatus();
    assert.ok(healthy(status));
    assert.equal(status.hosts.map((h) => [h.name, h.running, h.pid1, h.boots, h.ssh]), [['s1', true, second, 2, true]]);

    // 2. systemctl reboot, from inside (nsenter): a second reboot works just as well.
    t0 = Date.now();
    await lab.run('s1', 'systemctl --no-block reboot');
    const back2 = await waitBack(lab, second, t0);
    console.log(`    systemctl reboot: PID 1 gone after ${back2.downMs} ms, SSH answers after ${back2.sshMs} ms`);
    const third = lab.init('s1')!;
    assert.is(hostBoots('s1'), 3);
    assert.is((await health(lab)).state, 'running');

    // 3. lab down powers the rebooted host off (its current PID 1: the console shows systemd's power-off
    //    status 130, which ends the boot loop) and removes everything. The console file is read through a
    //    descriptor opened before: lab down deletes the state directory.
    const consoleFd = openSync(`${hostDir('s1')}/console.log`, 'r');
    const cgroups = lab.state.resources.flatMap((r) => (r.kind === 'cgroup' ? [r.path] : []));
    isDown = true;
    await lab.down();
    const consoleText = readFileSync(consoleFd, 'utf8');
    closeSync(consoleFd);
    assert.match(consoleText, 'runbook-lab: s1: boot 2 ended in a reboot, booting again');
    assert.match(consoleText, 'runbook-lab: s1: init ended with status 130 (not a reboot): the host stays down');
    assert.not.match(consoleText, 'Hangup', "bash's report of each reboot stays off the console");
    for (const pid of [launcher, first, second, third]) assert.ok(!alive(pid), `pid ${pid} ended`);
    const namespaces = execFileSync('ip', ['netns', 'list']).toString().split('\n').filter((l) => l.startsWith(PREFIX));
    assert.equal(namespaces, []);
    assert.equal(readFileSync('/proc/self/mountinfo', 'utf8').split('\n').filter((l) => l.includes(STATE_DIR)), []);
    assert.equal(cgroups.filter((d) => existsSync(d)), []);
    assert.equal(leftoverCgroupDirs(machineCgroupLayout(), PREFIX), []);
    assert.ok(!existsSync(STATE_DIR));
  } finally {
    if (!isDown) await lab.down();
  }
});

test.run();
