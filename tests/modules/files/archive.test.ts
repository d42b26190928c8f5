import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { archive, commonRoot } from '../../../src/modules/files/archive.js';
import { withLocal, type LocalTester } from '../../helpers/local-tester.js';
import { failure } from '../../helpers/module-tester.js';

function site(h: LocalTester): void {
  mkdirSync(h.path('srv', 'app', 'logs'), { recursive: true });
  writeFileSync(h.path('srv', 'app', 'index.html'), '<h1>hi</h1>\n');
  writeFileSync(h.path('srv', 'app', 'app.pyc'), 'bytecode');
  writeFileSync(h.path('srv', 'app', 'logs', 'a.log'), 'log\n');
}

const members = (file: string, format: string) =>
  (format === 'zip' ? execFileSync('unzip', ['-Z1', file]) : execFileSync('tar', ['-tf', file])).toString().trim().split('\n').map((m) => m.replace(/\/$/, ''));

test('archive: a directory as tar.gz, tar.xz, tar.bz2, zip and tar; members relative to arcroot; rerun changes nothing', () =>
  withLocal(async (h) => {
    site(h);
    for (const format of ['gz', 'xz', 'bz2', 'zip', 'tar']) {
      const dest = h.path(`app.${format}`);
      const r = await h.converge(archive, { path: h.path('srv', 'app'), dest, format, exclusion_patterns: ['*.pyc'], exclude_path: [h.path('srv', 'app', 'logs')] });
      assert.is(r.first.changes[0]!.summary, `create ${dest} (${format} archive of 1 path(s))`);
      assert.is(r.first.data!.arcroot, `${h.path('srv')}/`);
      assert.equal(members(dest, format), ['app', 'app/index.html'], format);
    }
  }));

test('archive: one file is compressed (gzip, default dest path.gz); a changed source rebuilds; remove deletes the sources', () =>
  withLocal(async (h) => {
    site(h);
    const log = h.path('srv', 'app', 'logs', 'a.log');
    const r = await h.converge(archive, { path: log });
    assert.is(r.first.data!.state, 'compress');
    assert.is(gunzipSync(readFileSync(`${log}.gz`)).toString(), 'log\n');
    writeFileSync(log, 'more log\n');
    const again = await h.converge(archive, { path: log });
    assert.is(again.first.changes[0]!.summary, `rebuild ${log}.gz (gz of ${log})`);
    assert.is(gunzipSync(readFileSync(`${log}.gz`)).toString(), 'more log\n');
    const many = h.path('logs.zip');
    await h.converge(archive, { path: [h.path('srv', 'app', '*.html'), log], dest: many, format: 'zip', remove: true, mode: '0600' }, { noopRoundTrips: 2 }); // globs: expanded first
    assert.not.ok(existsSync(log));
    assert.not.ok(existsSync(h.path('srv', 'app', 'index.html')));
    assert.is(statSync(many).mode & 0o777, 0o600);
    assert.equal(members(many, 'zip').sort(), ['index.html', 'logs/a.log']); // arcroot: the common parent, srv/app/
  }));

test('archive: Ansible\'s errors and arcroot', () =>
  withLocal(async (h) => {
    site(h);
    assert.is((await failure(() => h.plan(archive, { path: h.path('srv', 'app') }))).message, 'Error, must specify "dest" when archiving multiple files or trees');
    assert.is((await failure(() => h.plan(archive, { path: h.path('none*'), dest: h.path('x.tgz') }))).message, 'Error, no source paths were found');
    assert.is(commonRoot(['/srv/ab/x', '/srv/ac/y']), '/srv/');
    assert.is(commonRoot(['/srv/app']), '/srv/');
    assert.is(commonRoot(['/a/b/c', '/a/b/d']), '/a/b/');
  }));

test.run();
