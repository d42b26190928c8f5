import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, lstatSync, mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { blockinfile } from '../../../src/modules/files/blockinfile.js';
import { lineinfile } from '../../../src/modules/files/lineinfile.js';
import { withLocal } from '../../helpers/local-tester.js';
import { failure } from '../../helpers/module-tester.js';

test('lineinfile: adds a record to a hosts file; --diff data has the real before and after', () =>
  withLocal(async (h) => {
    const path = h.path('hosts');
    writeFileSync(path, '127.0.0.1 localhost\n');
    const r = await h.converge(lineinfile, { path, line: '192.168.33.2 zk' });
    assert.equal(r.first.changes.map((c) => c.summary), [`${path}: line added`]);
    assert.equal(r.first.changes[0]!.diff, { header: path, before: '127.0.0.1 localhost\n', after: '127.0.0.1 localhost\n192.168.33.2 zk\n' });
    assert.is(r.first.data!.msg, 'line added');
    assert.is(r.second.reason, `line already present in ${path}`);
    assert.is(readFileSync(path, 'utf8'), '127.0.0.1 localhost\n192.168.33.2 zk\n');
  }));

test('lineinfile: regexp replaces, state=absent removes, with Ansible\'s messages', () =>
  withLocal(async (h) => {
    const path = h.path('config');
    writeFileSync(path, 'SELINUX=enforcing\n#a\n#b\n');
    const replaced = await h.converge(lineinfile, { path, regexp: '^SELINUX=', line: 'SELINUX=permissive' });
    assert.is(replaced.first.data!.msg, 'line replaced');
    const removed = await h.converge(lineinfile, { path, regexp: '^#', state: 'absent' });
    assert.is(removed.first.data!.msg, '2 line(s) removed');
    assert.is(removed.first.data!.found, 2);
    assert.is(readFileSync(path, 'utf8'), 'SELINUX=permissive\n');
  }));

test('lineinfile: create makes the file and its directories with the mode; without create a missing file fails', () =>
  withLocal(async (h) => {
    const path = h.path('new', 'dir', 'f');
    const e = await failure(() => h.plan(lineinfile, { path, line: 'x' }));
    assert.is(e.message, `Destination ${path} does not exist !`);
    assert.is(e.data.rc, 257);
    await h.converge(lineinfile, { path, line: 'x', create: true, mode: '0600' });
    assert.is(readFileSync(path, 'utf8'), 'x\n');
    assert.is(statSync(path).mode & 0o777, 0o600);
  }));

test('lineinfile: attributes only: Ansible\'s msg, a before/after of the mode', () =>
  withLocal(async (h) => {
    const path = h.path('f');
    writeFileSync(path, 'x\n', { mode: 0o644 });
    const r = await h.converge(lineinfile, { path, line: 'x', mode: '0600' });
    assert.is(r.first.data!.msg, 'ownership, perms or SE linux context changed');
    assert.equal(r.first.changes[0]!.diff, { header: `${path} (file attributes)`, before: 'mode: 0644\n', after: 'mode: 0600\n' });
  }));

test('lineinfile: through a symlink the target is edited and the link stays', () =>
  withLocal(async (h) => {
    writeFileSync(h.path('real'), 'a\n');
    symlinkSync(h.path('real'), h.path('link'));
    await h.converge(lineinfile, { path: h.path('link'), line: 'b' });
    assert.ok(lstatSync(h.path('link')).isSymbolicLink());
    assert.is(readFileSync(h.path('real'), 'utf8'), 'a\nb\n');
  }));

test('lineinfile: a directory, bad params and a bad regexp fail with clear messages', () =>
  withLocal(async (h) => {
    mkdirSync(h.path('d'));
    assert.is((await failure(() => h.plan(lineinfile, { path: h.path('d'), line: 'x' }))).message, `Path ${h.path('d')} is a directory !`);
    assert.is((await failure(() => h.plan(lineinfile, { path: h.path('d') }))).message, 'line is required with state=present');
    assert.is((await failure(() => h.plan(lineinfile, { path: h.path('d'), line: 'x', backrefs: true }))).message, 'regexp is required with backrefs=true');
    assert.is((await failure(() => h.plan(lineinfile, { path: h.path('d'), regexp: 'a', search_string: 'b', line: 'x' }))).message, 'parameters are mutually exclusive: regexp|search_string');
    writeFileSync(h.path('f'), 'a\n');
    assert.match((await failure(() => h.plan(lineinfile, { path: h.path('f'), regexp: '(', line: 'x' }))).message, 'invalid regular expression');
  }));

test('lineinfile: absent on a missing file is a no-op; backup returns the copy', () =>
  withLocal(async (h) => {
    const missing = await h.plan(lineinfile, { path: h.path('none'), line: 'x', state: 'absent' });
    assert.equal(missing.changes, []);
    assert.is(missing.data!.msg, 'file not present');
    writeFileSync(h.path('f'), 'a\n');
    const r = await h.converge(lineinfile, { path: h.path('f'), line: 'b', backup: true });
    assert.is(readFileSync(r.result.backup as string, 'utf8'), 'a\n');
  }));

test('blockinfile: inserts, updates in place, then removes the block', () =>
  withLocal(async (h) => {
    const path = h.path('sshd_config');
    writeFileSync(path, 'Port 22\n');
    const ins = await h.converge(blockinfile, { path, block: 'Match User a\n  X no' });
    assert.is(ins.first.data!.msg, 'Block inserted');
    assert.equal(ins.first.changes[0]!.diff!.after, 'Port 22\n# BEGIN ANSIBLE MANAGED BLOCK\nMatch User a\n  X no\n# END ANSIBLE MANAGED BLOCK\n');
    await h.converge(blockinfile, { path, block: 'Match User b' });
    assert.is(readFileSync(path, 'utf8'), 'Port 22\n# BEGIN ANSIBLE MANAGED BLOCK\nMatch User b\n# END ANSIBLE MANAGED BLOCK\n');
    const rm = await h.converge(blockinfile, { path, state: 'absent' });
    assert.is(rm.first.data!.msg, 'Block removed');
    assert.is(readFileSync(path, 'utf8'), 'Port 22\n');
  }));

test('blockinfile: create a missing file; without create it fails; absent on a missing file is a no-op', () =>
  withLocal(async (h) => {
    const path = h.path('x', 'f');
    assert.is((await failure(() => h.plan(blockinfile, { path, block: 'a' }))).message, `Path ${path} does not exist !`);
    const r = await h.converge(blockinfile, { path, block: 'a', create: true });
    assert.is(r.first.data!.msg, 'File created');
    const none = await h.plan(blockinfile, { path: h.path('none'), state: 'absent' });
    assert.is(none.data!.msg, `File ${h.path('none')} not present`);
    assert.not.ok(existsSync(h.path('none')));
  }));

test.run();
