// The lab's pure parts, without root: host plans, cgroup layouts, init scripts, the inventory.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync } from 'node:child_process';
import { parse } from 'yaml';
import { parseCgroupLayout, mountCgroupsScript, enterHostCgroupsScript, hostCgroupDirs } from '../../src/lab/cgroups.js';
import { mountsScript, plainHostArgv, systemdHostArgv, usersScript } from '../../src/lab/init-script.js';
import { inventoryYaml } from '../../src/lab/inventory.js';
import { sshdConfig, unitsToMask } from '../../src/lab/rootfs.js';
import { checkSpec, hostIp, MAX_LAB_HOSTS, planLab, type HostSpec } from '../../src/lab/spec.js';
import type { LabState } from '../../src/lab/state.js';

const HYBRID = `31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755
32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu
34 31 0:31 / /sys/fs/cgroup/cpuset rw,relatime - cgroup cgroup rw,cpuset
40 31 0:37 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,name=systemd
41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw
50 22 0:40 / /mnt/other rw - cgroup cgroup rw,memory`;

test('planLab: plain hosts first, systemd hosts last, addresses from .11', () => {
  assert.equal(planLab(3, 1).hosts.map((h) => [h.name, h.ip, h.init]), [
    ['h1', '10.200.0.11', 'sshd'],
    ['h2', '10.200.0.12', 'sshd'],
    ['s1', '10.200.0.13', 'systemd'],
  ]);
  assert.throws(() => planLab(0, 0), /--hosts/);
  assert.throws(() => planLab(2, 3), /--systemd/);
});

test('checkSpec refuses names and addresses that would escape the lab', () => {
  const ok: HostSpec = { name: 'vm', ip: '10.200.0.130', init: 'systemd' };
  checkSpec({ hosts: [ok] });
  assert.throws(() => checkSpec({ hosts: [ok, ok] }), /twice/);
  assert.throws(() => checkSpec({ hosts: [{ ...ok, name: 'Bad Name' }] }), /host name/);
  assert.throws(() => checkSpec({ hosts: [{ ...ok, ip: '192.168.1.5' }] }), /10\.200\.0/);
  assert.throws(() => checkSpec({ hosts: [{ ...ok, ip: '10.200.0.254' }] }), /10\.200\.0/);
});

test('cgroup layout from mountinfo: v1 controllers, named hierarchy, cgroup2; nothing outside /sys/fs/cgroup', () => {
  const layout = parseCgroupLayout(HYBRID);
  assert.equal(layout, [
    { dir: 'cpu', fstype: 'cgroup', options: 'cpu' },
    { dir: 'cpuset', fstype: 'cgroup', options: 'cpuset' },
    { dir: 'systemd', fstype: 'cgroup', options: 'none,name=systemd' },
    { dir: 'unified', fstype: 'cgroup2', options: '' },
  ]);
  assert.equal(hostCgroupDirs(layout, 'rb-s1'), [
    '/sys/fs/cgroup/cpu/lab-rb-s1',
    '/sys/fs/cgroup/cpuset/lab-rb-s1',
    '/sys/fs/cgroup/systemd/lab-rb-s1',
    '/sys/fs/cgroup/unified/lab-rb-s1',
  ]);
  const pureV2 = parseCgroupLayout('30 23 0:27 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw,nsdelegate');
  assert.equal(pureV2, [{ dir: '', fstype: 'cgroup2', options: '' }]);
  assert.not.match(mountCgroupsScript(pureV2), /tmpfs/, 'a pure cgroup2 machine mounts cgroup2 itself on /sys/fs/cgroup');
  const enter = enterHostCgroupsScript(layout, 'rb-s1');
  assert.match(enter, 'echo $$ > /sys/fs/cgroup/cpuset/lab-rb-s1/cgroup.procs');
  assert.match(enter, /cpuset\.mems/);
});

