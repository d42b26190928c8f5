// The system modules on a real lab host over SSH, against real services: cron (the cron daemon runs the
// jobs the modules installed), a tmpfs mount inside the host's own mount namespace, sysctl on a key of the
// host's own network namespace (the machine's value is checked untouched), group, authorized_key (sshd lets
// the new key in), known_hosts (ssh-keygen finds it), user's generate_ssh_key, timezone, locale_gen (locale -a
// lists what it generated), modprobe (refused with its reason where the kernel has no modules or is shared;
// nothing is ever loaded). Every change converges (check predicts the first run,
// the rerun changes nothing in one round trip), and drift made behind the modules' back is repaired.
import { readFileSync } from 'node:fs';
import * as assert from 'uvu/assert';
import { authorizedKey } from '../../src/modules/system/authorized-key.js';
import { cron } from '../../src/modules/system/cron.js';
import { group } from '../../src/modules/system/group.js';
import { knownHosts } from '../../src/modules/system/known-hosts.js';
import { mount } from '../../src/modules/system/mount.js';
import { sysctl } from '../../src/modules/system/sysctl.js';
import { user } from '../../src/modules/system/user.js';
import { timezone } from '../../src/modules/system/timezone.js';
import { localeGen } from '../../src/modules/system/locale-gen.js';
import { modprobe, modprobeFact } from '../../src/modules/system/modprobe.js';
import { failure, ModuleTester, summaries } from '../helpers/module-tester.js';
import { labSuite } from './fixture.js';

const { add, run } = labSuite('system modules', { hosts: 1 });

async function sh(r: ModuleTester, script: string): Promise<string> {
  const out = await r.conn.exec(script);
  assert.is(out.code, 0, `${script}: ${out.stderr}`);
  return out.stdout;
}

/** Poll (bounded: 40 × 0.25 s) until `script` succeeds on the host. */
async function eventually(r: ModuleTester, script: string, what: string): Promise<void> {
  const out = await r.conn.exec(`i=0; until ${script}; do i=$((i+1)); [ $i -ge 40 ] && exit 1; sleep 0.25; done`);
  assert.is(out.code, 0, `${what} (waited 10 s)`);
}

add('cron: a user crontab and a cron.d file converge; the cron daemon runs their @reboot jobs; drift is repaired', async (lab) => {
  const r = new ModuleTester(await lab.connect('h1'), { host: 'h1' });
  await sh(r, 'id app >/dev/null 2>&1 || useradd -M app; rm -f /tmp/rb-cron-*');
  const user = await r.converge(cron, { name: 'mark', user: 'app', special_time: 'reboot', job: 'touch /tmp/rb-cron-user' });
  assert.equal(summaries(user.first), ['crontab for user "app": set job "mark"']);
  assert.match(await sh(r, 'crontab -u app -l'), '#Ansible: mark\n@reboot touch /tmp/rb-cron-user\n');
  const file = await r.converge(cron, { name: 'mark', cron_file: 'rb-test', user: 'root', special_time: 'reboot', job: 'touch /tmp/rb-cron-file' });
  assert.equal(summaries(file.first), ['/etc/cron.d/rb-test: set job "mark"']);
  assert.is(await sh(r, 'stat -c %a /etc/cron.d/rb-test'), '644\n');
  await r.converge(cron, { name: 'MAILTO', env: true, job: '', cron_file: 'rb-test', user: 'root' });
  assert.is(await sh(r, 'cat /etc/cron.d/rb-test'), 'MAILTO=""\n#Ansible: mark\n@reboot root touch /tmp/rb-cron-file\n');
  // The real daemon: a fresh /run, so it runs the @reboot jobs of both when it starts.
  await sh(r, 'cron');
  await eventually(r, '[ -e /tmp/rb-cron-user ] && [ -e /tmp/rb-cron-file ]', 'cron ran both @reboot jobs');
  assert.is((await sh(r, 'stat -c %U /tmp/rb-cron-user')).trim(), 'app', "the user crontab's job ran as app");
  // Drift: the job line edited by hand is set back; a check run predicts it.
  await sh(r, "sed -i 's/rb-cron-user/elsewhere/' /var/spool/cron/crontabs/app");
  const repaired = await r.converge(cron, { name: 'mark', user: 'app', special_time: 'reboot', job: 'touch /tmp/rb-cron-user' });
  assert.match(repaired.first.changes[0]!.diff!.before, 'elsewhere');
  const gone = await r.converge(cron, { name: 'mark', cron_file: 'rb-test', state: 'absent' });
  assert.equal(summaries(gone.first), ['/etc/cron.d/rb-test: remove job "mark"'], 'MAILTO is left, so the file stays');
});

