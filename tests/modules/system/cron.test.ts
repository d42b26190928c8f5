// cron: the crontab edit against Ansible's own module (cron_file: same bytes, same changed), and a user's
// crontab through crontab -l / crontab - on recorded output.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cron } from '../../../src/modules/system/cron.js';
import { editCron } from '../../../src/modules/system/cron-plan.js';
import { failure, summaries } from '../../helpers/module-tester.js';
import { recordedHost } from '../../helpers/recorded-tester.js';
import { compareWithAnsible, systemOracleMissing, type DifferentialCase } from '../../helpers/system-oracle.js';
import { withLocal } from '../../helpers/local-tester.js';

const skip = systemOracleMissing('cron');
const file = (dir: string) => join(dir, 'app');
const start = (text: string) => (dir: string) => writeFileSync(file(dir), text, { mode: 0o600 });

const cases: DifferentialCase[] = [
  { name: 'a new cron_file', params: (d) => ({ name: 'backup', cron_file: file(d), user: 'root', minute: '5', hour: '2', job: '/usr/local/bin/backup' }), files: ['app'] },
  { name: 'special_time and disabled', params: (d) => ({ name: 'warm', cron_file: file(d), user: 'app', special_time: 'reboot', job: 'warm-cache', disabled: true }), files: ['app'] },
  { name: 'a job replaced in place, others kept', setup: start('#Ansible: a\n* * * * * root one\n#Ansible: b\n1 * * * * root two\n'), params: (d) => ({ name: 'a', cron_file: file(d), user: 'root', hour: '3', job: 'one' }), files: ['app'] },
  { name: 'an unmarked identical line is adopted', setup: start('MAILTO=x\n*/5 * * * * root poll\n'), params: (d) => ({ name: 'poll', cron_file: file(d), user: 'root', minute: '*/5', job: 'poll' }), files: ['app'] },
  { name: 'a file without a final newline', setup: start('#Ansible: a\n* * * * * root one'), params: (d) => ({ name: 'a', cron_file: file(d), user: 'root', job: 'one' }), files: ['app'], changed: [true, true, false] },
  { name: 'env at the top, then insertafter', setup: start('PATH=/bin\n#Ansible: a\n* * * * * root one\n'), params: (d) => ({ name: 'MAILTO', env: true, job: 'ops@example.com', cron_file: file(d), user: 'root', insertafter: 'PATH' }), files: ['app'] },
  { name: 'env value changed', setup: start('MAILTO="a"\n'), params: (d) => ({ name: 'MAILTO', env: true, value: 'b', cron_file: file(d), user: 'root' }), files: ['app'] },
  { name: 'one of two jobs removed', setup: start('#Ansible: a\n* * * * * root one\n#Ansible: b\n1 * * * * root two\n'), params: (d) => ({ name: 'a', cron_file: file(d), state: 'absent' }), files: ['app'] },
  { name: 'the last job removed: the file goes', setup: start('#Ansible: a\n* * * * * root one\n'), params: (d) => ({ name: 'a', cron_file: file(d), state: 'absent' }), files: ['app'] },
  { name: 'dom/dow aliases, numbers for the time fields', params: (d) => ({ name: 'weekly', cron_file: file(d), user: 'root', minute: 0, hour: 4, dom: '1-7', dow: 1, job: 'report' }), files: ['app'] },
];

for (const c of cases) {
  test(`cron: ${c.name} — as Ansible (bytes, changed on check/run/rerun)`, async () => {
    if (skip) return console.log(`skipped: ${skip}`);
    await compareWithAnsible(cron, 'cron', c);
  });
}

test('cron: converge on a cron_file; the diff is the file before and after; the no-op costs one round trip', () =>
  withLocal(async (h) => {
    const path = h.path('job');
    const r = await h.converge(cron, { name: 'nightly', cron_file: path, user: 'root', hour: '1', minute: '0', job: 'run' });
    assert.equal(r.first.changes[0]!.diff, { header: path, before: '', after: '#Ansible: nightly\n0 1 * * * root run\n' });
    assert.equal(r.second.data, { jobs: ['nightly'], envs: [], cron_file: path });
  }));

test('cron: backup keeps the crontab as it was in a temporary file of the host (backup_file)', () =>
  withLocal(async (h) => {
    const path = h.path('job');
    writeFileSync(path, '#Ansible: a\n* * * * * root one\n');
    const r = await h.converge(cron, { name: 'a', cron_file: path, user: 'root', job: 'two', backup: true });
    assert.equal(summaries(r.first), ['back up the crontab', `${path}: set job "a"`]);
    const backup = r.result.backup_file as string;
    try {
      assert.is(readFileSync(backup, 'utf8'), '#Ansible: a\n* * * * * root one\n');
    } finally {
      rmSync(backup, { force: true });
    }
  }));

test("cron: a user's crontab is read with crontab -l (-u for another user) and written with crontab -", async () => {
  const h = recordedHost({ facts: [['crontab', { stdout: 'MAILTO=""\n', code: 0 }]] });
  const plan = await h.plan(cron, { name: 'tick', user: 'app', job: 'tick', minute: '*/2' });
  assert.equal(summaries(plan), ['crontab for user "app": set job "tick"']);
  assert.equal(plan.changes[0]!.diff, { header: 'crontab for user "app"', before: 'MAILTO=""\n', after: 'MAILTO=""\n#Ansible: tick\n*/2 * * * * tick\n' });
  assert.match(h.factCalls[0]![0]!, "if [ \"$(id -un)\" = app ]; then crontab -l; else crontab -u app -l; fi");
  await h.apply(plan);
  assert.match(h.commands.at(-1)!, 'crontab -u app -');
  const none = recordedHost({ facts: [['crontab', { stdout: '', stderr: 'no crontab for app\n', code: 1 }]] });
  assert.equal(summaries(await none.plan(cron, { name: 'tick', user: 'app', state: 'absent' })), []);
});

test("cron: Ansible's refusals", async () => {
  await withLocal(async (h) => {
    assert.is((await failure(() => h.plan(cron, { name: 'a', cron_file: '/etc/crontab', job: 'x', user: 'root' }))).message, 'Will not manage /etc/crontab via cron_file, see documentation.');
    assert.is((await failure(() => h.plan(cron, { name: 'a', cron_file: h.path('f'), job: 'x' }))).message, 'To use cron_file=... parameter you must specify user=... as well');
  });
  assert.throws(() => editCron({ name: 'a', cronFile: false, state: 'present', minute: '1', hour: '*', day: '*', month: '*', weekday: '*', special_time: 'daily', disabled: false, env: false, job: 'x' }, ''), /time and date fields or special time/);
});

test.run();
