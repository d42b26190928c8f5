// systemd / service: planning tables over recorded `systemctl show` / `is-enabled` output, following
// Ansible's systemd_service rules, and the commands each decision runs.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseSystemctlShow } from '../../../src/modules/services/systemd-state.js';
import { service } from '../../../src/modules/services/service.js';
import { systemd } from '../../../src/modules/services/systemd.js';
import { summaries } from '../../helpers/module-tester.js';
import { recordedHost } from '../../helpers/recorded-tester.js';

interface Unit {
  load?: string;
  active?: string;
  enabled?: string;
  enabledCode?: number;
  reload?: string;
  showCode?: number;
  loadError?: string;
}

function recorded(u: Unit): string {
  const show = u.showCode
    ? 'System has not been booted with systemd as init system (PID 1). Can\'t operate.\n'
    : `Id=web.service\nLoadState=${u.load ?? 'loaded'}\nActiveState=${u.active ?? 'inactive'}\nSubState=dead\nUnitFileState=${u.enabled ?? 'disabled'}\n${u.loadError ? `LoadError=${u.loadError}\n` : ''}ExecStart={ path=/usr/bin/web ; argv[]=/usr/bin/web ; ignore_errors=no ;\n  start_time=[n/a] }\nDescription={not multi-line\n`;
  return `${u.reload ?? ''}@@show\n${show}@@showrc ${u.showCode ?? 0}\n@@enabled ${u.enabledCode ?? (['enabled', 'static', 'indirect', 'alias', 'generated'].includes(u.enabled ?? 'disabled') ? 0 : 1)}\n${u.enabled ?? 'disabled'}\n@@initd\n@@sysv\n`;
}

const host = (u: Unit) => recordedHost({ facts: [['runbook-systemd', { stdout: recorded(u) }]] });

test('parseSystemctlShow: only Exec* values span lines', () => {
  const s = parseSystemctlShow(recorded({}).split('\n'));
  assert.is(s.ExecStart, '{ path=/usr/bin/web ; argv[]=/usr/bin/web ; ignore_errors=no ;\n  start_time=[n/a] }');
  assert.is(s.Description, '{not multi-line');
  assert.is(s.ActiveState, 'inactive');
});

test('state/enabled/masked decisions match Ansible', async () => {
  const cases: [Record<string, unknown>, Unit, string[]][] = [
    [{ name: 'web', state: 'started' }, { active: 'active' }, []],
    [{ name: 'web', state: 'started' }, { active: 'activating' }, []],
    [{ name: 'web', state: 'started' }, { active: 'failed' }, ['start web']],
    [{ name: 'web', state: 'stopped' }, { active: 'inactive' }, []],
    [{ name: 'web', state: 'stopped' }, { active: 'deactivating' }, ['stop web']],
    [{ name: 'web', state: 'restarted' }, { active: 'active' }, ['restart web']],
    [{ name: 'web', state: 'restarted' }, { active: 'inactive' }, ['start web']],
    [{ name: 'web', state: 'reloaded' }, { active: 'active' }, ['reload web']],
    [{ name: 'web', enabled: true }, { enabled: 'enabled' }, []],
    [{ name: 'web', enabled: true }, { enabled: 'static' }, []],
    // A lone `indirect` or `alias` counts as disabled (Ansible).
    [{ name: 'web', enabled: true }, { enabled: 'indirect' }, ['enable web']],
    [{ name: 'web', enabled: false }, { enabled: 'enabled' }, ['disable web']],
    [{ name: 'web', enabled: false }, { enabled: 'disabled' }, []],
    // Unmask first, then enable, then start — Ansible's order.
    [{ name: 'web', masked: false, enabled: true, state: 'started' }, { load: 'masked', enabled: 'masked', enabledCode: 1 }, ['unmask web', 'enable web', 'start web']],
    [{ name: 'web', masked: true }, { load: 'masked', enabled: 'masked', enabledCode: 1 }, []],
    [{ name: 'web', masked: true, state: 'stopped' }, { active: 'active', enabled: 'enabled' }, ['mask web', 'stop web']],
  ];
  for (const [params, unit, want] of cases) {
    const plan = await host(unit).plan(systemd, params);
    assert.equal(summaries(plan), want, `${JSON.stringify(params)} on ${JSON.stringify(unit)}`);
    if (!want.length) assert.match(plan.reason ?? '', /^web is /);
  }
});