add('mount: a tmpfs in the host\'s mount namespace — mounted, drift (unmounted by hand, options edited) repaired, absent', async (lab) => {
  const r = new ModuleTester(await lab.connect('h1'), { host: 'h1' });
  const p = { path: '/srv/rb-cache', src: 'tmpfs', fstype: 'tmpfs', opts: 'size=8m,mode=0750', state: 'mounted' };
  const up = await r.converge(mount, p);
  assert.equal(summaries(up.first), ['/etc/fstab: entry for /srv/rb-cache', 'mount /srv/rb-cache (directory created)']);
  assert.match(await sh(r, 'tail -n 1 /etc/fstab'), /^tmpfs \/srv\/rb-cache tmpfs size=8m,mode=0750 0 0\n$/);
  assert.match(await sh(r, 'findmnt -n -o FSTYPE,OPTIONS /srv/rb-cache'), /^tmpfs\s+\S*size=8192k,mode=750/);
  assert.is((await lab.run('h1', 'findmnt -n /srv/rb-cache >/dev/null && echo here')).stdout.trim(), 'here', 'in the host\'s namespace');
  assert.not.ok(readFileSync('/proc/self/mountinfo', 'utf8').includes(' /srv/rb-cache '), 'not on the machine');
  await sh(r, 'umount /srv/rb-cache');
  const again = await r.converge(mount, p);
  assert.equal(summaries(again.first), ['mount /srv/rb-cache']);
  const bigger = await r.converge(mount, { ...p, opts: 'size=16m,mode=0750' });
  assert.equal(summaries(bigger.first), ['/etc/fstab: entry for /srv/rb-cache', 'remount /srv/rb-cache (its entry changed)']);
  assert.match(await sh(r, 'findmnt -n -o OPTIONS /srv/rb-cache'), 'size=16384k');
  const un = await r.converge(mount, { path: '/srv/rb-cache', state: 'unmounted' });
  assert.equal(summaries(un.first), ['unmount /srv/rb-cache']);
  await r.converge(mount, { ...p, opts: 'size=16m,mode=0750' });
  const gone = await r.converge(mount, { path: '/srv/rb-cache', state: 'absent' });
  assert.equal(summaries(gone.first), ['/etc/fstab: remove /srv/rb-cache', 'unmount /srv/rb-cache', 'remove the directory /srv/rb-cache']);
  assert.is(await sh(r, 'grep -c rb-cache /etc/fstab || true'), '0\n');
});

add("sysctl: net.ipv4.ip_forward in the host's network namespace — file, live value, drift repaired; the machine's untouched", async (lab) => {
  const r = new ModuleTester(await lab.connect('h1'), { host: 'h1' });
  const machine = readFileSync('/proc/sys/net/ipv4/ip_forward', 'utf8');
  const file = '/etc/sysctl.d/90-rb-test.conf';
  await sh(r, `sysctl -w net.ipv4.ip_forward=0 >/dev/null; rm -f ${file}`);
  const p = { name: 'net.ipv4.ip_forward', value: '1', sysctl_set: true, sysctl_file: file };
  const set = await r.converge(sysctl, p);
  assert.equal(summaries(set.first), [`${file}: net.ipv4.ip_forward=1`, 'set net.ipv4.ip_forward = 1 in the kernel (was 0)', `reload ${file}`]);
  assert.is(await sh(r, 'cat /proc/sys/net/ipv4/ip_forward'), '1\n');
  assert.is(await sh(r, `cat ${file}`), 'net.ipv4.ip_forward=1\n');
  // Drift in the kernel only: set back, by sysctl -w and the reload.
  await sh(r, 'sysctl -w net.ipv4.ip_forward=0 >/dev/null');
  const drift = await r.converge(sysctl, p);
  assert.equal(summaries(drift.first), ['set net.ipv4.ip_forward = 1 in the kernel (was 0)', `reload ${file}`]);
  assert.is(await sh(r, 'cat /proc/sys/net/ipv4/ip_forward'), '1\n');
  const absent = await r.converge(sysctl, { name: 'net.ipv4.ip_forward', state: 'absent', sysctl_file: file, reload: false });
  assert.equal(summaries(absent.first), [`${file}: remove net.ipv4.ip_forward`]);
  assert.is(readFileSync('/proc/sys/net/ipv4/ip_forward', 'utf8'), machine, "the machine's own value is untouched");
});

