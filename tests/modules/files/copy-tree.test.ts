import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { chmodSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { copy } from '../../../src/modules/files/copy.js';
import { ansibleSkipReason } from '../../helpers/ansible.js';
import { runAnsibleTasks } from '../../helpers/ansible-oracle.js';
import { withLocal } from '../../helpers/local-tester.js';

/** Every path under dir with its kind, mode and content: what two copies must agree on. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      const st = statSync(p);
      out[relative(dir, p)] = st.isDirectory() ? `dir ${(st.mode & 0o7777).toString(8)}` : `file ${(st.mode & 0o7777).toString(8)} ${readFileSync(p, 'utf8')}`;
      if (st.isDirectory()) walk(p);
    }
  };
  walk(dir);
  return out;
}

const files = { 'files/site/index.html': '<h1>hi</h1>\n', 'files/site/css/main.css': 'body{}\n', 'files/site/js/app.js': 'x()\n' };

test('copy: a controller directory without / lands as dest/<name>, with / its contents; rerun is one round trip', () =>
  withLocal(
    async (h) => {
      const r = await h.converge(copy, { src: 'site', dest: h.path('www'), directory_mode: '0750' });
      assert.equal(snapshot(h.path('www')), {
        site: 'dir 750',
        'site/css': 'dir 750',
        'site/css/main.css': 'file 644 body{}\n',
        'site/index.html': 'file 644 <h1>hi</h1>\n',
        'site/js': 'dir 750',
        'site/js/app.js': 'file 644 x()\n',
      });
      assert.is(r.noopExecs, 1);
      await h.converge(copy, { src: 'site/', dest: h.path('flat'), mode: '0600' });
      assert.equal(Object.keys(snapshot(h.path('flat'))), ['css', 'css/main.css', 'index.html', 'js', 'js/app.js']);
      assert.is(statSync(h.path('flat', 'index.html')).mode & 0o777, 0o600);
      // Drift: one file changed, one removed — only those are planned.
      writeFileSync(h.path('flat', 'index.html'), 'changed\n');
      chmodSync(h.path('flat', 'js', 'app.js'), 0o644);
      const drift = await h.converge(copy, { src: 'site/', dest: h.path('flat'), mode: '0600' });
      assert.is(drift.first.changes.length, 2);
      assert.is(drift.first.changes[0]!.summary, `update content of ${h.path('flat', 'index.html')}`);
      assert.equal(drift.first.changes[1]!.diff, { header: `${h.path('flat', 'js', 'app.js')} (file attributes)`, before: 'mode: 0644\n', after: 'mode: 0600\n' });
      assert.is(readFileSync(h.path('flat', 'index.html'), 'utf8'), '<h1>hi</h1>\n');
    },
    { controllerFiles: files },
  ));

test('copy remote_src: a file on the host (sha256 compared there), a directory with and without /', () =>
  withLocal(async (h) => {
    mkdirSync(h.path('src', 'sub'), { recursive: true });
    writeFileSync(h.path('src', 'a.conf'), 'a=1\n', { mode: 0o640 });
    writeFileSync(h.path('src', 'sub', 'b.conf'), 'b=2\n');
    const file = await h.converge(copy, { src: h.path('src', 'a.conf'), dest: h.path('a.copy'), remote_src: true, mode: 'preserve' });
    assert.equal(file.first.changes[0]!.diff!.after, 'a=1\n');
    assert.is(statSync(h.path('a.copy')).mode & 0o777, 0o640);
    mkdirSync(h.path('into'));
    await h.converge(copy, { src: h.path('src', 'a.conf'), dest: h.path('into'), remote_src: true });
    assert.is(readFileSync(h.path('into', 'a.conf'), 'utf8'), 'a=1\n');
    const tree = await h.converge(copy, { src: h.path('src'), dest: h.path('t1'), remote_src: true });
    assert.is(tree.noopExecs, 1);
    assert.equal(Object.keys(snapshot(h.path('t1'))), ['src', 'src/a.conf', 'src/sub', 'src/sub/b.conf']);
    await h.converge(copy, { src: `${h.path('src')}/`, dest: h.path('t2'), remote_src: true });
    assert.equal(Object.keys(snapshot(h.path('t2'))), ['a.conf', 'sub', 'sub/b.conf']);
  }));

test('copy remote_src: the same tree, modes and changed flag as ansible-core', async () => {
  const skip = await ansibleSkipReason();
  if (skip) return console.log(`  skipped the comparison with Ansible: ${skip}`);
  await withLocal(async (h) => {
    mkdirSync(h.path('src', 'sub'), { recursive: true });
    writeFileSync(h.path('src', 'a.conf'), 'a=1\n', { mode: 0o640 });
    writeFileSync(h.path('src', 'sub', 'b.conf'), 'b=2\n');
    const cases: Record<string, Record<string, unknown>> = {
      file: { src: h.path('src', 'a.conf'), dest: 'f.conf' },
      filemode: { src: h.path('src', 'a.conf'), dest: 'g.conf', mode: '0600' },
      dir: { src: h.path('src'), dest: 'd1' },
      contents: { src: `${h.path('src')}/`, dest: 'd2/' },
    };
    for (const side of ['ansible', 'ours']) mkdirSync(h.path(side));
    const at = (side: string, dest: string) => `${h.path(side)}/${dest}`;
    const tasks = [1, 2].flatMap((run) => Object.entries(cases).map(([name, c]) => ({ name: `${run}:${name}`, copy: { ...c, dest: at('ansible', String(c.dest)), remote_src: true } })));
    const theirs = runAnsibleTasks(tasks);
    for (const run of [1, 2]) {
      for (const [name, c] of Object.entries(cases)) {
        const { plan } = await h.run(copy, { ...c, dest: at('ours', String(c.dest)), remote_src: true });
        const a = theirs.get(`${run}:${name}`)!;
        assert.is(a.failed, undefined, `${name}: ${String(a.msg)}`);
        assert.is(plan.changes.length > 0, a.changed, `${name} run ${run}: changed`);
      }
    }
    assert.equal(snapshot(h.path('ours')), snapshot(h.path('ansible')));
  });
});

test.run();
