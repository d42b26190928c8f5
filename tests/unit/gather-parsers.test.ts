// The gather_facts parsers on recorded output from hosts unlike this one (ARM and multi-socket CPUs, a
// zone with daylight saving time, bash's and dash's `export -p`, a non-root user, init systems), and
// ansible_facts' unprefixed view.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cpu, memory } from '../../src/engine/execute/gather/hardware.js';
import { serviceMgr } from '../../src/engine/execute/gather/os.js';
import { dateTime, env, names, python, user } from '../../src/engine/execute/gather/system.js';
import { namespaceFacts, splitFiles } from '../../src/engine/execute/gather-facts.js';

const cpuinfo = (sockets: number, cores: number, threads: number) =>
  Array.from({ length: sockets * cores * threads }, (_, i) =>
    [`processor\t: ${i}`, 'vendor_id\t: GenuineIntel', 'model name\t: Xeon', `physical id\t: ${Math.floor(i / (cores * threads))}`,
      `siblings\t: ${cores * threads}`, `core id\t: ${i % cores}`, `cpu cores\t: ${cores}`].join('\n')).join('\n');

test('CPU: sockets × cores × threads as Ansible counts them; nproc from Cpus_allowed_list; ARM counts processors', () => {
  const f = cpu(cpuinfo(2, 4, 2), 'Cpus_allowed_list:\t0-3,8,10-11', 'x86_64');
  assert.equal(
    [f.ansible_processor_count, f.ansible_processor_cores, f.ansible_processor_threads_per_core, f.ansible_processor_vcpus, f.ansible_processor_nproc],
    [2, 4, 2, 16, 7],
  );
  assert.equal((f.ansible_processor as string[]).slice(0, 3), ['0', 'GenuineIntel', 'Xeon']);
  const arm = cpu('processor\t: 0\nBogoMIPS\t: 48.00\nprocessor\t: 1\nBogoMIPS\t: 48.00', undefined, 'aarch64');
  assert.equal([arm.ansible_processor_count, arm.ansible_processor_vcpus, arm.ansible_processor_nproc], [2, 2, 2]);
});

test('memory: MiB rounded down; used and nocache derived as Ansible derives them', () => {
  const f = memory('MemTotal: 2048000 kB\nMemFree: 1024000 kB\nBuffers: 10240 kB\nCached: 102400 kB\nSwapCached: 0 kB\nSwapTotal: 1048576 kB\nSwapFree: 1048576 kB');
  assert.equal(f.ansible_memory_mb, { real: { total: 2000, used: 1000, free: 1000 }, nocache: { free: 1110, used: 890 }, swap: { total: 1024, free: 1024, used: 0, cached: 0 } });
  assert.is(f.ansible_memtotal_mb, 2000);
});

test('date_time: local fields from the host, UTC ones from the epoch; tz_dst is the zone’s summer name', () => {
  const f = dateTime('2026 01 15 13 04 05 1768478645 4 02 CET +0100 123456789\nCET +0100\nCEST +0200').ansible_date_time as Record<string, string>;
  assert.equal([f.weekday, f.date, f.time, f.iso8601, f.iso8601_micro, f.iso8601_basic], ['Thursday', '2026-01-15', '13:04:05', '2026-01-15T12:04:05Z', '2026-01-15T12:04:05.123456Z', '20260115T130405123456']);
  assert.equal([f.tz, f.tz_dst, f.tz_offset], ['CET', 'CEST', '+0100']);
  const south = dateTime('2026 07 01 12 00 00 1782871200 3 26 AEST +1000 000000000\nAEDT +1100\nAEST +1000').ansible_date_time as Record<string, string>;
  assert.is(south.tz_dst, 'AEDT', 'summer is January in the south');
  assert.is((dateTime('2026 07 01 12 00 00 1782907200 3 26 UTC +0000 N').ansible_date_time as Record<string, string>).tz_dst, 'UTC');
});

