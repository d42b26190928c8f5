import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { copy } from '../../../src/modules/files/copy.js';
import { withLocal } from '../../helpers/local-tester.js';
import { failure } from '../../helpers/module-tester.js';

test('content: a new file with mode and owner; the no-op compares checksums on the host', () =>
  withLocal(async (h) => {
    const dest = h.path('key');
    const r = await h.converge(copy, { dest, content: 'secret\n', mode: '0600', owner: 'nobody' });
    assert.equal(r.first.changes.map((c) => c.summary), [`create ${dest} (mode 0600, owner nobody)`]);
    assert.equal(r.first.changes[0]!.diff, { header: dest, before: '', after: 'secret\n' });
    assert.is(readFileSync(dest, 'utf8'), 'secret\n');
    assert.is(statSync(dest).mode & 0o777, 0o600);
    assert.is(statSync(dest).uid, 65534);
    assert.match(r.second.reason!, `${dest} is up to date (sha256 `);
    assert.is(r.result.checksum, createHash('sha1').update('secret\n').digest('hex'), 'checksum is sha1, as in Ansible');
  }));

test('content update shows the old and new text in diff mode, keeps the mode, and can back up', () =>
  withLocal(async (h) => {
    const dest = h.path('conf');
    writeFileSync(dest, 'old\n', { mode: 0o640 });
    const r = await h.converge(copy, { dest, content: 'new\n', backup: true });
    assert.equal(r.first.changes[0]!.diff, { header: dest, before: 'old\n', after: 'new\n' });
    assert.is(statSync(dest).mode & 0o777, 0o640);
    const backup = r.result.backup_file as string;
    assert.match(backup, /conf\.[0-9a-f]{8}\.\d{4}-\d\d-\d\d@\d\d:\d\d:\d\d~$/);
    assert.is(readFileSync(backup, 'utf8'), 'old\n');
  }));

test('without diff mode the old file is not read: its content never travels', () =>
  withLocal(async (h) => {
    const dest = h.path('big');
    writeFileSync(dest, 'old\n');
    const { value: plan, execs } = await h.countExecs(() => h.plan(copy, { dest, content: 'new\n' }, false, false));
    assert.is(execs, 1);
    assert.match(plan.changes[0]!.diff!.before, 'run with --diff');
  }));

test('src from files/: into a directory given with a trailing slash (created), and into an existing one', () =>
  withLocal(
    async (h) => {
      await h.converge(copy, { src: 'app.conf', dest: h.path('new', 'dir') + '/' });
      assert.is(readFileSync(h.path('new', 'dir', 'app.conf'), 'utf8'), 'port=1\n');
      mkdirSync(h.path('etc'));
      const r = await h.converge(copy, { src: 'app.conf', dest: h.path('etc') });
      assert.is(r.result.dest, h.path('etc', 'app.conf'));
      assert.ok(existsSync(h.path('etc', 'app.conf')));
    },
    { controllerFiles: { 'files/app.conf': 'port=1\n' } },
  ));

test('force: false leaves an existing file alone; mode preserve takes the controller file mode', () =>
  withLocal(
    async (h) => {
      writeFileSync(h.path('keep'), 'mine\n');
      const plan = await h.plan(copy, { dest: h.path('keep'), content: 'theirs\n', force: false });
      assert.equal(plan.changes, []);
      assert.is(plan.reason, `${h.path('keep')} exists and force is false`);
      await h.converge(copy, { src: 'run.sh', dest: h.path('run.sh'), mode: 'preserve' });
      assert.is(statSync(h.path('run.sh')).mode & 0o777, statSync(`${h.controller}/files/run.sh`).mode & 0o777);
    },
    { controllerFiles: { 'files/run.sh': '#!/bin/sh\n' } },
  ));

test('failures: missing parent directory, content into a directory, neither src nor content', () =>
  withLocal(async (h) => {
    assert.is((await failure(() => h.plan(copy, { dest: h.path('no', 'x'), content: 'x' }))).message, `Destination directory ${h.path('no')} does not exist`);
    assert.match((await failure(() => h.plan(copy, { dest: h.dir, content: 'x' }))).message, 'can not use content with a dir as dest');
    assert.match((await failure(() => h.plan(copy, { dest: h.path('x') }))).message, 'exactly one of src or content');
    assert.match((await failure(() => h.plan(copy, { dest: h.path('x'), src: 'nope' }))).message, 'could not find nope');
  }));

test('dest behind a symlink, follow: true: equal content is left alone and attributes go to the file it points to', () =>
  withLocal(async (h) => {
    writeFileSync(h.path('real'), 'same\n', { mode: 0o644 });
    symlinkSync(h.path('real'), h.path('link'));
    const r = await h.converge(copy, { dest: h.path('link'), content: 'same\n', owner: 'nobody', mode: '0600', follow: true });
    assert.equal(r.first.changes.map((c) => c.summary), [`${h.path('real')}: owner root -> nobody, mode 0644 -> 0600`]);
    assert.ok(lstatSync(h.path('link')).isSymbolicLink());
    assert.is(statSync(h.path('real')).uid, 65534);
  }));

test.run();