test('init scripts: overlays for the six directories, fresh /root, binds, tmpfs /run last; valid bash', () => {
  const spec: HostSpec = { name: 'vm', ip: '10.200.0.130', init: 'systemd', binds: [{ target: '/var/lib/docker' }], setup: 'echo extra' };
  const m = mountsScript(spec);
  for (const d of ['etc', 'var', 'home', 'usr', 'opt', 'srv']) assert.match(m, `lowerdir=/${d},upperdir=/run/runbook-lab/hosts/vm/up/${d}`);
  assert.match(m, 'mount --bind /run/runbook-lab/hosts/vm/roothome /root');
  assert.match(m, 'mount --bind /run/runbook-lab/hosts/vm/binds/var_lib_docker /var/lib/docker');
  assert.ok(m.indexOf('/var/lib/docker') < m.indexOf('tmpfs /run'), 'state-dir paths are used before /run is replaced');
  const sd = systemdHostArgv(spec, 'rb-vm', parseCgroupLayout(HYBRID));
  assert.equal(sd.slice(0, 2), ['bash', '-c']);
  execFileSync('bash', ['-n', '-c', sd[2]!]);
  assert.match(sd[2]!, /--cgroup/);
  assert.match(sd[2]!, /exec \/lib\/systemd\/systemd/);
  const plain = plainHostArgv({ name: 'h1', ip: '10.200.0.11', init: 'sshd' });
  assert.equal(plain.slice(0, 7), ['unshare', '--mount', '--uts', '--pid', '--fork', '--kill-child', '--mount-proc']);
  execFileSync('bash', ['-n', '-c', plain[plain.length - 1]!]);
  assert.match(usersScript(), 'echo alice:alice-pw | chpasswd');
  assert.match(usersScript(), "-p '*' deploy");
});

test('sshd config: key only, own host key; systemd hosts keep ssh and mask the machine services', () => {
  assert.match(sshdConfig(), 'PasswordAuthentication no');
  assert.match(sshdConfig(), 'HostKey /etc/ssh/ssh_host_ed25519_key');
  const masked = unitsToMask(['docker.service']);
  assert.not.ok(masked.includes('ssh.service'));
  assert.not.ok(masked.includes('docker.service'));
  assert.ok(masked.includes('getty@tty1.service'));
  // logind runs: `shutdown -r` schedules reboots through it.
  assert.not.ok(masked.includes('systemd-logind.service'));
});

test('inventory: groups lab/plain/systemd and extra groups; HostConnection keys', () => {
  const state = {
    keyFile: '/run/runbook-lab/id_ed25519',
    knownHosts: '/run/runbook-lab/known_hosts',
    hosts: [
      { name: 'h1', ip: '10.200.0.11', init: 'sshd', netns: 'rb-h1' },
      { name: 'vm', ip: '10.200.0.130', init: 'systemd', netns: 'rb-vm', groups: ['dockervm'] },
    ],
  } as unknown as LabState;
  const inv = parse(inventoryYaml(state));
  const lab = inv.all.children.lab;
  const { children: _, ...settings } = lab;
  assert.equal(settings, {
    connection: 'ssh',
    user: 'root',
    private_key: '/run/runbook-lab/id_ed25519',
    known_hosts: '/run/runbook-lab/known_hosts',
    host_key_checking: 'accept-new',
    timeout: 10,
  });
  assert.equal(lab.children.plain.hosts, { h1: { host: '10.200.0.11' } });
  assert.equal(lab.children.systemd.hosts, { vm: { host: '10.200.0.130' } });
  assert.equal(lab.children.dockervm.hosts, { vm: { host: '10.200.0.130' } });
});

test('planLab: up to 250 hosts, each its own address in the lab /22, past .253 in 10.200.1.x', () => {
  const big = planLab(MAX_LAB_HOSTS, 0);
  assert.is(big.hosts.length, 250);
  assert.is(new Set(big.hosts.map((h) => h.ip)).size, 250);
  assert.equal([hostIp(1), hostIp(243), hostIp(244), hostIp(250)], ['10.200.0.11', '10.200.0.253', '10.200.1.11', '10.200.1.17']);
  checkSpec(big);
  assert.throws(() => planLab(251, 0), /--hosts must be 1\.\.250/);
});

test.run();
