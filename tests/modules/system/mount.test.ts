// mount: the fstab line against ansible.posix.mount itself (states that only edit the file, on mount points
// that do not exist here, so neither side mounts anything), and the live part on recorded mountinfo.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mount } from '../../../src/modules/system/mount.js';
import { escapeMountinfo } from '../../../src/modules/system/mount-state.js';
import { failure, summaries } from '../../helpers/module-tester.js';
import { recordedHost } from '../../helpers/recorded-tester.js';
import { compareWithAnsible, systemOracleMissing, type DifferentialCase } from '../../helpers/system-oracle.js';

const skip = systemOracleMissing('ansible.posix.mount');
const fstab = (dir: string) => join(dir, 'fstab');
const start = (text: string) => (dir: string) => writeFileSync(fstab(dir), text);
const MP = '/nonexistent-runbook-test/data';
const DEBIAN = '# /etc/fstab: static file system information.\n#\nUUID=1234 / ext4 errors=remount-ro 0 1\n\n/dev/sdb1 none swap sw 0 0\n';

const cases: DifferentialCase[] = [
  { name: 'a missing fstab is created with the line', params: (d) => ({ fstab: fstab(d), path: MP, src: 'tmpfs', fstype: 'tmpfs', opts: 'size=16m,mode=0755', state: 'present' }), files: ['fstab'] },
  { name: 'appended after comments and other entries', setup: start(DEBIAN), params: (d) => ({ fstab: fstab(d), name: MP, src: '/dev/sdc1', fstype: 'xfs', state: 'present', dump: 1, passno: '2' }), files: ['fstab'] },
  { name: 'options changed in place, spacing of other lines kept', setup: start(`UUID=1 /   ext4 defaults 0 1\ntmpfs\t${MP}\ttmpfs\tsize=8m\t0\t0\n`), params: (d) => ({ fstab: fstab(d), path: MP, src: 'tmpfs', fstype: 'tmpfs', opts: 'size=16m', state: 'present' }), files: ['fstab'] },
  { name: 'a 4-field line of the mount point is rewritten with dump and passno', setup: start(`tmpfs ${MP} tmpfs defaults`), params: (d) => ({ fstab: fstab(d), path: MP, src: 'tmpfs', fstype: 'tmpfs', state: 'present' }), files: ['fstab'] },
  { name: 'a mount point with a space, a source with &', params: (d) => ({ fstab: fstab(d), path: '/nonexistent-runbook-test/my data', src: '//srv/a&b', fstype: 'cifs', state: 'present' }), files: ['fstab'] },
  { name: 'boot: false adds noauto', params: (d) => ({ fstab: fstab(d), path: MP, src: 'tmpfs', fstype: 'tmpfs', opts: 'size=1m', boot: false, state: 'present' }), files: ['fstab'] },
  { name: 'absent_from_fstab removes every line of the mount point', setup: start(`${DEBIAN}tmpfs ${MP} tmpfs defaults 0 0\n#tmpfs ${MP} x\n`), params: (d) => ({ fstab: fstab(d), path: MP, state: 'absent_from_fstab' }), files: ['fstab'] },
  { name: 'absent (the mount point does not exist: nothing to unmount or remove)', setup: start(`tmpfs ${MP} tmpfs defaults 0 0\n`), params: (d) => ({ fstab: fstab(d), path: MP, state: 'absent' }), files: ['fstab'] },
  { name: 'a second swap is its own entry', setup: start(DEBIAN), params: (d) => ({ fstab: fstab(d), path: 'none', src: '/swapfile', fstype: 'swap', opts: 'sw', state: 'present' }), files: ['fstab'] },
];

for (const c of cases) {
  test(`mount: ${c.name} — as Ansible (bytes, changed on check/run/rerun)`, async () => {
    if (skip) return console.log(`skipped: ${skip}`);
    await compareWithAnsible(mount, 'ansible.posix.mount', c);
  });
}

const FSTAB_LINE = 'tmpfs /srv/cache tmpfs size=16m 0 0\n';
/** A host whose /etc/fstab holds `text` and whose mountinfo shows `mountinfo` for the path. */
function host(text: string, mountinfo: string, exists = true) {
  const b64 = Buffer.from(text).toString('base64');
  return recordedHost({
    facts: [
      ['/proc/self/mountinfo', { stdout: `${mountinfo}${exists ? '@@exists\n' : ''}` }],
      ['[ -e /etc/fstab', { stdout: `0022\n81a4 644 0 0 ${text.length} 1 1 1 root root\nR/etc/fstab\n` }],
      ['[ -f /etc/fstab', { stdout: `${b64}\n` }],
    ],
  });
}
const MOUNTED = '99 30 0:50 / /srv/cache rw,relatime - tmpfs tmpfs rw,size=16384k\n';

test('mount: mounted — not mounted: directory made and mounted; mounted and the entry changed: remounted; else nothing, in one read', async () => {
  const off = host(FSTAB_LINE, '', false);
  const plan = await off.plan(mount, { path: '/srv/cache', src: 'tmpfs', fstype: 'tmpfs', opts: 'size=16m', state: 'mounted' });
  assert.equal(summaries(plan), ['mount /srv/cache (directory created)']);
  assert.equal(plan.changes.map((c) => ('run' in c ? c.run : '')), ['mkdir -p -- /srv/cache && mount /srv/cache']);
  const changed = host(FSTAB_LINE, MOUNTED);
  const re = await changed.plan(mount, { path: '/srv/cache', src: 'tmpfs', fstype: 'tmpfs', opts: 'size=32m', state: 'mounted' });
  assert.equal(summaries(re), ['/etc/fstab: entry for /srv/cache', 'remount /srv/cache (its entry changed)']);
  assert.is((re.changes[1] as { run: string }).run, 'mount -o remount /srv/cache || { umount /srv/cache && mount /srv/cache; }');
  const same = host(FSTAB_LINE, MOUNTED);
  const { value: noop, execs } = await same.countExecs(() => same.plan(mount, { path: '/srv/cache', src: 'tmpfs', fstype: 'tmpfs', opts: 'size=16m', state: 'mounted' }));
  assert.equal(noop.changes, []);
  assert.is(noop.reason, '/srv/cache is mounted as in /etc/fstab');
  assert.is(execs, 1);
});

test('mount: unmounted, absent, remounted, and another fstab with -T', async () => {
  assert.equal(summaries(await host(FSTAB_LINE, MOUNTED).plan(mount, { path: '/srv/cache', state: 'unmounted' })), ['unmount /srv/cache']);
  assert.equal(summaries(await host(FSTAB_LINE, '').plan(mount, { path: '/srv/cache', state: 'unmounted' })), []);
  assert.equal(summaries(await host(FSTAB_LINE, MOUNTED).plan(mount, { path: '/srv/cache', state: 'absent' })), ['/etc/fstab: remove /srv/cache', 'unmount /srv/cache', 'remove the directory /srv/cache']);
  const re = await host(FSTAB_LINE, MOUNTED).plan(mount, { path: '/srv/cache', state: 'remounted', opts: 'ro' });
  assert.is((re.changes[0] as { run: string }).run, 'mount -o remount,ro /srv/cache');
  assert.match(escapeMountinfo('/a b\\c'), '/a\\040b\\134c');
  assert.match((await failure(() => host('', '').plan(mount, { path: '/x', state: 'mounted', src: 'tmpfs' }))).message, 'missing: fstype');
});

test.run();
