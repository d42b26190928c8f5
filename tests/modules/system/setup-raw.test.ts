// The small modules community roles call around their real work: setup (facts gathered again, filtered), getent,
// wait_for_connection (the host answers; nothing changes), raw (a shell line, unpredictable in check mode
// as in Ansible, which cannot know what it does either).

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { raw } from '../../../src/modules/commands/raw.js';
import { waitForConnection } from '../../../src/modules/network/wait-for-connection.js';
import { setup } from '../../../src/modules/system/setup.js';
import { getent, parseRecords } from '../../../src/modules/system/getent.js';
import { failure } from '../../helpers/module-tester.js';
import { withLocal } from '../../helpers/local-tester.js';

test('setup: the facts gather_facts reads, in one round trip; filter keeps the names that match', () =>
  withLocal(async (h) => {
    const { value: plan, execs } = await h.countExecs(() => h.plan(setup, {}));
    assert.is(execs, 1);
    assert.is(plan.changes.length, 0);
    assert.type(plan.hostFacts!.ansible_os_family, 'string');
    const filtered = await h.plan(setup, { filter: ['ansible_os_family', 'ansible_distribution*'] });
    assert.ok(Object.keys(filtered.hostFacts!).length >= 3);
    assert.ok(Object.keys(filtered.hostFacts!).every((k) => k === 'ansible_os_family' || k.startsWith('ansible_distribution')), Object.keys(filtered.hostFacts!).join());
  }));

test('wait_for_connection: a reachable host answers at once and nothing changes', () =>
  withLocal(async (h) => {
    const plan = await h.plan(waitForConnection, { timeout: 5 });
    assert.equal([plan.changes.length, plan.data?.elapsed], [0, 0]);
  }));

test('raw: runs the line with the given shell; check mode cannot predict it', () =>
  withLocal(async (h) => {
    const file = h.path('out');
    const checked = await h.plan(raw, { cmd: `echo "$0" > ${file}`, executable: '/bin/bash' }, true);
    assert.ok(checked.unpredictable);
    const { result } = await h.run(raw, { cmd: `echo "$0" > ${file}`, executable: '/bin/bash' });
    assert.is(result.rc, 0);
    assert.is(readFileSync(file, 'utf8'), '/bin/bash\n');
  }));

test('getent: records as Ansible parses them (first field the key, a key twice a list); a missing key fails unless fail_key is false', () =>
  withLocal(async (h) => {
    const plan = await h.plan(getent, { database: 'passwd', key: 'root' });
    assert.equal((plan.hostFacts!.getent_passwd as Record<string, string[]>).root!.slice(1, 3), ['0', '0']);
    assert.equal(parseRecords('127.0.0.1 localhost\n127.0.0.1 other\n::1 ip6\n', undefined), { '127.0.0.1': [['localhost'], ['other']], '::1': ['ip6'] });
    assert.match((await failure(() => h.plan(getent, { database: 'passwd', key: 'no-such-user-rb' }))).message, /could not be found/);
    const soft = await h.plan(getent, { database: 'passwd', key: 'no-such-user-rb', fail_key: false });
    assert.equal(soft.hostFacts, { getent_passwd: {} });
  }));

test.run();
