// The host modules on real lab hosts over SSH: package (a .deb built here with dpkg-deb, then a local
// file: apt repository — nothing is downloaded), systemd/service on a host with systemd as PID 1, hostname.
// Through the module tester over the lab host's SSH connection: every change-making case converges (the
// second run changes nothing, in one round trip) and check mode must predict the first run exactly.
import { join } from 'node:path';
import * as assert from 'uvu/assert';
import { hostname } from '../../src/modules/system/hostname.js';
import { packageModule } from '../../src/modules/packages/package.js';
import { service } from '../../src/modules/services/service.js';
import { systemd } from '../../src/modules/services/systemd.js';
import { user } from '../../src/modules/system/user.js';
import { labSuite } from './fixture.js';
import { ModuleTester, summaries } from '../helpers/module-tester.js';
import { buildDebs, putFile } from './debs.js';
import { ansibleLocal, ansibleSkipReason } from '../helpers/ansible.js';

const { add, run } = labSuite('host modules', { hosts: 2, systemd: 1 });

async function sh(r: ModuleTester, script: string): Promise<string> {
  const out = await r.conn.exec(script);
  assert.is(out.code, 0, `${script}: ${out.stderr}`);
  return out.stdout;
}

add('package: a local .deb installs once, then removal and purge; check mode predicts each', async (lab) => {
  const r = new ModuleTester(await lab.connect('h1'), { host: 'h1' });
  const debs = buildDebs([{ name: 'rb-hello', version: '1.0' }]);
  try {
    await sh(r, 'mkdir -p /srv/debs');
    await putFile(r.conn, join(debs.dir, debs.files[0]!), '/srv/debs/rb-hello_1.0_all.deb');
    const inst = await r.converge(packageModule, { deb: '/srv/debs/rb-hello_1.0_all.deb' });
    assert.equal(summaries(inst.first), ['install /srv/debs/rb-hello_1.0_all.deb']);
    assert.is(inst.noopExecs, 1, 'a no-op package task is one round trip');
    assert.is((await sh(r, 'cat /usr/share/rb-hello/VERSION')).trim(), '1.0');
    const rm = await r.converge(packageModule, { name: 'rb-hello', state: 'absent' });
    assert.equal(summaries(rm.first), ['remove rb-hello']);
    assert.not.match(await sh(r, "dpkg-query -W -f='${Status}' rb-hello 2>/dev/null || true"), / installed$/);
  } finally {
    debs.cleanup();
  }
});

add('package: names from a local file: apt repository — pin, latest, purge; update_cache reaches no network', async (lab) => {
  const r = new ModuleTester(await lab.connect('h1'), { host: 'h1', vars: { ansible_pkg_mgr: 'apt' } });
  const debs = buildDebs([
    { name: 'rb-tool', version: '1.0' },
    { name: 'rb-tool', version: '1.1' },
  ]);
  try {
    // The host's apt sources become ONLY the local repository (its /etc is a private overlay).
    await sh(r, 'mkdir -p /srv/repo && rm -f /etc/apt/sources.list.d/* && echo "deb [trusted=yes] file:/srv/repo ./" > /etc/apt/sources.list');
    for (const f of [...debs.files, 'Packages']) await putFile(r.conn, join(debs.dir, f), `/srv/repo/${f}`);
    const sources = await sh(r, 'cat /etc/apt/sources.list; ls /etc/apt/sources.list.d');
    assert.is(sources.trim(), 'deb [trusted=yes] file:/srv/repo ./', 'no network source left before update_cache');

    const refresh = await r.run(packageModule, { update_cache: true });
    assert.is(refresh.result.cache_updated, true);
    assert.ok(refresh.plan.changes.length === 1, 'the lists changed: changed');
    // A second later apt touches the lists directory again though nothing changed; that must not count.
    await sh(r, 'sleep 1.1');
    const again = await r.run(packageModule, { update_cache: true });
    assert.equal(again.plan.changes, [], `an unchanged refresh is not a change (${JSON.stringify(again.result)})`);

    let c = await r.converge(packageModule, { name: 'rb-tool=1.0' });
    assert.equal(summaries(c.first), ['install rb-tool=1.0']);
    c = await r.converge(packageModule, { name: ['rb-tool'], state: 'latest' });
    assert.equal(summaries(c.first), ['install rb-tool=1.1']);
    assert.is((await sh(r, 'cat /usr/share/rb-tool/VERSION')).trim(), '1.1');
    // present with any version installed: nothing to do, in one round trip
    const present = await r.run(packageModule, { name: 'rb-tool' });
    assert.equal(present.plan.changes, []);
    c = await r.converge(packageModule, { name: 'rb-tool', state: 'absent', purge: true });
    assert.equal(summaries(c.first), ['purge rb-tool']);
    const missing = await r.plan(packageModule, { name: 'rb-nothing' }).catch((e: Error) => e);
    assert.match(String(missing), /No package matching 'rb-nothing' is available/);
  } finally {
    debs.cleanup();
  }
});

