// service on hosts without systemd: OpenRC and SysV init decisions over recorded state, the commands they
// run, and the clear refusal when neither is there. (tests/lab/packages-net.test.ts runs a real SysV init
// script on a lab host, which has no systemd.)
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { service } from '../../../src/modules/services/service.js';
import { parseInitService } from '../../../src/modules/services/init-state.js';
import { failure, summaries } from '../../helpers/module-tester.js';
import { recordedHost } from '../../helpers/recorded-tester.js';

const host = (state: string, vars: Record<string, unknown> = {}) => recordedHost({ vars, facts: [['runbook-init', { stdout: state }], ['runbook-systemd', { stdout: '' }]] });

test('SysV: start when stopped, enable with update-rc.d; nothing when already so; restart with sleep', async () => {
  const h = host('manager sysv\nexists\nenabler update-rc.d\n');
  const plan = await h.plan(service, { name: 'web', state: 'started', enabled: true });
  assert.equal(summaries(plan), ['enable web', 'start web']);
  assert.equal(plan.changes.map((c) => ('run' in c ? c.run : '')), ['update-rc.d web defaults >/dev/null && update-rc.d web enable', '/etc/init.d/web start']);
  assert.equal(plan.changes[1]!.diff, { header: 'service web (sysv)', before: 'state: stopped\n', after: 'state: running\n' });
  const done = await host('manager sysv\nexists\nrunning\nenabled\nenabler update-rc.d\n').plan(service, { name: 'web', state: 'started', enabled: true });
  assert.equal(summaries(done), []);
  assert.is(done.reason, 'web is running, enabled (sysv)');
  const r = await host('manager sysv\nexists\nrunning\n').plan(service, { name: 'web', state: 'restarted', sleep: 2, arguments: '--fast' });
  assert.equal(r.changes.map((c) => ('run' in c ? c.run : '')), ['/etc/init.d/web stop --fast; sleep 2; /etc/init.d/web start --fast']);
  const chk = await host('manager sysv\nexists\nenabled\nenabler chkconfig\n').plan(service, { name: 'web', enabled: false });
  assert.equal(chk.changes.map((c) => ('run' in c ? c.run : '')), ['chkconfig web off']);
});

test('OpenRC: rc-service and rc-update in the runlevel asked for', async () => {
  const h = host('manager openrc\nexists\nrunning\n', { ansible_service_mgr: 'openrc' });
  const plan = await h.plan(service, { name: 'sshd', state: 'stopped', enabled: true, runlevel: 'boot' });
  assert.equal(plan.changes.map((c) => ('run' in c ? c.run : '')), ['rc-update add sshd boot', 'rc-service sshd stop']);
  assert.match(h.factCalls[0]![0]!, /runbook-init sshd '' boot/);
  assert.is(h.factCalls[0]!.length, 1, 'with facts saying openrc, the systemd unit is not read');
});

test('use: service (Ansible\'s generic module) looks at the host even when the facts name a manager', async () => {
  const h = host('manager sysv\nexists\n', { ansible_service_mgr: 'openrc' });
  const plan = await h.plan(service, { name: 'auditd', state: 'restarted', use: 'service' });
  assert.equal(plan.changes.map((c) => ('run' in c ? c.run : '')), ['/etc/init.d/auditd restart']);
  assert.is(h.factCalls[0]!.length, 2, 'the manager and, in case it is systemd, the unit: one round trip');
});

test('neither systemd, OpenRC nor an init script: refused, saying what was looked for', async () => {
  const e = await failure(() => host('manager unknown\n').plan(service, { name: 'web', state: 'started' }));
  assert.match(e.message, /no service manager found for web: not systemd, no OpenRC, no \/etc\/init\.d\/web/);
  const missing = await failure(() => host('manager openrc\n').plan(service, { name: 'nope', state: 'started' }));
  assert.match(missing.message, /Could not find the requested service nope/);
  assert.match((await failure(() => host('manager sysv\nexists\n').plan(service, { name: 'web' }))).message, /one of the following is required: state, enabled/);
});

test('the state lines parse', () => {
  assert.equal(parseInitService('manager sysv\nexists\nrunning\nenabler chkconfig\n'), { manager: 'sysv', exists: true, running: true, enabled: false, enabler: 'chkconfig' });
});

test.run();
