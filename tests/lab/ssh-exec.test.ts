// Commands and files over a real OpenSSH connection to lab hosts.
import * as assert from 'uvu/assert';
import { createHash, randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { ShellConnection } from '../../src/engine/connection/shell-connection.js';
import { gatherFacts } from '../../src/engine/execute/gather-facts.js';
import { labSuite } from './fixture.js';

const { add, run } = labSuite('ssh exec', { hosts: 3, systemd: 1 });

add('exec: stdout, stderr, exit code, stdin, env and cwd', async (lab) => {
  const c = await lab.connect('h1');
  assert.equal(await c.exec('echo out; echo err >&2; exit 7'), { code: 7, stdout: 'out\n', stderr: 'err\n' });
  const big = randomBytes(3 << 20);
  const r = await c.execBuffer('cat', { stdin: big });
  assert.ok(r.stdout.equals(big), 'stdin round-trips 3 MiB byte for byte');
  assert.is((await c.exec(`sh -c 'printf %s "$FOO"'`, { env: { FOO: "a 'b' $(c)" } })).stdout, "a 'b' $(c)");
  assert.is((await c.exec('pwd', { cwd: '/srv' })).stdout, '/srv\n');
  assert.is((await c.exec('pwd', { cwd: '/nonexistent' })).code !== 0, true);
  await c.close();
});

add('put/get are binary-safe; put keeps mode and owner of an existing file and is atomic', async (lab) => {
  const c = await lab.connect('h1');
  const bytes = Buffer.from(Array.from({ length: 256 }, (_, i) => i).concat([0, 10, 13, 0]));
  await c.put('/srv/bin.dat', bytes);
  assert.ok((await c.get('/srv/bin.dat'))!.equals(bytes));
  assert.is(await c.get('/srv/missing'), null);

  await c.exec('printf old > /srv/kept; chown deploy:alice /srv/kept; chmod 0640 /srv/kept');
  await c.put('/srv/kept', 'new');
  assert.is((await c.exec('stat -c %a:%U:%G /srv/kept')).stdout, '640:deploy:alice\n');
  await c.put('/srv/mode', 'x', { mode: '0600', owner: 'alice' });
  assert.is((await c.exec('stat -c %a:%U /srv/mode')).stdout, '600:alice\n');

  // Atomic: a reader polling the file while it is replaced sees the old or the new content, never a mix.
  const a = 'A'.repeat(1 << 20);
  const b = 'B'.repeat(1 << 20);
  await c.put('/srv/atomic', a);
  const reader = c.exec(`i=0; bad=0; while [ $i -lt 300 ]; do v=$(md5sum < /srv/atomic); case "$v" in ${md5(a)}*|${md5(b)}*) ;; *) bad=$((bad+1));; esac; i=$((i+1)); done; echo $bad`);
  for (let i = 0; i < 10; i++) await c.put('/srv/atomic', i % 2 ? a : b);
  assert.is((await reader).stdout, '0\n');
  assert.is((await c.exec('ls -a /srv | grep -c runbook-tmp || true')).stdout, '0\n', 'no temp files left');
  await c.close();
});

add('20 concurrent execs on one connection: all succeed, never more than 4 channels open', async (lab) => {
  const t = await lab.transport('h2');
  const c = new ShellConnection(t);
  const results = await Promise.all(Array.from({ length: 20 }, (_, i) => c.exec(`sleep 0.05; echo ${i}`)));
  results.forEach((r, i) => assert.equal(r, { code: 0, stdout: `${i}\n`, stderr: '' }));
  assert.ok(t.stats.peakChannels <= 4, `peak ${t.stats.peakChannels}`);
  assert.is(t.stats.peakChannels, 4);
  await c.close();
});

add('a timed-out command is stopped on the host, with the commands it started (root and other users)', async (lab) => {
  for (const [user, secs] of [['root', 41], ['deploy', 42]] as const) {
    const c = await lab.connect('h2', { user });
    const e = await c.exec(`sh -c 'sleep ${secs}; echo late' & sleep ${secs + 10}; wait`, { timeout: 300 }).catch((x: Error) => x);
    assert.is((e as Error).name, 'TimeoutError');
    const gone = async () => (await lab.run('h2', `pgrep -f '[s]leep ${secs}' || true`)).stdout.trim() === '';
    let ok = false;
    for (let i = 0; i < 30 && !(ok = await gone()); i++) await new Promise((r) => setTimeout(r, 100));
    assert.ok(ok, `sleep ${secs} still runs for ${user}: ${(await lab.run('h2', 'ps -eo pid,pgid,user,args')).stdout}`);
    assert.is((await c.exec('echo usable')).stdout, 'usable\n');
    await c.close();
  }
});

add('gather_facts: one exec; plain host vs systemd host', async (lab) => {
  const plain = await lab.connect('h1');
  const before = plain.stats.execs;
  const f = await gatherFacts(plain);
  assert.is(plain.stats.execs - before, 1, 'exactly one round trip');
  assert.is(f.ansible_os_family, 'Debian');
  assert.is(f.ansible_distribution, 'Debian');
  assert.match(String(f.ansible_distribution_version), /^\d+(\.\d+)?$/);
  assert.is(f.ansible_distribution_major_version, String(f.ansible_distribution_version).split('.')[0]);
  assert.is(f.ansible_hostname, 'h1');
  assert.is(f.ansible_fqdn, 'h1.lab');
  assert.is(f.ansible_user_id, 'root');
  assert.is(f.ansible_pkg_mgr, 'apt');
  // PID 1 is not systemd here, but /sbin/init links to it: ansible-core's rule says systemd too
  // (facts-ssh.test.ts compares every gathered fact with ansible-core's on these hosts).
  assert.is(f.ansible_service_mgr, 'systemd');
  assert.equal((f.ansible_default_ipv4 as Record<string, unknown>).address, lab.host('h1').ip);
  assert.equal((f.ansible_default_ipv4 as Record<string, unknown>).interface, 'eth0');
  assert.equal((f.ansible_default_ipv4 as Record<string, unknown>).gateway, '10.200.0.1');
  assert.equal(((f.ansible_eth0 as Record<string, unknown>).ipv4 as Record<string, unknown>).netmask, '255.255.252.0', 'the lab network is a /22 (docs/lab.md)');
  assert.match(String((f.ansible_eth0 as Record<string, unknown>).macaddress), /^([0-9a-f]{2}:){5}[0-9a-f]{2}$/);
  assert.equal((f.ansible_interfaces as string[]).sort(), ['eth0', 'lo']);
  assert.equal(f.ansible_all_ipv4_addresses, [lab.host('h1').ip]);
  assert.ok(String(f.ansible_kernel).length > 0 && String(f.ansible_architecture).length > 0);

  const sd = await lab.connect('s1');
  const g = await gatherFacts(sd);
  assert.is(sd.stats.execs, 1);
  assert.is(g.ansible_service_mgr, 'systemd');
  assert.is(g.ansible_hostname, 's1');
  await plain.close();
  await sd.close();
});

add('ProxyJump through a lab host, from an ssh config alias', async (lab) => {
  const cfg = `${lab.state.stateDir}/ssh_config`;
  writeFileSync(cfg, `Host target\n  HostName ${lab.host('h2').ip}\n  User deploy\n  ProxyJump jump\nHost jump\n  HostName ${lab.host('h1').ip}\n  User root\nHost *\n  IdentityFile ${lab.keyFile}\n`);
  const c = await lab.connect('target', { host: 'target', user: undefined, private_key: undefined }, { sshConfigFile: cfg });
  assert.equal(await c.exec('hostname; id -un'), { code: 0, stdout: 'h2\ndeploy\n', stderr: '' });
  await c.close();
});

function md5(s: string): string {
  return createHash('md5').update(s).digest('hex');
}

run();
