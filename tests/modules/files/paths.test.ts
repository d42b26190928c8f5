// Path arguments get Ansible's `type: path` treatment: ~ and $VAR expanded on the host.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readFileSync } from 'node:fs';
import { command } from '../../../src/modules/commands/command.js';
import { copy } from '../../../src/modules/files/copy.js';
import { file } from '../../../src/modules/files/file.js';
import { lineinfile } from '../../../src/modules/files/lineinfile.js';
import { withLocal } from '../../helpers/local-tester.js';

// Expanding costs one round trip before the task's facts can be named: two for such a no-op.
const expanding = { noopRoundTrips: 2 };

test('~ and $VAR in paths are expanded with the host environment; an unset variable stays as written', () =>
  withLocal(
    async (h) => {
      const r = await h.converge(lineinfile, { path: '~/.profile', line: 'export X=1', create: true }, expanding);
      assert.equal(r.first.changes.map((c) => c.summary), [`${h.path('.profile')}: line added`]);
      assert.is(readFileSync(h.path('.profile'), 'utf8'), 'export X=1\n');
      await h.converge(copy, { dest: '${RB_WORK}/conf', content: 'x\n' }, expanding);
      assert.ok(existsSync(h.path('conf')));
      await h.converge(file, { path: '$RB_WORK/$RB_UNSET_VAR', state: 'directory' }, expanding);
      assert.ok(existsSync(h.path('$RB_UNSET_VAR')));
      await h.converge(command, { argv: ['touch', 'made'], chdir: '~', creates: '$RB_WORK/made' }, expanding);
    },
    { env: (dir) => ({ HOME: dir, RB_WORK: dir }) },
  ));

test('a path without ~ or $ costs no extra round trip', () =>
  withLocal(async (h) => {
    const { execs } = await h.countExecs(() => h.plan(file, { path: h.path('x'), state: 'absent' }));
    assert.is(execs, 1);
  }));

test.run();