const UNIT = `[Unit]
Description=runbook test service

[Service]
ExecStart=/bin/sleep infinity
ExecReload=/bin/true

[Install]
WantedBy=multi-user.target
`;

add('systemd: daemon_reload + enabled + started, then restarted (always), stopped, disabled, masked, unmasked', async (lab) => {
  const r = new ModuleTester(await lab.connect('s1'), { host: 's1' });
  // In the vendor directory: masking puts its /dev/null link in /etc/systemd/system, where the file would clash.
  await r.conn.put('/lib/systemd/system/rb-web.service', UNIT);
  const up = await r.converge(systemd, { name: 'rb-web', daemon_reload: true, enabled: true, state: 'started' });
  assert.equal(summaries(up.first), ['enable rb-web', 'start rb-web']);
  assert.is(up.noopExecs, 1, 'a no-op systemd task (daemon-reload included) is one round trip');
  assert.is((await sh(r, 'systemctl is-active rb-web; systemctl is-enabled rb-web')).trim(), 'active\nenabled');
  for (let i = 0; i < 2; i++) {
    const restart = await r.run(systemd, { name: 'rb-web', state: 'restarted' });
    assert.equal(restart.plan.changes.map((x) => x.summary), ['restart rb-web']);
    assert.is(restart.result.state, 'started');
  }
  assert.equal((await r.run(systemd, { name: 'rb-web', state: 'reloaded' })).plan.changes.map((x) => x.summary), ['reload rb-web']);
  assert.equal(summaries((await r.converge(systemd, { name: 'rb-web', state: 'stopped' })).first), ['stop rb-web']);
  assert.equal(summaries((await r.converge(systemd, { name: 'rb-web', enabled: false })).first), ['disable rb-web']);
  assert.equal(summaries((await r.converge(systemd, { name: 'rb-web', masked: true })).first), ['mask rb-web']);
  assert.match(String(await r.run(systemd, { name: 'rb-web', state: 'started' }).catch((e: Error) => e)), /Unable to start service rb-web: .*masked/);
  const back = await r.converge(systemd, { name: 'rb-web', masked: false, enabled: true, state: 'started' });
  assert.equal(summaries(back.first), ['unmask rb-web', 'enable rb-web', 'start rb-web']);
  assert.equal(summaries((await r.converge(service, { name: 'rb-web', state: 'stopped' })).first), ['stop rb-web']);
  // A unit with no [Install] section is `static`: enabled=true has nothing to do (as in Ansible).
  await r.conn.put('/etc/systemd/system/rb-static.service', '[Service]\nExecStart=/bin/true\n');
  const st = await r.run(systemd, { name: 'rb-static', daemon_reload: true, enabled: true });
  assert.equal(st.plan.changes, []);
  assert.match(String(await r.run(systemd, { name: 'rb-nope', state: 'started' }).catch((e: Error) => e)), /Could not find the requested service rb-nope/);
});

add('systemd on a host without systemd: a clear failure, nothing changed', async (lab) => {
  const r = new ModuleTester(await lab.connect('h1'), { host: 'h1' });
  const e = await r.run(systemd, { name: 'ssh', state: 'started' }).catch((x: Error) => x);
  assert.match(String(e), /Service is in unknown state|Could not find the requested service/);
});