test('env: dash’s and bash’s export -p, quotes and newlines in values; a variable without a value is left out', () => {
  const dash = env(`export A='it'"'"'s'\nexport B='two\nlines'\nexport EMPTY=''\nexport UNSET`).ansible_env;
  assert.equal(dash, { A: "it's", B: 'two\nlines', EMPTY: '' });
  const bash = env('declare -x A="a \\"q\\" \\$x \\\\ b"\ndeclare -x NOVALUE\nexport C="1"').ansible_env;
  assert.equal(bash, { A: 'a "q" $x \\ b', C: '1' });
});

test('user: the name from the environment, else passwd’s by uid; ids from /proc/self/status', () => {
  const passwd = 'root:x:0:0:root:/root:/bin/bash\ndeploy:x:1001:1002:Deploy,,,:/home/deploy:/bin/sh';
  const status = 'Uid:\t1001\t0\t0\t0\nGid:\t1002\t1002\t1002\t1002';
  assert.equal(user('', passwd, status), {
    ansible_user_id: 'deploy', ansible_user_uid: 1001, ansible_user_gid: 1002, ansible_user_gecos: 'Deploy,,,', ansible_user_dir: '/home/deploy',
    ansible_user_shell: '/bin/sh', ansible_real_user_id: 1001, ansible_effective_user_id: 0, ansible_real_group_id: 1002, ansible_effective_group_id: 1002,
  });
  assert.is(user('root', passwd, status).ansible_user_dir, '/root', 'LOGNAME/USER wins, as with getpass');
});

test('service_mgr: ansible-core’s rule', () => {
  const probes = (...yes: string[]) => yes.map((k) => `${k}=yes`).join('\n');
  assert.is(serviceMgr('systemd', ''), 'systemd');
  assert.is(serviceMgr('runit-init', ''), 'runit');
  assert.is(serviceMgr('my-init', ''), 'my-init', 'an unknown init is named as it is');
  assert.is(serviceMgr('bash', probes('systemctl', 'systemd_run')), 'systemd', 'a shell as PID 1: probe');
  assert.is(serviceMgr('init', probes('openrc', 'init_d')), 'openrc');
  assert.is(serviceMgr('sh', `init_link=/lib/systemd/systemd\n${probes('systemctl', 'init_d')}`), 'systemd', 'offline systemd');
  assert.is(serviceMgr('sh', probes('init_d')), 'sysvinit');
  assert.is(serviceMgr('sh', ''), 'service');
  assert.is(serviceMgr('', 'init_link=/sbin/upstart'), 'upstart', 'unreadable comm: /sbin/init’s target');
});

test('fqdn as Python’s getfqdn; python from --version; files split back by path', () => {
  assert.equal(names('web1', '10.0.0.5      web1.example.com web1'), { ansible_nodename: 'web1', ansible_hostname: 'web1', ansible_fqdn: 'web1.example.com', ansible_domain: 'example.com' });
  assert.is(names('vm', '127.0.0.1       localhost').ansible_fqdn, 'localhost');
  assert.is(names('vm', '').ansible_fqdn, 'vm');
  assert.equal((python('/usr/bin/python3\nPython 3.13.0rc1').ansible_python as { version_info: unknown[] }).version_info, [3, 13, 0, 'candidate', 1]);
  assert.is(python('/usr/bin/python3\nPython 3.13.0rc1').ansible_python_version, '3.13.0rc1');
  assert.equal(python(''), {}, 'no Python: no python fact');
  const files = splitFiles('/usr/lib/os-release:ID=debian\n/proc/meminfo:MemTotal: 1 kB\n/proc/meminfo:MemFree: 0 kB\n/proc/1/comm:systemd');
  assert.equal([files.os, files.mem, files.comm], ['ID=debian', 'MemTotal: 1 kB\nMemFree: 0 kB', 'systemd']);
});

test('ansible_facts: the prefix dropped, ansible_local and unprefixed module facts kept; one object per facts', () => {
  const facts = { ansible_os_family: 'Debian', ansible_local: { a: 1 }, services: {} };
  assert.equal(namespaceFacts(facts), { os_family: 'Debian', ansible_local: { a: 1 }, services: {} });
  assert.is(namespaceFacts(facts), namespaceFacts(facts));
});

test.run();