add('group, authorized_key, known_hosts and user\'s generate_ssh_key: converge; sshd accepts the key the module installed; ssh-keygen finds the host key', async (lab) => {
  const r = new ModuleTester(await lab.connect('h1'), { host: 'h1' });
  const g = await r.converge(group, { name: 'rbteam', gid: 4321 });
  assert.equal(summaries(g.first), ['create group rbteam']);
  assert.match(await sh(r, 'getent group rbteam'), 'rbteam:x:4321:');
  const moved = await r.converge(group, { name: 'rbteam', gid: 4322 });
  assert.equal(summaries(moved.first), ['group rbteam: gid 4321 -> 4322']);
  // A password field of '*' (no password, not locked: sshd without PAM refuses locked accounts' keys too).
  await sh(r, "id deploy2 >/dev/null 2>&1 || useradd -m -s /bin/sh -p '*' deploy2");
  const pub = readFileSync(`${lab.keyFile}.pub`, 'utf8').trim();
  const k = await r.converge(authorizedKey, { user: 'deploy2', key: pub, key_options: 'no-port-forwarding' });
  assert.match(k.first.changes[0]!.summary, '/home/deploy2/.ssh/authorized_keys');
  assert.is(await sh(r, 'stat -c "%a %U" /home/deploy2/.ssh /home/deploy2/.ssh/authorized_keys'), '700 deploy2\n600 deploy2\n');
  const asDeploy = await lab.connect('h1', { user: 'deploy2' });
  assert.is((await asDeploy.exec('id -un')).stdout, 'deploy2\n', 'sshd let the installed key in');
  const hostKey = (await sh(r, 'cut -d" " -f1,2 /etc/ssh/ssh_host_ed25519_key.pub')).trim();
  const kh = await r.converge(knownHosts, { path: '/root/.ssh/rb_known_hosts', name: 'h1.lab', key: `h1.lab ${hostKey}`, hash_host: true });
  assert.equal(summaries(kh.first), ['/root/.ssh/rb_known_hosts: add the ssh-ed25519 key of h1.lab']);
  assert.match(await sh(r, 'ssh-keygen -F h1.lab -f /root/.ssh/rb_known_hosts'), 'found: line 1');
  const gen = await r.converge(user, { name: 'deploy2', generate_ssh_key: true, ssh_key_type: 'ed25519', groups: ['rbteam'], append: true });
  assert.equal(summaries(gen.first), ['modify user deploy2 (groups)', 'generate ed25519 ssh key /home/deploy2/.ssh/id_ed25519']);
  assert.is(await sh(r, 'stat -c "%a %U" /home/deploy2/.ssh/id_ed25519; id -nG deploy2'), '600 deploy2\ndeploy2 rbteam\n');
  assert.match(String(gen.second.data!.ssh_public_key), /^ssh-ed25519 \S+ ansible-generated on /);
  await r.converge(authorizedKey, { user: 'deploy2', key: pub, state: 'absent' });
  await sh(r, 'gpasswd -d deploy2 rbteam >/dev/null');
  await r.converge(group, { name: 'rbteam', state: 'absent' });
});

add('timezone and locale_gen on a host without systemd: the files Ansible writes on Debian, drift repaired', async (lab) => {
  const r = new ModuleTester(await lab.connect('h1'), { host: 'h1' });
  const tz = await r.converge(timezone, { name: 'Europe/Paris' });
  assert.equal(summaries(tz.first), ['time zone Etc/UTC -> Europe/Paris', '/etc/localtime -> /usr/share/zoneinfo/Europe/Paris']);
  assert.is(await sh(r, 'head -n 1 /etc/timezone; readlink /etc/localtime; date +%Z'), 'Europe/Paris\n/usr/share/zoneinfo/Europe/Paris\n' + (await sh(r, 'TZ=Europe/Paris date +%Z')));
  await sh(r, 'ln -sf /usr/share/zoneinfo/Etc/UTC /etc/localtime');
  const drift = await r.converge(timezone, { name: 'Europe/Paris' });
  assert.equal(summaries(drift.first)[0], 'time zone Etc/UTC -> Europe/Paris');
  const loc = await r.converge(localeGen, { name: 'de_CH.UTF-8' });
  assert.equal(summaries(loc.first), ['/etc/locale.gen: enable de_CH.UTF-8', 'generate locale de_CH.UTF-8']);
  assert.match(await sh(r, 'locale -a'), 'de_CH.utf8');
  const off = await r.converge(localeGen, { name: 'de_CH.UTF-8', state: 'absent' });
  assert.equal(summaries(off.first), ['/etc/locale.gen: disable de_CH.UTF-8', 'remove locale de_CH.UTF-8']);
  assert.not.match(await sh(r, 'locale -a'), 'de_CH');
  // modprobe never loads anything here: on a kernel without modules (this CI's VM) or a shared one it
  // refuses with the reason; on one with modules, a module already loaded is a no-op.
  const f = modprobeFact('dummy');
  const out = await r.conn.exec(f.command);
  const st = f.parse(out.stdout, out.code, out.stderr);
  if (st.refusal) {
    const e = await failure(() => r.plan(modprobe, { name: 'dummy' }));
    assert.is(e.message, `cannot load kernel module dummy here: ${st.refusal}`);
  } else {
    const loaded = (await sh(r, "awk 'NR == 1 { print $1 }' /proc/modules")).trim();
    if (loaded) assert.equal((await r.run(modprobe, { name: loaded })).plan.changes, [], `${loaded} is loaded: a no-op`);
  }
});

run();