add('hostname: /etc/hostname + hostname without systemd; hostnamectl with it', async (lab) => {
  const plain = new ModuleTester(await lab.connect('h1'), { host: 'h1' });
  const c = await plain.converge(hostname, { name: 'web1.lab.test' });
  assert.is(c.noopExecs, 1);
  assert.ok(summaries(c.first).length >= 1);
  assert.is((await sh(plain, 'hostname; cat /etc/hostname')).trim(), 'web1.lab.test\nweb1.lab.test');
  const sd = new ModuleTester(await lab.connect('s1'), { host: 's1' });
  const s = await sd.converge(hostname, { name: 'db1' });
  assert.equal(summaries(s.first), ['set the current hostname to db1', 'set the permanent hostname to db1']);
  assert.is((await sh(sd, 'hostnamectl --static; hostname')).trim(), 'db1\ndb1');
});

add('user: created, shell and groups changed, removed — each once', async (lab) => {
  const r = new ModuleTester(await lab.connect('h1'), { host: 'h1' });
  await sh(r, 'getent group rb-web >/dev/null || groupadd rb-web; getent group rb-db >/dev/null || groupadd rb-db');
  const made = await r.converge(user, { name: 'rbapp', shell: '/bin/sh', groups: ['rb-web'], comment: 'runbook app' });
  assert.equal(summaries(made.first), ['create user rbapp']);
  assert.is(made.noopExecs, 1);
  assert.match(await sh(r, 'getent passwd rbapp; id -Gn rbapp; test -d /home/rbapp && echo home'), /^rbapp:x:\d+:\d+:runbook app:\/home\/rbapp:\/bin\/sh\n.*rb-web\nhome\n$/);
  assert.equal(summaries((await r.converge(user, { name: 'rbapp', shell: '/bin/bash', groups: ['rb-db'], append: true })).first), ['modify user rbapp (groups, shell)']);
  assert.match(await sh(r, 'id -Gn rbapp'), /rb-web.*rb-db|rb-db.*rb-web/);
  assert.equal(summaries((await r.converge(user, { name: 'rbapp', state: 'absent', remove: true })).first), ['remove user rbapp']);
  assert.is((await r.conn.exec('test -d /home/rbapp')).code, 1, 'home removed');
});

// A password hash (not a real one: it is only stored) and expiry days, in the order a role would apply them.
const LOCK_CASES: Record<string, unknown>[] = [
  { name: 'rblock', password: '$6$rb$lab', password_lock: true, expires: 1767225600 },
  { name: 'rblock', password_lock: false },
  { name: 'rblock', expires: 1767225600 + 40 * 86400 + 3600 },
  { name: 'rblock', expires: -1 },
  { name: 'rblock', password: '$6$rb$other', password_lock: true },
  { name: 'rblock', password_lock: true },
  { name: 'rblock', state: 'absent', remove: true },
];

add('user password_lock and expires: the same shadow fields and changed flags as Ansible (runbook on h1, ansible-core on s1)', async (lab) => {
  const skip = await ansibleSkipReason();
  if (skip) return void console.log(`    skipped: ${skip}`);
  const r = new ModuleTester(await lab.connect('h1'), { host: 'h1' });
  const shadow = async (h: string) => (await lab.run(h, 'getent shadow rblock | cut -d: -f2,8; true')).stdout;
  for (const params of LOCK_CASES) {
    const ours: boolean[] = [];
    const theirs: boolean[] = [];
    for (let i = 0; i < 2; i++) {
      ours.push((await r.run(user, params)).plan.changes.length > 0);
      const args = Object.entries(params).map(([k, v]) => `${k}=${JSON.stringify(String(v))}`).join(' ');
      theirs.push((await ansibleLocal('user', { args, ssh: { address: lab.host('s1').ip, privateKey: lab.keyFile } })).changed === true);
    }
    assert.is(await shadow('h1'), await shadow('s1'), `shadow after ${JSON.stringify(params)}`);
    assert.equal(ours, theirs, `changed flags (first run, rerun) for ${JSON.stringify(params)}`);
  }
});

run();
