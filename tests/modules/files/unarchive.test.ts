import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { unarchive } from '../../../src/modules/files/unarchive.js';
import { withLocal, type LocalTester } from '../../helpers/local-tester.js';
import { failure } from '../../helpers/module-tester.js';
import { ansibleLocal, ansibleSkipReason } from '../../helpers/ansible.js';

/** A release tree `app-1.0/{bin/run, README}` packed as tar.gz, tar.xz and zip in dir. */
function pack(dir: string): void {
  const src = join(dir, 'pack');
  mkdirSync(join(src, 'app-1.0', 'bin'), { recursive: true });
  writeFileSync(join(src, 'app-1.0', 'bin', 'run'), '#!/bin/sh\necho run\n');
  chmodSync(join(src, 'app-1.0', 'bin', 'run'), 0o755);
  writeFileSync(join(src, 'app-1.0', 'README'), 'read me\n');
  execFileSync('tar', ['-czf', join(dir, 'app.tar.gz'), '-C', src, 'app-1.0']);
  execFileSync('tar', ['-cJf', join(dir, 'app.tar.xz'), '-C', src, 'app-1.0']);
  execFileSync('zip', ['-qr', join(dir, 'app.zip'), 'app-1.0'], { cwd: src });
  rmSync(src, { recursive: true });
}

async function roundTrip(h: LocalTester, params: Record<string, unknown>, dest: string): Promise<void> {
  mkdirSync(dest, { recursive: true });
  const r = await h.converge(unarchive, { dest, ...params });
  assert.match(r.first.changes[0]!.summary, /unpack .* \(4 of 4 entries missing or different\)/);
  assert.is(readFileSync(join(dest, 'app-1.0', 'bin', 'run'), 'utf8'), '#!/bin/sh\necho run\n');
  // Drift: a changed file and a removed one are unpacked again.
  writeFileSync(join(dest, 'app-1.0', 'README'), 'edited\n');
  rmSync(join(dest, 'app-1.0', 'bin', 'run'));
  const again = await h.converge(unarchive, { dest, ...params });
  assert.is(again.first.changes[0]!.diff!.after, 'app-1.0/README\napp-1.0/bin/run\n');
  assert.is(readFileSync(join(dest, 'app-1.0', 'README'), 'utf8'), 'read me\n');
}

test('unarchive remote_src: tar.gz, tar.xz and zip on the host; rerun is one round trip; drift repaired', () =>
  withLocal(async (h) => {
    pack(h.dir);
    for (const a of ['app.tar.gz', 'app.tar.xz', 'app.zip']) await roundTrip(h, { src: h.path(a), remote_src: true }, h.path(`out-${a}`));
  }));

test('unarchive: an archive from the controller is compared there and sent only to unpack', () =>
  withLocal(async (h) => {
    pack(h.controller);
    mkdirSync(join(h.controller, 'files'));
    execFileSync('mv', [join(h.controller, 'app.tar.gz'), join(h.controller, 'app.zip'), join(h.controller, 'files')]);
    await roundTrip(h, { src: 'app.tar.gz' }, h.path('a'));
    await roundTrip(h, { src: 'app.zip' }, h.path('z'));
    assert.equal(readdirSync(h.path('a')), ['app-1.0']); // no temporary archive left behind
  }));

test('unarchive: extra_opts, exclude, creates, list_files; dest must exist', () =>
  withLocal(async (h) => {
    pack(h.dir);
    mkdirSync(h.path('strip'));
    await h.converge(unarchive, { src: h.path('app.tar.gz'), dest: h.path('strip'), remote_src: true, extra_opts: ['--strip-components=1'], exclude: ['*/README'] });
    assert.equal(readdirSync(h.path('strip')), ['bin']);
    const listed = await h.plan(unarchive, { src: h.path('app.zip'), dest: h.path('strip'), remote_src: true, list_files: true });
    assert.equal(listed.data!.files, ['app-1.0', 'app-1.0/README', 'app-1.0/bin', 'app-1.0/bin/run']);
    const skipped = await h.plan(unarchive, { src: h.path('app.zip'), dest: h.path('strip'), remote_src: true, creates: h.path('strip', 'bin') });
    assert.equal(skipped.changes, []);
    assert.is(skipped.data!.msg, `skipped, since ${h.path('strip', 'bin')} exists`);
    assert.match((await failure(() => h.plan(unarchive, { src: h.path('app.zip'), dest: h.path('none'), remote_src: true }))).message, 'must be an existing dir');
    assert.match((await failure(() => h.plan(unarchive, { src: h.path('none.tgz'), dest: h.dir, remote_src: true }))).message, 'does not exist');
    assert.not.ok(existsSync(h.path('strip', 'README')));
    // copy: false is Ansible's older remote_src: true (geerlingguy's git role writes it); both at once is refused.
    assert.equal((await h.plan(unarchive, { src: h.path('app.zip'), dest: h.path('strip'), copy: false, list_files: true })).data!.files, listed.data!.files);
    assert.match((await failure(() => h.plan(unarchive, { src: h.path('app.zip'), dest: h.dir, copy: false, remote_src: true }))).message, 'mutually exclusive: copy|remote_src');
  }));

/** Every path under dir with its mode and owner:group, sorted (dir itself first). */
function modes(dir: string): string {
  return execFileSync('find', ['.', '-printf', '%p %M %u:%g\\n'], { cwd: dir, encoding: 'utf8' }).split('\n').sort().join('\n');
}

test('unarchive mode/owner/group: set on dest and every member, as ansible-core\'s unarchive sets them; rerun and drift agree', () =>
  withLocal(async (h) => {
    const skip = await ansibleSkipReason();
    if (skip) return void console.log(`    skipped: ${skip}`);
    pack(h.dir);
    for (const attrs of [{ mode: '0750', owner: 'root', group: 'root' }, { mode: 'u=rwX,g=rX,o=' }]) {
      const [ours, theirs] = [h.path('ours'), h.path('theirs')];
      for (const d of [ours, theirs]) {
        rmSync(d, { recursive: true, force: true });
        mkdirSync(d);
      }
      const flags: [boolean, boolean][] = [];
      for (let i = 0; i < 3; i++) {
        // The third round: drift on both sides (a member's mode changed by hand).
        if (i === 2) for (const d of [ours, theirs]) chmodSync(join(d, 'app-1.0', 'README'), 0o666);
        const mine = await h.run(unarchive, { src: h.path('app.tar.gz'), dest: ours, remote_src: true, ...attrs });
        const args = Object.entries({ src: h.path('app.tar.gz'), dest: theirs, remote_src: true, ...attrs }).map(([k, v]) => `${k}=${String(v)}`).join(' ');
        flags.push([mine.plan.changes.length > 0, (await ansibleLocal('unarchive', { args })).changed === true]);
      }
      assert.equal(flags.map(([a]) => a), flags.map(([, b]) => b), `changed flags (first, rerun, after drift) for ${JSON.stringify(attrs)}`);
      assert.equal(flags.map(([a]) => a), [true, false, true]);
      assert.is(modes(ours), modes(theirs), JSON.stringify(attrs));
    }
  }));

test.run();
