import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { replace } from '../../../src/modules/files/replace.js';
import { editReplace } from '../../../src/modules/files/replace-plan.js';
import { ansibleSkipReason } from '../../helpers/ansible.js';
import { runAnsibleTasks } from '../../helpers/ansible-oracle.js';
import { withLocal } from '../../helpers/local-tester.js';
import { failure } from '../../helpers/module-tester.js';

test('replace: every match, group references, Ansible\'s msg and diff; rerun changes nothing', () =>
  withLocal(async (h) => {
    const path = h.path('hosts');
    writeFileSync(path, '10.0.0.1 old.example\n10.0.0.2 old.example\n');
    const r = await h.converge(replace, { path, regexp: '^(\\S+) old\\.example$', replace: '\\1 new.example' });
    assert.is(r.first.data!.msg, '2 replacements made');
    assert.equal(r.first.changes[0]!.diff, { header: path, before: '10.0.0.1 old.example\n10.0.0.2 old.example\n', after: '10.0.0.1 new.example\n10.0.0.2 new.example\n' });
    assert.is(readFileSync(path, 'utf8'), '10.0.0.1 new.example\n10.0.0.2 new.example\n');
  }));

test('replace: after/before limit the section; an unmatched section changes nothing and says so', () =>
  withLocal(async (h) => {
    const path = h.path('conf');
    writeFileSync(path, 'x=1\n[main]\nx=1\n[other]\nx=1\n');
    await h.converge(replace, { path, regexp: '^x=1$', replace: 'x=2', after: '\\[main\\]', before: '\\[other\\]' });
    assert.is(readFileSync(path, 'utf8'), 'x=1\n[main]\nx=2\n[other]\nx=1\n');
    const none = await h.plan(replace, { path, regexp: 'x', after: 'nowhere', mode: '0600' });
    assert.equal(none.changes, []);
    assert.is(none.data!.msg, 'Pattern for before/after params did not match the given file: nowhere(?P<subsection>.*)');
  }));

test('replace: links are followed; backup keeps the old text; attributes alone say so', () =>
  withLocal(async (h) => {
    writeFileSync(h.path('real'), 'a b\n', { mode: 0o644 });
    symlinkSync(h.path('real'), h.path('link'));
    const r = await h.converge(replace, { path: h.path('link'), regexp: 'b', replace: 'c', backup: true });
    assert.is(readFileSync(h.path('real'), 'utf8'), 'a c\n');
    assert.is(readFileSync(r.result.backup_file as string, 'utf8'), 'a b\n');
    const attrs = await h.converge(replace, { path: h.path('real'), regexp: 'zzz', mode: '0600' });
    assert.is(attrs.first.data!.msg, 'ownership, perms or SE linux context changed');
  }));

test('replace: a missing file, a directory, a bad pattern fail with Ansible\'s messages', () =>
  withLocal(async (h) => {
    const missing = await failure(() => h.plan(replace, { path: h.path('none'), regexp: 'a' }));
    assert.is(missing.message, `Path ${h.path('none')} does not exist !`);
    assert.is(missing.data.rc, 257);
    mkdirSync(h.path('d'));
    assert.is((await failure(() => h.plan(replace, { path: h.path('d'), regexp: 'a' }))).message, `Path ${h.path('d')} is a directory !`);
    writeFileSync(h.path('f'), 'a\n');
    assert.match((await failure(() => h.plan(replace, { path: h.path('f'), regexp: '(' }))).message, 'invalid regular expression');
    assert.match((await failure(() => h.plan(replace, { path: h.path('f'), regexp: 'a', replace: '\\3' }))).message, 'invalid group reference');
  }));

test('replace: Python semantics the pure edit must keep (empty matches, $ before a final newline, DOTALL sections)', () => {
  assert.is(editReplace('abxd', { regexp: 'x*', replace: '-' }).text, '-a-b--d-');
  assert.is(editReplace('a\nb\n', { regexp: '$', replace: ';' }).text, 'a;\nb;\n;');
  assert.is(editReplace('s\nA\nB\ne\n', { regexp: '^', replace: '#', after: 's', before: 'e' }).text, 's#\n#A\n#B\n#e\n');
});

// The same cases through ansible-core's replace and ours: the same bytes, changed flag and msg, first run and rerun.
const oracleCases: { name: string; before: string; params: Record<string, unknown> }[] = [
  { name: 'plain', before: 'foo bar foo\n', params: { regexp: 'foo', replace: 'baz' } },
  { name: 'groups', before: 'port = 80\nport=81\n', params: { regexp: '^port\\s*=\\s*(\\d+)$', replace: 'port = \\g<1>0' } },
  { name: 'named', before: 'user: bob\n', params: { regexp: '(?P<k>user): (?P<v>\\w+)', replace: '\\g<v>: \\g<k>' } },
  { name: 'remove', before: '# a\nb\n# c\n', params: { regexp: '^# .*\\n' } },
  { name: 'after', before: 'x\nSTART\nx\nx\n', params: { regexp: 'x', replace: 'y', after: 'START' } },
  { name: 'before', before: 'x\nSTOP\nx\n', params: { regexp: 'x', replace: 'y', before: 'STOP' } },
  { name: 'both', before: 'x<x>x<x>\n', params: { regexp: 'x', replace: 'y', after: '<', before: '>' } },
  { name: 'no-section', before: 'abc\n', params: { regexp: 'a', replace: 'b', after: 'zzz' } },
  { name: 'no-match', before: 'abc\n', params: { regexp: 'q', replace: 'b' } },
  { name: 'same-text', before: 'abc\n', params: { regexp: 'b', replace: 'b' } },
  { name: 'eol-dollar', before: 'a\nb', params: { regexp: '(\\w)$', replace: '\\1;' } },
  { name: 'inline-flag', before: 'Foo\nFOO\n', params: { regexp: '(?i)^foo$', replace: 'bar' } },
  { name: 'no-final-newline', before: 'k=v', params: { regexp: '=', replace: ' = ' } },
  { name: 'escapes', before: 'a,b\n', params: { regexp: ',', replace: '\\n' } },
];

test('replace: the same bytes, changed and msg as ansible-core, first run and rerun', async () => {
  const skip = await ansibleSkipReason();
  if (skip) return console.log(`  skipped the comparison with Ansible: ${skip}`);
  await withLocal(async (h) => {
    const tasks = [1, 2].flatMap((run) => oracleCases.map((c) => ({ name: `${run}:${c.name}`, replace: { path: h.path(`ansible-${c.name}`), ...c.params } })));
    for (const c of oracleCases) writeFileSync(h.path(`ansible-${c.name}`), c.before);
    const theirs = runAnsibleTasks(tasks);
    for (const c of oracleCases) {
      const path = h.path(`ours-${c.name}`);
      writeFileSync(path, c.before);
      for (const run of [1, 2]) {
        const { plan } = await h.run(replace, { path, ...c.params });
        const a = theirs.get(`${run}:${c.name}`)!;
        assert.is(a.failed, undefined, `${c.name}: ansible failed: ${String(a.msg)}`);
        assert.is(plan.changes.length > 0, a.changed, `${c.name} run ${run}: changed`);
        assert.is(plan.data!.msg, a.msg, `${c.name} run ${run}: msg`);
      }
      assert.is(readFileSync(path, 'utf8'), readFileSync(h.path(`ansible-${c.name}`), 'utf8'), `${c.name}: bytes`);
    }
  });
});

test.run();
