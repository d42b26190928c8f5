import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { chmodSync, existsSync, lstatSync, mkdirSync, readlinkSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { file } from '../../../src/modules/files/file.js';
import { withLocal } from '../../helpers/local-tester.js';
import { failure } from '../../helpers/module-tester.js';

const modeOf = (p: string) => (statSync(p).mode & 0o7777).toString(8);

test('directory: created with its missing parents, each with the mode asked', () =>
  withLocal(async (h) => {
    const path = h.path('a', 'b', 'c');
    const r = await h.converge(file, { path, state: 'directory', mode: '0750' });
    assert.equal(r.first.changes.map((c) => c.summary), [`create directory ${path} (mode 0750)`]);
    assert.equal(r.first.changes[0]!.diff, { header: path, before: 'state: absent\n', after: 'state: directory\n' });
    for (const p of [h.path('a'), h.path('a', 'b'), path]) assert.is(modeOf(p), '750', p);
    assert.match(r.second.reason!, `${path} is a directory with mode 0750`);
  }));

test('directory: an existing one only gets its attributes fixed, shown as a before/after diff', () =>
  withLocal(async (h) => {
    const path = h.path('d');
    mkdirSync(path, { mode: 0o755 });
    chmodSync(path, 0o755);
    const r = await h.converge(file, { path, state: 'directory', mode: 0o700, owner: 'nobody' });
    assert.equal(r.first.changes.map((c) => c.summary), [`${path}: owner root -> nobody, mode 0755 -> 0700`]);
    assert.equal(r.first.changes[0]!.diff, { header: `${path} (file attributes)`, before: 'owner: root\nmode: 0755\n', after: 'owner: nobody\nmode: 0700\n' });
    assert.is(statSync(path).uid, 65534);
    assert.is(modeOf(path), '700');
  }));

test('directory recurse: symbolic mode and group applied to everything inside (X only on dirs and executables)', () =>
  withLocal(async (h) => {
    const top = h.path('tree');
    mkdirSync(h.path('tree', 'sub'), { recursive: true });
    writeFileSync(h.path('tree', 'plain'), 'x');
    writeFileSync(h.path('tree', 'sub', 'tool'), 'x');
    chmodSync(h.path('tree', 'plain'), 0o600);
    chmodSync(h.path('tree', 'sub', 'tool'), 0o700);
    chmodSync(h.path('tree', 'sub'), 0o700);
    const r = await h.converge(file, { path: top, state: 'directory', recurse: true, mode: 'u=rwX,g=rX,o=rX', group: 'nogroup' });
    assert.ok(r.first.changes.some((c) => c.summary.includes('recursively (3 entries differ)')));
    assert.is(modeOf(h.path('tree', 'plain')), '644');
    assert.is(modeOf(h.path('tree', 'sub', 'tool')), '755');
    assert.is(modeOf(h.path('tree', 'sub')), '755');
  }));

test('touch: creates an empty file; with preserved times a second run changes nothing', () =>
  withLocal(async (h) => {
    const path = h.path('t');
    await h.converge(file, { path, state: 'touch', mode: '0640', modification_time: 'preserve', access_time: 'preserve' });
    assert.is(statSync(path).size, 0);
    assert.is(modeOf(path), '640');
  }));

test('touch without preserve always changes an existing file, as in Ansible', () =>
  withLocal(async (h) => {
    const path = h.path('t');
    writeFileSync(path, 'keep');
    const plan = await h.plan(file, { path, state: 'touch' });
    assert.equal(plan.changes.map((c) => c.summary), [`touch ${path} (access and modification times)`]);
    await h.apply(plan);
    assert.is(statSync(path).size, 4, 'content kept');
  }));

test('file: an existing file gets its mode; a missing one fails as Ansible does', () =>
  withLocal(async (h) => {
    const path = h.path('f');
    writeFileSync(path, 'x', { mode: 0o644 });
    await h.converge(file, { path, mode: 'go-r' });
    assert.is(modeOf(path), '600');
    const e = await failure(() => h.plan(file, { path: h.path('nope'), state: 'file' }));
    assert.is(e.message, `file (${h.path('nope')}) is absent, cannot continue`);
  }));

test('link: created, then repointed; a file in the way needs force', () =>
  withLocal(async (h) => {
    const path = h.path('l');
    writeFileSync(h.path('one'), '1');
    writeFileSync(h.path('two'), '2');
    const r = await h.converge(file, { path, state: 'link', src: 'one' });
    assert.equal(r.first.changes.map((c) => c.summary), [`link ${path} -> one`]);
    assert.is(readlinkSync(path), 'one');
    const again = await h.converge(file, { path, state: 'link', src: h.path('two') });
    assert.equal(again.first.changes.map((c) => c.summary), [`relink ${path} -> ${h.path('two')} (was one)`]);
    assert.match(again.second.reason!, 'already links to');
    const e = await failure(() => h.plan(file, { path: h.path('one'), state: 'link', src: 'two' }));
    assert.is(e.message, `refusing to convert from file to symlink for ${h.path('one')}`);
    await h.converge(file, { path: h.path('one'), state: 'link', src: 'two', force: true });
    assert.ok(lstatSync(h.path('one')).isSymbolicLink());
  }));

test('link to a missing src fails without force, as Ansible does', () =>
  withLocal(async (h) => {
    const e = await failure(() => h.plan(file, { path: h.path('l'), state: 'link', src: 'missing' }));
    assert.match(e.message, 'src file does not exist, use "force=yes"');
    await h.converge(file, { path: h.path('l'), state: 'link', src: 'missing', force: true });
  }));

test('hard link: same inode afterwards', () =>
  withLocal(async (h) => {
    writeFileSync(h.path('src'), 'x');
    await h.converge(file, { path: h.path('hard'), state: 'hard', src: h.path('src') });
    assert.is(statSync(h.path('hard')).ino, statSync(h.path('src')).ino);
  }));

test('absent: a directory tree is removed; an absent path is a no-op that says so', () =>
  withLocal(async (h) => {
    mkdirSync(h.path('gone', 'deep'), { recursive: true });
    writeFileSync(h.path('gone', 'deep', 'f'), 'x');
    const r = await h.converge(file, { path: h.path('gone'), state: 'absent' });
    assert.equal(r.first.changes.map((c) => c.summary), [`remove directory ${h.path('gone')} and everything in it`]);
    assert.not.ok(existsSync(h.path('gone')));
    assert.is(r.second.reason, `${h.path('gone')} is already absent`);
  }));

test('invalid modes and inconsistent params fail before touching anything', () =>
  withLocal(async (h) => {
    assert.match((await failure(() => h.plan(file, { path: h.path('x'), state: 'directory', mode: 'rwx' }))).message, 'neither octal nor a valid symbolic mode');
    assert.is((await failure(() => h.plan(file, { path: h.path('x'), state: 'link' }))).message, 'src is required for state=link');
    assert.not.ok(existsSync(h.path('x')));
  }));

test.run();
