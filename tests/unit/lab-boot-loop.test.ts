// The systemd host's boot loop, run for real by bash with a stand-in for one boot (a script that exits
// with the next status from a list): it boots again only after a reboot's 129, stops on anything else,
// and stops at its bound. No root needed; the real exit statuses are checked by the reboot lab test.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { argv } from '../../src/engine/quote.js';
import { bootLoopScript, MAX_BOOTS, REBOOT_EXIT } from '../../src/lab/boot-loop.js';
import { parseCgroupLayout } from '../../src/lab/cgroups.js';
import { systemdHostArgv } from '../../src/lab/init-script.js';

/** Run the loop; boot number n exits with statuses[n-1] (the last one repeats; 129 as a real SIGHUP death). */
function runLoop(statuses: number[], maxBoots?: number) {
  const dir = mkdtempSync(join(tmpdir(), 'rb-boot-loop-'));
  try {
    const fake = join(dir, 'boot.sh');
    writeFileSync(fake, `n=$(cat ${dir}/n 2>/dev/null || echo 0); n=$((n + 1)); echo $n > ${dir}/n\nset -- ${statuses.join(' ')}\nshift $(( n > $# ? $# - 1 : n - 1 ))\necho boot $n >&2\n[ $1 = 129 ] && kill -HUP $$\nexit $1\n`);
    const script = bootLoopScript({ host: "it's-me", boot: argv(['sh', fake]), bootsFile: join(dir, 'boots'), maxBoots });
    const r = spawnSync('bash', ['-c', script], { encoding: 'utf8', timeout: 10_000 });
    return { code: r.status, out: r.stdout, err: r.stderr, boots: Number(readFileSync(join(dir, 'boots'), 'utf8')), runs: Number(readFileSync(join(dir, 'n'), 'utf8')) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('a boot that ends in a reboot (129) is followed by the next; power-off (130) ends the loop', () => {
  const r = runLoop([REBOOT_EXIT, REBOOT_EXIT, 130]);
  assert.is(r.code, 130);
  assert.is(r.runs, 3);
  assert.is(r.boots, 3);
  assert.match(r.out, "runbook-lab: it's-me: boot 1 ended in a reboot, booting again");
  assert.match(r.out, "runbook-lab: it's-me: init ended with status 130 (not a reboot): the host stays down");
  // The boots' own stderr (the console) goes through; bash's "Hangup" report of each reboot does not.
  assert.is(r.err, 'boot 1\nboot 2\nboot 3\n');
});

test('any other status ends the loop at once: clean exit, SIGKILLed init (unshare exits 1), SIGTERM', () => {
  for (const status of [0, 1, 143]) {
    const r = runLoop([status]);
    assert.is(r.code, status);
    assert.is(r.runs, 1);
  }
});

test('a host that reboots forever stops at the bound', () => {
  const r = runLoop([REBOOT_EXIT], 5);
  assert.is(r.code, REBOOT_EXIT);
  assert.is(r.runs, 5);
  assert.match(r.out, "rebooted 5 times, the lab's bound");
  assert.ok(MAX_BOOTS >= 10 && MAX_BOOTS <= 100);
});

test('the systemd launcher runs unshare inside the loop (not exec): the loop outlives each boot', () => {
  const layout = parseCgroupLayout('40 31 0:37 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,name=systemd');
  const stage1 = systemdHostArgv({ name: 's1', ip: '10.200.0.11', init: 'systemd' }, 'rb-s1', layout)[2]!;
  spawnSync('bash', ['-n', '-c', stage1]);
  assert.not.match(stage1, /exec unshare/);
  assert.match(stage1, /while \[ "\$boot" -lt \d+ \]; do[\s\S]*unshare --mount --uts --pid --cgroup --fork/);
  assert.match(stage1, /\/run\/runbook-lab\/hosts\/s1\/boots/);
});

test.run();
