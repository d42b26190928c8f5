// The files-and-content modules of issue 12 on a real lab host over SSH, through the module tester: replace
// with a validate command, copy remote_src of a directory, slurp, fetch to the controller, find, unarchive of
// a controller archive, archive, tempfile. Every change-making case converges (check mode predicts the first
// run, the second changes nothing in one round trip), and drift made on the host is repaired.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as assert from 'uvu/assert';
import { archive } from '../../src/modules/files/archive.js';
import { copy } from '../../src/modules/files/copy.js';
import { fetch } from '../../src/modules/files/fetch.js';
import { find } from '../../src/modules/files/find.js';
import { replace } from '../../src/modules/files/replace.js';
import { slurp } from '../../src/modules/files/slurp.js';
import { tempfile } from '../../src/modules/files/tempfile.js';
import { unarchive } from '../../src/modules/files/unarchive.js';
import { failure, ModuleTester } from '../helpers/module-tester.js';
import { labSuite } from './fixture.js';

const { add, run } = labSuite('file modules', { hosts: 1 });

async function sh(r: ModuleTester, script: string): Promise<string> {
  const out = await r.conn.exec(script);
  assert.is(out.code, 0, `${script}: ${out.stderr}`);
  return out.stdout;
}

/** A controller directory standing for the playbook's (files/ for unarchive, fetched/ for fetch). */
function controller(): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'runbook-lab-files-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

add('replace with validate: a candidate the validator refuses leaves the file; a good one converges; drift repaired', async (lab) => {
  const r = new ModuleTester(await lab.connect('h1'), { host: 'h1' });
  await sh(r, "mkdir -p /srv/rb && printf 'Port 22\\nPermitRootLogin yes\\n' > /srv/rb/sshd.conf");
  const e = await failure(() => r.run(replace, { path: '/srv/rb/sshd.conf', regexp: '^Port 22$', replace: 'Port \\\\', validate: "sh -c 'grep -q \"^Port [0-9]*$\" \"$0\"' %s" }));
  assert.ok(e.message.startsWith('failed to validate: rc:1'), e.message);
  assert.is(await sh(r, 'cat /srv/rb/sshd.conf'), 'Port 22\nPermitRootLogin yes\n');
  const params = { path: '/srv/rb/sshd.conf', regexp: '^PermitRootLogin .*$', replace: 'PermitRootLogin no', validate: "sh -c 'grep -q \"^Port [0-9]*$\" \"$0\"' %s" };
  const c = await r.converge(replace, params);
  assert.is(c.first.data!.msg, '1 replacements made');
  await sh(r, "sed -i 's/PermitRootLogin no/PermitRootLogin yes/' /srv/rb/sshd.conf");
  await r.converge(replace, params);
  assert.is(await sh(r, 'cat /srv/rb/sshd.conf'), 'Port 22\nPermitRootLogin no\n');
});

add('copy remote_src of a directory, find, slurp; fetch to the controller skips an identical file', async (lab) => {
  const r = new ModuleTester(await lab.connect('h1'), { host: 'h1', controllerDir: controller().dir });
  await sh(r, "mkdir -p /srv/rb/conf/sub && printf 'a=1\\n' > /srv/rb/conf/a.conf && printf 'b=2\\n' > /srv/rb/conf/sub/b.conf");
  const cp = await r.converge(copy, { src: '/srv/rb/conf/', dest: '/srv/rb/conf-copy', remote_src: true });
  assert.is(cp.noopExecs, 1);
  await sh(r, "printf 'drift\\n' > /srv/rb/conf-copy/a.conf");
  await r.converge(copy, { src: '/srv/rb/conf/', dest: '/srv/rb/conf-copy', remote_src: true });
  assert.is(await sh(r, 'cat /srv/rb/conf-copy/a.conf'), 'a=1\n');
  const found = await r.plan(find, { paths: '/srv/rb/conf-copy', patterns: '*.conf', recurse: true });
  assert.equal((found.data!.files as { path: string }[]).map((f) => f.path), ['/srv/rb/conf-copy/a.conf', '/srv/rb/conf-copy/sub/b.conf']);
  const slurped = await r.plan(slurp, { src: '/srv/rb/conf-copy/sub/b.conf' });
  assert.is(Buffer.from(String(slurped.data!.content), 'base64').toString(), 'b=2\n');
  const f = await r.converge(fetch, { src: '/srv/rb/conf/a.conf', dest: 'fetched' });
  assert.is(readFileSync(join(r.opts.controllerDir!, 'fetched', 'h1', 'srv', 'rb', 'conf', 'a.conf'), 'utf8'), 'a=1\n');
  assert.is(f.noopExecs, 1);
  rmSync(r.opts.controllerDir!, { recursive: true, force: true });
});

add('unarchive a controller tar.xz and a zip made on the host; archive back; tempfile', async (lab) => {
  const c = controller();
  try {
    mkdirSync(join(c.dir, 'files', 'pkg', 'app'), { recursive: true });
    writeFileSync(join(c.dir, 'files', 'pkg', 'app', 'run.sh'), 'echo run\n');
    execFileSync('tar', ['-cJf', join(c.dir, 'files', 'app.tar.xz'), '-C', join(c.dir, 'files', 'pkg'), 'app']);
    const r = new ModuleTester(await lab.connect('h1'), { host: 'h1', controllerDir: c.dir });
    await sh(r, 'mkdir -p /srv/rb/opt /srv/rb/unzipped');
    const u = await r.converge(unarchive, { src: 'app.tar.xz', dest: '/srv/rb/opt' });
    assert.is(u.noopExecs, 1);
    assert.is(await sh(r, 'cat /srv/rb/opt/app/run.sh'), 'echo run\n');
    await sh(r, "printf 'changed\\n' > /srv/rb/opt/app/run.sh");
    await r.converge(unarchive, { src: 'app.tar.xz', dest: '/srv/rb/opt' });
    assert.is(await sh(r, 'cat /srv/rb/opt/app/run.sh'), 'echo run\n');
    await r.converge(archive, { path: '/srv/rb/opt/app', dest: '/srv/rb/app.zip', format: 'zip' });
    await r.converge(unarchive, { src: '/srv/rb/app.zip', dest: '/srv/rb/unzipped', remote_src: true });
    assert.is(await sh(r, 'cat /srv/rb/unzipped/app/run.sh'), 'echo run\n');
    const t = await r.run(tempfile, { state: 'directory', path: '/srv/rb' });
    assert.match(String(t.result.path), /^\/srv\/rb\/ansible\.\w{8}$/);
    assert.is((await sh(r, `stat -c %a ${String(t.result.path)}`)).trim(), '700');
  } finally {
    c.cleanup();
  }
});

run();
