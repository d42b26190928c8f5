// tempfile is never a no-op (as Ansible's: a new file every run), so it cannot converge: the test checks that
// check mode predicts the one change, that apply makes a fresh private file or directory each time.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { statSync } from 'node:fs';
import { tempfile } from '../../../src/modules/files/tempfile.js';
import { withLocal } from '../../helpers/local-tester.js';
import { describeChanges, failure } from '../../helpers/module-tester.js';

test('tempfile: check mode predicts; every run makes a new 0600 file or 0700 directory with prefix and suffix', () =>
  withLocal(async (h) => {
    const params = { path: h.dir, prefix: 'build.', suffix: '.tar' };
    const predicted = await h.plan(tempfile, params, true);
    const a = await h.run(tempfile, params);
    assert.equal(describeChanges(predicted), describeChanges(a.plan));
    assert.is(predicted.changes[0]!.summary, `create a temporary file build.XXXXXXXX.tar in ${h.dir}`);
    const b = await h.run(tempfile, params);
    const [pa, pb] = [a.result.path as string, b.result.path as string];
    assert.match(pa, new RegExp(`^${h.dir}/build\\.[A-Za-z0-9]{8}\\.tar$`));
    assert.is.not(pa, pb);
    assert.is(statSync(pa).mode & 0o777, 0o600);
    const d = await h.run(tempfile, { path: h.dir, state: 'directory' });
    assert.ok(statSync(d.result.path as string).isDirectory());
    assert.is(statSync(d.result.path as string).mode & 0o777, 0o700);
    assert.match(d.result.path as string, /\/ansible\.[A-Za-z0-9]{8}$/);
    assert.match((await failure(() => h.plan(tempfile, { prefix: 'a/b' }))).message, 'cannot contain /');
  }));

test('tempfile: without path, $TMPDIR of the task environment is used', () =>
  withLocal(
    async (h) => {
      const r = await h.run(tempfile, {});
      assert.ok((r.result.path as string).startsWith(`${h.dir}/ansible.`));
    },
    { env: (dir) => ({ TMPDIR: dir }) },
  ));

test.run();
