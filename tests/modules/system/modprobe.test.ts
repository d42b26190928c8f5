// modprobe over recorded host state: load/unload, persistence, and the clear refusal where the kernel is
// shared (a container, a lab host without CAP_SYS_MODULE) — never run against this machine's kernel.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { modprobe, modprobeFact } from '../../../src/modules/system/modprobe.js';
import { failure, summaries } from '../../helpers/module-tester.js';
import { recordedHost } from '../../helpers/recorded-tester.js';

const host = (out: string) => recordedHost({ facts: [['runbook-modprobe', { stdout: out }]] });

test('modprobe: loads what is not loaded (with params), unloads what is; loaded is a no-op in one read', async () => {
  const h = host('');
  const plan = await h.plan(modprobe, { name: 'dummy', params: 'numdummies=2' });
  assert.equal(plan.changes.map((c) => ('run' in c ? c.run : '')), ['modprobe dummy numdummies=2']);
  assert.equal(summaries(await host('@@loaded\n').plan(modprobe, { name: 'dummy', state: 'absent' })), ['unload dummy']);
  const loaded = host('@@loaded\n@@refuse this host is a container: its kernel is shared with the machine\n');
  const { value, execs } = await loaded.countExecs(() => loaded.plan(modprobe, { name: 'dummy' }));
  assert.equal([value.changes, value.reason, execs], [[], 'dummy is loaded', 1], 'modelled even where it could not load it');
});

test('modprobe: a change on a shared kernel is refused with the reason and a hint', async () => {
  const e = await failure(() => host('@@refuse this user has no CAP_SYS_MODULE (a container, or not root)\n').plan(modprobe, { name: 'br_netfilter' }));
  assert.is(e.message, 'cannot load kernel module br_netfilter here: this user has no CAP_SYS_MODULE (a container, or not root)');
  assert.match(e.hint ?? '', 'the machine that owns the kernel');
});

test('modprobe: persistent present writes modules-load.d and modprobe.d; absent comments them out', async () => {
  const plan = await host('@@loaded\n').plan(modprobe, { name: 'dummy', params: 'numdummies=2', persistent: 'present' });
  assert.equal(summaries(plan), ['/etc/modules-load.d/dummy.conf: load dummy at boot', '/etc/modprobe.d/dummy.conf: options numdummies=2']);
  assert.equal(plan.changes[1]!.diff, { header: '/etc/modprobe.d/dummy.conf', before: '', after: 'options dummy numdummies=2\n' });
  const set = await host('@@loaded\n@@listed /etc/modules-load.d/dummy.conf\n@@param numdummies=2\n').plan(modprobe, { name: 'dummy', params: 'numdummies=2', persistent: 'present' });
  assert.equal(set.changes, []);
  const off = await host('@@loaded\n@@listed /etc/modules-load.d/dummy.conf\n@@param numdummies=2\n').plan(modprobe, { name: 'dummy', persistent: 'absent' });
  assert.equal(summaries(off), ['/etc/modules-load.d/dummy.conf: dummy commented out', '/etc/modprobe.d: options of dummy commented out']);
});

test('modprobe: the state script reads a real /proc (this machine), without changing anything', async () => {
  const { localConnection } = await import('../../../src/engine/connection/local.js');
  const r = await localConnection().exec(modprobeFact('no_such_module_rb').command);
  const s = modprobeFact('no_such_module_rb').parse(r.stdout, r.code, r.stderr);
  assert.is(s.loaded, false);
  assert.equal(s.listedIn, []);
});

test.run();