test('results: Ansible keys, state "started" for restarted; a no-op costs one round trip', async () => {
  const h = host({ active: 'active', enabled: 'enabled' });
  const plan = await h.plan(systemd, { name: 'web', state: 'restarted', enabled: true });
  assert.is(plan.data?.state, 'started');
  assert.is(plan.data?.enabled, true);
  assert.is((plan.data?.status as Record<string, string>).ActiveState, 'active');
  assert.is(h.factCalls.length, 1);
  await h.apply(plan);
  assert.equal(h.commands, ['systemctl restart -- web']);
});

test('flags: scope, no_block and force reach systemctl', async () => {
  const h = host({ active: 'inactive' });
  await h.apply(await h.plan(systemd, { name: 'web', state: 'started', scope: 'user', no_block: true }));
  assert.equal(h.commands, ['systemctl --user --no-block start -- web']);
  assert.match(h.factCalls[0]![0]!, / systemctl --user$/);
});

test('daemon_reload: runs inside the read (not in check mode) and is not a change', async () => {
  const h = host({ active: 'active', reload: '@@reload 0\n\n' });
  const plan = await h.plan(systemd, { name: 'web', state: 'started', daemon_reload: true });
  assert.equal(summaries(plan), []);
  assert.match(h.factCalls[0]![0]!, /runbook-systemd 1 0 web systemctl$/);
  await h.plan(systemd, { name: 'web', state: 'started', daemon_reload: true }, true);
  assert.match(h.factCalls[1]![0]!, /runbook-systemd 0 0 web systemctl$/);
  const only = recordedHost({ facts: [['runbook-systemd', { stdout: '@@reload 0\n' }]] });
  const p = await only.plan(systemd, { daemon_reload: true });
  assert.equal(summaries(p), []);
  assert.is(p.reason, 'daemon-reload done');
  const failed = recordedHost({ facts: [['runbook-systemd', { stdout: '@@reload 1\nAccess denied\n' }]] });
  assert.match(String(await failed.plan(systemd, { daemon_reload: true }).catch((e: Error) => e)), /failure 1 during daemon-reload: Access denied/);
  // service hands daemon_reload to systemd, as Ansible's service action does (geerlingguy's docker role).
  const viaService = recordedHost({ vars: { ansible_service_mgr: 'systemd' }, facts: [['runbook-systemd', { stdout: '@@reload 0\n' }]] });
  assert.is((await viaService.plan(service, { daemon_reload: true })).reason, 'daemon-reload done');
  const sysv = recordedHost({ vars: { ansible_service_mgr: 'sysvinit' } });
  assert.match(String(await sysv.plan(service, { daemon_reload: true }).catch((e: Error) => e)), /Unsupported parameters for \(service\) module: daemon_reload/);
  assert.match(String(await sysv.plan(service, { state: 'started' }).catch((e: Error) => e)), /missing required arguments: name/);
});

test('failures: unknown unit, load error, no systemd, glob, missing arguments', async () => {
  const fails = async (params: Record<string, unknown>, unit: Unit) => String(await host(unit).plan(systemd, params).catch((e: Error) => e));
  assert.match(await fails({ name: 'web', state: 'started' }, { load: 'not-found', enabled: '', enabledCode: 4 }), /Could not find the requested service web: host/);
  assert.match(await fails({ name: 'web', state: 'started' }, { loadError: 'org.freedesktop.systemd1.BadUnitSetting "bad"' }), /Error loading unit file 'web'/);
  assert.match(await fails({ name: 'web', state: 'started' }, { showCode: 1, enabled: 'enabled' }), /Service is in unknown state/);
  assert.match(await fails({ name: 'web*', state: 'started' }, {}), /glob patterns, found '\*'/);
  assert.match(await fails({ name: 'web' }, {}), /one of the following is required/);
  assert.match(await fails({ state: 'started' }, {}), /name is required/);
});

test('service: the same decisions on systemd; SysV-only arguments ignored with a warning; unknown managers refused', async () => {
  // Without facts, the manager is detected in the same round trip as the unit is read.
  const h = recordedHost({ facts: [['runbook-init', { stdout: 'manager systemd\n' }], ['runbook-systemd', { stdout: recorded({ active: 'inactive', enabled: 'disabled' }) }]] });
  const { value: plan, execs } = await h.countExecs(() => h.plan(service, { name: 'web', state: 'started', enabled: true, sleep: 3 }));
  assert.equal(summaries(plan), ['enable web', 'start web']);
  assert.is(execs, 1);
  assert.equal(h.warnings, ['Ignoring "sleep" as it is not used in "systemd"']);
  const upstart = recordedHost({ vars: { ansible_service_mgr: 'upstart' }, facts: [] });
  assert.match(String(await upstart.plan(service, { name: 'web', state: 'started' }).catch((e: Error) => e)), /service: upstart is not supported \(ansible_service_mgr\)/);
});

test.run();
