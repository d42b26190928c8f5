// sysctl: the file edit and the changed flag against ansible.posix.sysctl itself (reload off, so neither
// side touches this machine's kernel, except reading it), and the live value's part on recorded output.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sysctl } from '../../../src/modules/system/sysctl.js';
import { decideSysctl, parseSysctlValue } from '../../../src/modules/system/sysctl-plan.js';
import { failure, summaries } from '../../helpers/module-tester.js';
import { recordedHost } from '../../helpers/recorded-tester.js';
import { compareWithAnsible, systemOracleMissing, type DifferentialCase } from '../../helpers/system-oracle.js';

const skip = systemOracleMissing('ansible.posix.sysctl');
const conf = (dir: string) => join(dir, 'sysctl.conf');
const start = (text: string) => (dir: string) => writeFileSync(conf(dir), text);
const base = (d: string) => ({ sysctl_file: conf(d), reload: false });

const cases: DifferentialCase[] = [
  { name: 'a new file', params: (d) => ({ ...base(d), name: 'net.ipv4.ip_forward', value: '1' }), files: ['sysctl.conf'] },
  { name: 'appended; comments, blank lines and spacing normalised as Ansible rewrites them', setup: start('# kernel\n\n  vm.swappiness = 10  \n; old\nfs.file-max=100\n'), params: (d) => ({ ...base(d), name: 'net.core.somaxconn', value: 4096 }), files: ['sysctl.conf'] },
  { name: 'a value replaced, a duplicate dropped', setup: start('vm.swappiness=10\nkernel.pid_max = 1\nvm.swappiness=20\n'), params: (d) => ({ ...base(d), key: 'vm.swappiness', val: '60' }), files: ['sysctl.conf'] },
  { name: 'a boolean value is 1', setup: start('net.ipv4.ip_forward=0\n'), params: (d) => ({ ...base(d), name: 'net.ipv4.ip_forward', value: 'yes' }), files: ['sysctl.conf'] },
  { name: 'absent removes the key', setup: start('a.b=1\nnet.ipv4.ip_forward = 1\n'), params: (d) => ({ ...base(d), name: 'net.ipv4.ip_forward', state: 'absent' }), files: ['sysctl.conf'] },
  { name: 'absent when not there: nothing', setup: start('a.b=1\n'), params: (d) => ({ ...base(d), name: 'x.y', state: 'absent' }), files: ['sysctl.conf'], changed: [false, false, false] },
  { name: 'the same value with other spacing: nothing, and the live value agrees (reload on)', setup: start('kernel.ostype = Linux\n'), params: (d) => ({ sysctl_file: conf(d), name: 'kernel.ostype', value: 'Linux' }), files: ['sysctl.conf'], changed: [false, false, false] },
];

for (const c of cases) {
  test(`sysctl: ${c.name} — as Ansible (bytes, changed on check/run/rerun)`, async () => {
    if (skip) return console.log(`skipped: ${skip}`);
    await compareWithAnsible(sysctl, 'ansible.posix.sysctl', c);
  });
}

/** A host with no sysctl file yet (stat and content read it as missing) and this live value (null: no key). */
const host = (live: string | null) =>
  recordedHost({ facts: [['cat -- /proc/sys/', live === null ? { stdout: '', code: 1 } : { stdout: live }], ['[ -e ', { stdout: '', code: 3 }], ['[ -f ', { stdout: '', code: 3 }]] });

test('sysctl: the decision table (ansible.posix): file, reload and sysctl_set', () => {
  const w = { name: 'net.ipv4.ip_forward', value: '1', state: 'present' as const, reload: true, sysctl_set: false };
  assert.equal(decideSysctl(w, 'net.ipv4.ip_forward=1\n', '1\n'), { changed: false, fileText: undefined, setLive: false, reload: false, fileValue: '1' });
  assert.equal(decideSysctl(w, 'net.ipv4.ip_forward=1\n', '0\n'), { changed: true, fileText: undefined, setLive: false, reload: true, fileValue: '1' }, 'drift: reload repairs it');
  assert.equal(decideSysctl({ ...w, reload: false, sysctl_set: true }, 'net.ipv4.ip_forward=1\n', '0\n').setLive, true);
  assert.equal(decideSysctl({ ...w, reload: false }, 'net.ipv4.ip_forward=1\n', '0\n').changed, false, 'without reload or sysctl_set the kernel is not looked at');
  assert.ok(decideSysctl({ ...w, value: '32768 60999' }, 'net.ipv4.ip_forward=32768 60999\n', '32768\t60999\n').changed === false, 'words compared, not whitespace');
  assert.equal([true, 'on', 'False', 7, ' x '].map((v) => parseSysctlValue(v)), ['1', '1', '0', '7', 'x']);
});

test('sysctl: drift in the kernel is repaired by sysctl -w and the reload, in the order Ansible does them', async () => {
  const h = host('0\n');
  const plan = await h.plan(sysctl, { name: 'net.ipv4.ip_forward', value: 1, sysctl_set: true, sysctl_file: '/nonexistent-dir/x.conf' });
  assert.equal(summaries(plan), ['/nonexistent-dir/x.conf: net.ipv4.ip_forward=1', 'set net.ipv4.ip_forward = 1 in the kernel (was 0)', 'reload /nonexistent-dir/x.conf']);
  assert.equal(h.factCalls.length, 1, 'the file and the live value in one round trip');
  assert.equal(plan.changes.slice(1).map((c) => ('run' in c ? c.run : '')), ['sysctl -w net.ipv4.ip_forward=1', 'sysctl -p /nonexistent-dir/x.conf']);
});

test('sysctl: an unknown key with sysctl_set, a blank value: clear failures', async () => {
  const h = host(null);
  assert.match((await failure(() => h.plan(sysctl, { name: 'no.such.key', value: 1, sysctl_set: true }))).message, 'the kernel has no parameter no.such.key');
  assert.is((await failure(() => h.plan(sysctl, { name: 'a.b', value: ' ' }))).message, 'value cannot be blank');
  assert.is((await failure(() => h.plan(sysctl, { name: 'a.b' }))).message, 'value cannot be None');
});

test.run();
