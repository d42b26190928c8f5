import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createHash } from 'node:crypto';
import { mkdirSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { find } from '../../../src/modules/files/find.js';
import { fnmatchRegex } from '../../../src/modules/files/find-filter.js';
import { ansibleSkipReason } from '../../helpers/ansible.js';
import { runAnsibleTasks } from '../../helpers/ansible-oracle.js';
import { withLocal, type LocalTester } from '../../helpers/local-tester.js';
import { failure } from '../../helpers/module-tester.js';

/** A small tree: logs of several ages and sizes, a hidden file, a hidden directory, a link, a subdirectory. */
function tree(h: LocalTester): void {
  mkdirSync(h.path('logs', 'old'), { recursive: true });
  mkdirSync(h.path('logs', '.cache'));
  writeFileSync(h.path('logs', 'app.log'), 'ERROR disk full\nok\n');
  writeFileSync(h.path('logs', 'web.log'), 'x'.repeat(2048));
  writeFileSync(h.path('logs', 'notes.txt'), 'see ERROR below\n');
  writeFileSync(h.path('logs', '.hidden.log'), 'h\n');
  writeFileSync(h.path('logs', '.cache', 'c.log'), 'c\n');
  writeFileSync(h.path('logs', 'old', 'a.log.1'), 'ERROR old\n');
  symlinkSync('app.log', h.path('logs', 'current.log'));
  const old = Date.now() / 1000 - 10 * 86400;
  utimesSync(h.path('logs', 'old', 'a.log.1'), old, old);
  utimesSync(h.path('logs', 'web.log'), old, old);
}

const names = (data: Record<string, unknown> | undefined, root: string) => (data!.files as { path: string }[]).map((f) => f.path.slice(root.length + 1));

test('find: globs, recurse, hidden, file_type, age, size, contains; one round trip without contains', () =>
  withLocal(async (h) => {
    tree(h);
    const root = h.path('logs');
    const q = async (p: Record<string, unknown>) => names((await h.plan(find, { paths: root, ...p })).data, root);
    assert.equal(await q({ patterns: '*.log' }), ['app.log', 'web.log']);
    assert.equal(await q({ patterns: ['*.log', '*.log.*'], recurse: true }), ['.cache/c.log', 'app.log', 'old/a.log.1', 'web.log']);
    assert.equal(await q({ patterns: '*.log', hidden: true }), ['.hidden.log', 'app.log', 'web.log']);
    assert.equal(await q({ file_type: 'link' }), ['current.log']);
    assert.equal(await q({ file_type: 'directory', hidden: true }), ['.cache', 'old']);
    assert.equal(await q({ age: '1w', recurse: true }), ['old/a.log.1', 'web.log']);
    assert.equal(await q({ age: '-1d' }), ['app.log', 'notes.txt']);
    assert.equal(await q({ size: '1k' }), ['web.log']);
    assert.equal(await q({ contains: 'ERROR', recurse: true }), ['app.log', 'old/a.log.1']);
    assert.equal(await q({ contains: 'ERROR', read_whole_file: true }), ['app.log', 'notes.txt']);
    assert.equal(await q({ patterns: '^(app|web)\\.', use_regex: true, excludes: 'web' }), ['app.log']);
    assert.equal(await q({ recurse: true, depth: 1, patterns: '*.log*' }), ['app.log', 'web.log']);
    const { value, execs } = await h.countExecs(() => h.plan(find, { paths: [root, h.path('none')], get_checksum: true }));
    assert.is(execs, 1);
    assert.equal(value.changes, []);
    assert.is((value.data!.files as { path: string; checksum: string }[]).find((f) => f.path.endsWith('app.log'))!.checksum, createHash('sha1').update('ERROR disk full\nok\n').digest('hex'));
    assert.equal(value.data!.skipped_paths, { [h.path('none')]: `'${h.path('none')}' is not a directory` });
    assert.is(value.data!.msg, 'Not all paths examined, check warnings for details');
  }));

test('find: bad age and size fail as in Ansible; fnmatch is Python\'s', async () => {
  await withLocal(async (h) => {
    assert.is((await failure(() => h.plan(find, { paths: h.dir, age: '3x' }))).message, 'failed to process age');
    assert.is((await failure(() => h.plan(find, { paths: h.dir, size: 'big' }))).message, 'failed to process size');
  });
  assert.ok(fnmatchRegex('[!a]*.c').test('b.c'));
  assert.not.ok(fnmatchRegex('[!a]*.c').test('a.c'));
  assert.ok(fnmatchRegex('a[').test('a['));
  assert.ok(fnmatchRegex('*.LOG').test('x.LOG'));
  assert.not.ok(fnmatchRegex('*.LOG').test('x.log'));
});

test('find: the same files, keys and counts as ansible-core', async () => {
  const skip = await ansibleSkipReason();
  if (skip) return console.log(`  skipped the comparison with Ansible: ${skip}`);
  await withLocal(async (h) => {
    tree(h);
    const root = h.path('logs');
    const cases: Record<string, Record<string, unknown>> = {
      plain: {},
      globs: { patterns: ['*.log', '*.txt'], recurse: true, hidden: true },
      any: { file_type: 'any', recurse: true, get_checksum: true },
      dirs: { file_type: 'directory', recurse: true, hidden: true },
      regex: { patterns: ['.*\\.log$'], use_regex: true, excludes: ['web.*'], recurse: true },
      age: { age: '2d', recurse: true },
      young: { age: '-2d', file_type: 'any' },
      size: { size: '-100', recurse: true },
      contains: { contains: 'ERROR', recurse: true },
      whole: { contains: 'ERROR b', read_whole_file: true },
      depth: { recurse: true, depth: 1, file_type: 'any', hidden: true },
      links: { file_type: 'link' },
    };
    const theirs = runAnsibleTasks(Object.entries(cases).map(([name, p]) => ({ name, find: { paths: root, ...p } })));
    for (const [name, p] of Object.entries(cases)) {
      const ours = (await h.plan(find, { paths: root, ...p })).data!;
      const a = theirs.get(name)!;
      assert.is(a.failed, undefined, `${name}: ${String(a.msg)}`);
      const sorted = (fs: unknown) => [...(fs as Record<string, unknown>[])].sort((x, y) => String(x.path).localeCompare(String(y.path))).map(({ atime: _a, ...rest }) => rest);
      assert.equal(sorted(ours.files), sorted(a.files), `${name}: files`);
      for (const k of ['matched', 'examined', 'msg', 'skipped_paths']) assert.equal(ours[k], a[k], `${name}: ${k}`);
    }
  });
});

test.run();
