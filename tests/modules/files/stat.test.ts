// stat (register only): it never changes anything.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { symlinkSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { stat } from '../../../src/modules/files/stat.js';
import { withLocal } from '../../helpers/local-tester.js';

test('stat: Ansible\'s keys; a missing path is exists=false; links described or followed', () =>
  withLocal(async (h) => {
    writeFileSync(h.path('f'), 'hello', { mode: 0o640 });
    symlinkSync('f', h.path('l'));
    const st = (await h.plan(stat, { path: h.path('f') })).data!.stat as Record<string, unknown>;
    assert.equal([st.exists, st.isreg, st.isdir, st.mode, st.size, st.pw_name], [true, true, false, '0640', 5, 'root']);
    assert.is(st.checksum, createHash('sha1').update('hello').digest('hex'));
    const link = (await h.plan(stat, { path: h.path('l') })).data!.stat as Record<string, unknown>;
    assert.equal([link.islnk, link.lnk_target, link.checksum], [true, 'f', undefined]);
    const followed = (await h.plan(stat, { path: h.path('l'), follow: true, checksum_algorithm: 'sha256' })).data!.stat as Record<string, unknown>;
    assert.is(followed.checksum, createHash('sha256').update('hello').digest('hex'));
    assert.equal((await h.plan(stat, { path: h.path('none') })).data, { stat: { exists: false } });
  }));

test.run();
