import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fetch } from '../../../src/modules/files/fetch.js';
import { slurp } from '../../../src/modules/files/slurp.js';
import { withLocal } from '../../helpers/local-tester.js';
import { failure } from '../../helpers/module-tester.js';

test('slurp: base64 content, encoding and source in one round trip; missing and directory fail', () =>
  withLocal(async (h) => {
    const bytes = Buffer.from([1, 2, 255, 10]);
    writeFileSync(h.path('bin'), bytes);
    const { value, execs } = await h.countExecs(() => h.plan(slurp, { src: h.path('bin') }));
    assert.is(execs, 1);
    assert.equal(value.changes, []);
    assert.equal(value.data, { content: bytes.toString('base64'), encoding: 'base64', source: h.path('bin') });
    // The shell's read drops NUL bytes: a file holding one is read once more with base64, and arrives whole.
    const nul = Buffer.from([0, 1, 0, 255, 10]);
    writeFileSync(h.path('nul'), nul);
    const withNul = await h.countExecs(() => h.plan(slurp, { src: h.path('nul') }));
    assert.is(withNul.execs, 2);
    assert.is(withNul.value.data!.content, nul.toString('base64'));
    assert.is((await failure(() => h.plan(slurp, { src: h.path('none') }))).message, `file not found: ${h.path('none')}`);
    assert.match((await failure(() => h.plan(slurp, { src: h.dir }))).message, 'source is a directory');
  }));

test('fetch: into dest/<host>/<src path>; the same sha1 is not fetched again; drift is repaired', () =>
  withLocal(async (h) => {
    writeFileSync(h.path('app.conf'), 'port=80\n');
    const r = await h.converge(fetch, { src: h.path('app.conf'), dest: 'backups' });
    const local = join(h.controller, 'backups', h.host, h.path('app.conf'));
    assert.is(r.first.changes[0]!.summary, `fetch ${h.path('app.conf')} to ${local}`);
    assert.equal(r.first.changes[0]!.diff, { header: local, before: '', after: 'port=80\n' });
    assert.is(readFileSync(local, 'utf8'), 'port=80\n');
    assert.match(r.second.reason!, 'is already the same');
    writeFileSync(h.path('app.conf'), 'port=81\n');
    const again = await h.converge(fetch, { src: h.path('app.conf'), dest: 'backups' });
    assert.equal(again.first.changes[0]!.diff!.before, 'port=80\n');
    assert.is(readFileSync(local, 'utf8'), 'port=81\n');
  }));

test('fetch: flat to a file or into a directory ending with /; missing src and directories', () =>
  withLocal(async (h) => {
    writeFileSync(h.path('id.pub'), 'ssh-ed25519 AAAA\n');
    await h.converge(fetch, { src: h.path('id.pub'), dest: `${h.controller}/keys/web.pub`, flat: true });
    assert.is(readFileSync(join(h.controller, 'keys', 'web.pub'), 'utf8'), 'ssh-ed25519 AAAA\n');
    await h.converge(fetch, { src: h.path('id.pub'), dest: 'keys/', flat: true });
    assert.ok(existsSync(join(h.controller, 'keys', 'id.pub')));
    mkdirSync(join(h.controller, 'dir'));
    assert.match((await failure(() => h.plan(fetch, { src: h.path('id.pub'), dest: 'dir', flat: true }))).message, 'use a trailing slash');
    assert.is((await failure(() => h.plan(fetch, { src: h.path('none'), dest: 'x' }))).message, 'the remote file does not exist, not transferring, ignored');
    const ok = await h.plan(fetch, { src: h.path('none'), dest: 'x', fail_on_missing: false });
    assert.equal(ok.changes, []);
    assert.match((await failure(() => h.plan(fetch, { src: h.dir, dest: 'x' }))).message, 'fetch cannot work on directories');
  }));

test.run();
