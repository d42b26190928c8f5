// apt, get_url, uri and git on a real lab host (h1, over SSH) against servers on ANOTHER lab host (h2):
// python3's http.server serving a .deb built here and files, git daemon serving a repository made there.
// Every address is a lab address. Each module converges (check mode predicts, the rerun changes nothing
// in one round trip) and drift — a file edited, a checkout modified, a package removed — is repaired.
import { join } from 'node:path';
import * as assert from 'uvu/assert';
import { apt } from '../../src/modules/packages/apt.js';
import { getUrl } from '../../src/modules/network/get-url.js';
import { uri } from '../../src/modules/network/uri.js';
import { git } from '../../src/modules/scm/git.js';
import { service } from '../../src/modules/services/service.js';
import { labSuite, type LabHandle } from './fixture.js';
import { ModuleTester, summaries } from '../helpers/module-tester.js';
import { buildDebs, putFile } from './debs.js';

const { add, run } = labSuite('packages and network modules', { hosts: 2 });

async function sh(r: ModuleTester, script: string): Promise<string> {
  const out = await r.conn.exec(script);
  assert.is(out.code, 0, `${script}: ${out.stderr}`);
  return out.stdout;
}

interface Servers {
  web: string;
  gitUrl: string;
}
let servers: Servers | undefined;

/** Once per suite: h2 serves /srv/www over HTTP (port 8000) and /srv/git over git:// (port 9418). */
async function startServers(lab: LabHandle): Promise<Servers> {
  if (servers) return servers;
  const ip = lab.host('h2').ip;
  const h2 = await lab.connect('h2');
  const debs = buildDebs([{ name: 'rb-net', version: '1.0' }]);
  try {
    await h2.exec('mkdir -p /srv/www /srv/git');
    await putFile(h2, join(debs.dir, debs.files[0]!), `/srv/www/${debs.files[0]}`);
  } finally {
    debs.cleanup();
  }
  await h2.put('/srv/www/motd.txt', Buffer.from('welcome v1\n'));
  await h2.put('/srv/www/api.json', Buffer.from('{"service":"lab","ok":true}'));
  const G = "git -c user.name=t -c user.email=t@runbook.invalid -c init.defaultBranch=main";
  const setup = await lab.run(
    'h2',
    [
      'set -e',
      'rm -rf /srv/git/app.git /tmp/work',
      `${G} init -q --bare /srv/git/app.git`,
      `${G} init -q /tmp/work && cd /tmp/work && echo one > app.txt && git add app.txt && ${G} commit -q -m one && ${G} tag v1`,
      'git remote add origin /srv/git/app.git && git push -q origin main --tags',
      // Both servers bind the lab address only; they end with the host's PID namespace at lab down.
      `setsid /usr/bin/python3 -m http.server 8000 --bind ${ip} --directory /srv/www >/tmp/http.log 2>&1 < /dev/null &`,
      `git daemon --detach --reuseaddr --export-all --base-path=/srv/git --listen=${ip} --port=9418 --pid-file=/run/gitd.pid`,
      // Bounded wait until both answer.
      `i=0; until curl -fsS -o /dev/null http://${ip}:8000/motd.txt && git ls-remote git://${ip}/app.git >/dev/null 2>&1; do i=$((i+1)); [ $i -lt 50 ] || exit 1; sleep 0.1; done`,
    ].join('\n'),
  );
  assert.is(setup.code, 0, `servers on h2: ${setup.stderr}`);
  servers = { web: `http://${ip}:8000`, gitUrl: `git://${ip}/app.git` };
  return servers;
}

add('apt: a .deb from a URL on h2 installs once; removed by hand (drift), it is installed again', async (lab) => {
  const { web } = await startServers(lab);
  const r = new ModuleTester(await lab.connect('h1'), { host: 'h1' });
  const url = `${web}/rb-net_1.0_all.deb`;
  const c = await r.converge(apt, { deb: url });
  assert.equal(summaries(c.first), [`install ${url}`]);
  assert.is((await sh(r, 'cat /usr/share/rb-net/VERSION')).trim(), '1.0');
  assert.is((await sh(r, 'ls /tmp | grep -c "^tmp\\." || true')).trim(), '0', 'no downloaded .deb left behind');
  await sh(r, 'dpkg -r rb-net >/dev/null');
  const again = await r.converge(apt, { deb: url });
  assert.equal(summaries(again.first), [`install ${url}`]);
  const rm = await r.converge(apt, { name: 'rb-net', state: 'absent', purge: true });
  assert.equal(summaries(rm.first), ['purge rb-net']);
});

