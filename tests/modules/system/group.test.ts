// group: groupadd/groupmod/groupdel decisions over recorded getent output, as Ansible's group module on Linux.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { group } from '../../../src/modules/system/group.js';
import { failure, summaries } from '../../helpers/module-tester.js';
import { recordedHost } from '../../helpers/recorded-tester.js';

const host = (line = '') => recordedHost({ facts: [['getent group', { stdout: line ? `${line}\n` : '' }]] });

test('group: created with groupadd (gid, system), changed with groupmod, removed with groupdel', async () => {
  const cases: [Record<string, unknown>, string, string[], string[]][] = [
    [{ name: 'web' }, '', ['create group web'], ['groupadd web']],
    [{ name: 'web', gid: 2000, system: true }, '', ['create group web'], ['groupadd -g 2000 -r web']],
    [{ name: 'web', gid: 2000, non_unique: true }, '', ['create group web'], ['groupadd -g 2000 -o web']],
    [{ name: 'web', gid: 2001 }, 'web:x:2000:app', ['group web: gid 2000 -> 2001'], ['groupmod -g 2001 web']],
    [{ name: 'web', state: 'absent' }, 'web:x:2000:', ['remove group web'], ['groupdel web']],
    [{ name: 'web', state: 'absent', force: true }, 'web:x:2000:', ['remove group web'], ['groupdel -f web']],
  ];
  for (const [params, line, sums, commands] of cases) {
    const h = host(line);
    const plan = await h.plan(group, params);
    assert.equal(summaries(plan), sums, JSON.stringify(params));
    await h.apply(plan);
    assert.equal(h.commands, commands, JSON.stringify(params));
  }
});

test('group: as asked is a no-op in one read, saying why; a name sharing a prefix is not the group', async () => {
  for (const [params, line, reason] of [
    [{ name: 'web' }, 'web:x:2000:', 'group web exists'],
    [{ name: 'web', gid: 2000 }, 'web:x:2000:a,b', 'group web exists with gid 2000'],
    [{ name: 'web', state: 'absent' }, '', 'group web does not exist'],
    [{ name: 'web', state: 'absent' }, 'webadm:x:3:', 'group web does not exist'],
  ] as const) {
    const h = host(line);
    const { value: plan, execs } = await h.countExecs(() => h.plan(group, params));
    assert.equal(plan.changes, []);
    assert.is(plan.reason, reason);
    assert.is(execs, 1);
  }
  assert.is((await host('web:x:2000:').plan(group, { name: 'web', gid: 2000 })).data!.gid, 2000);
});

test('group: a bad name or non_unique without gid fails clearly', async () => {
  assert.match((await failure(() => host().plan(group, { name: 'a b' }))).message, 'invalid group name');
  assert.is((await failure(() => host().plan(group, { name: 'web', non_unique: true }))).message, 'gid is required with non_unique');
});

test.run();