add('get_url: downloaded from h2 with a checksum; a rerun downloads nothing; an edited file is replaced', async (lab) => {
  const { web } = await startServers(lab);
  const r = new ModuleTester(await lab.connect('h1'), { host: 'h1' });
  const sum = 'sha256:' + (await sh(r, `printf 'welcome v1\\n' | sha256sum | cut -d' ' -f1`)).trim();
  const params = { url: `${web}/motd.txt`, dest: '/srv/motd', checksum: sum, mode: '0640', owner: 'deploy' };
  const c = await r.converge(getUrl, params);
  assert.match(c.first.changes[0]!.summary, /\(absent\)$/);
  assert.is(await sh(r, 'cat /srv/motd'), 'welcome v1\n');
  assert.is((await sh(r, 'stat -c "%a %U" /srv/motd')).trim(), '640 deploy');
  await sh(r, 'echo tampered > /srv/motd');
  const repaired = await r.converge(getUrl, params);
  assert.match(repaired.first.changes[0]!.summary, /\(sha256 differs\)$/);
  assert.is(await sh(r, 'cat /srv/motd'), 'welcome v1\n');
  assert.is((await sh(r, 'stat -c "%a %U" /srv/motd')).trim(), '640 deploy', 'the attributes survive the replacement');
});

add('uri: GET JSON from h2 is a read (no change, one round trip); a 404 fails', async (lab) => {
  const { web } = await startServers(lab);
  const r = new ModuleTester(await lab.connect('h1'), { host: 'h1' });
  const { value: plan, execs } = await r.countExecs(() => r.plan(uri, { url: `${web}/api.json`, return_content: true }, true));
  assert.equal(plan.changes, []);
  assert.is(execs, 1);
  assert.is(plan.data!.status, 200);
  assert.is(plan.data!.content, '{"service":"lab","ok":true}');
  const res = await r.plan(uri, { url: `${web}/nope`, status_code: [404] });
  assert.is(res.data!.status, 404);
  const saved = await r.converge(uri, { url: `${web}/api.json`, dest: '/srv/api.json' });
  assert.match(saved.first.changes[0]!.summary, /^download /);
});

add('git: clone from git daemon on h2 at a tag, move to the branch after a push, repair a modified checkout', async (lab) => {
  const { gitUrl } = await startServers(lab);
  const r = new ModuleTester(await lab.connect('h1'), { host: 'h1' });
  const dest = '/srv/app';
  const c = await r.converge(git, { repo: gitUrl, dest, version: 'v1' });
  assert.match(c.first.changes[0]!.summary, /^clone git:\/\/.* \(tag v1\)$/);
  assert.is(c.first.data!.before, null);
  assert.is(await sh(r, `cat ${dest}/app.txt`), 'one\n');
  const push = await lab.run('h2', 'cd /tmp/work && echo two > app.txt && git -c user.name=t -c user.email=t@runbook.invalid commit -q -am two && git push -q origin main && git rev-parse HEAD');
  assert.is(push.code, 0, push.stderr);
  const u = await r.converge(git, { repo: gitUrl, dest, version: 'main' });
  assert.is(u.first.data!.after, push.stdout.trim());
  assert.is(await sh(r, `cat ${dest}/app.txt`), 'two\n');
  await sh(r, `echo drift > ${dest}/app.txt`);
  const fixed = await r.converge(git, { repo: gitUrl, dest, version: 'main', force: true });
  assert.match(fixed.first.changes[0]!.summary, /discard local modifications \(app\.txt\)/);
  assert.is(await sh(r, `cat ${dest}/app.txt`), 'two\n');
});

const INIT_SCRIPT = `#!/bin/sh
### BEGIN INIT INFO
# Provides:          rb-sysv
# Required-Start:
# Required-Stop:
# Default-Start:     2 3 4 5
# Default-Stop:      0 1 6
# Short-Description: runbook test daemon
### END INIT INFO
PID=/run/rb-sysv.pid
alive() { [ -f $PID ] && kill -0 "$(cat $PID)" 2>/dev/null; }
case "$1" in
start) alive && exit 0; setsid sleep 100000 </dev/null >/dev/null 2>&1 & echo $! > $PID ;;
stop) alive && kill "$(cat $PID)"; rm -f $PID ;;
restart) "$0" stop; "$0" start ;;
status) alive && exit 0; exit 3 ;;
*) echo "usage: $0 start|stop|restart|status" >&2; exit 2 ;;
esac
`;

add('service on a host without systemd: a SysV init script started and enabled (update-rc.d); stopped by hand, started again', async (lab) => {
  const r = new ModuleTester(await lab.connect('h1'), { host: 'h1' });
  assert.is((await r.conn.exec('[ -d /run/systemd/system ]')).code, 1, 'a plain lab host runs no systemd');
  await r.conn.put('/etc/init.d/rb-sysv', Buffer.from(INIT_SCRIPT), { mode: '0755' });
  const c = await r.converge(service, { name: 'rb-sysv', state: 'started', enabled: true });
  assert.equal(summaries(c.first), ['enable rb-sysv', 'start rb-sysv']);
  assert.is((await r.conn.exec('/etc/init.d/rb-sysv status')).code, 0);
  assert.match(await sh(r, 'ls /etc/rc2.d'), /S\d\drb-sysv/);
  await sh(r, '/etc/init.d/rb-sysv stop');
  const again = await r.converge(service, { name: 'rb-sysv', state: 'started' });
  assert.equal(summaries(again.first), ['start rb-sysv']);
  const off = await r.converge(service, { name: 'rb-sysv', state: 'stopped', enabled: false });
  assert.equal(summaries(off.first), ['disable rb-sysv', 'stop rb-sysv']);
});

run();
