// The pieces of a saved plan that decide "still as planned?": reads hashed (Buffers by their bytes), the
// first move per host named, and the guard that refuses a task whose changes moved just before it applies.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { CompiledTask } from '../../src/engine/compile/types.js';
import type { PlannedTask } from '../../src/engine/execute/plan-observer.js';
import type { Change } from '../../src/engine/module-api/module.js';
import { compareRuns, describeMove } from '../../src/engine/plan/compare.js';
import { ApplyGuard } from '../../src/engine/plan/guard.js';
import type { TaskRecord } from '../../src/engine/plan/plan-file.js';
import { hashRead, PlanRecorder } from '../../src/engine/plan/record.js';
import { redactForPlan } from '../../src/engine/plan/redact.js';

const task = (id: string, name: string) => ({ id, name, module: 'copy', loc: { file: '/play/site.yaml', line: 3, col: 7 } }) as unknown as CompiledTask;

function planned(host: string, t: CompiledTask, reads: [string, unknown][], changes: Partial<Change>[], check = true, noLog = false): PlannedTask {
  return { host, target: host, task: t, check, noLog, reads: new Map(reads), plan: { changes: changes as Change[] } };
}

function recorded(events: PlannedTask[]): Record<string, TaskRecord[]> {
  const r = new PlanRecorder('/play');
  for (const e of events) r.planned(e);
  return r.hosts;
}

const T1 = task('p0.t1', 'app config');
const T2 = task('p0.t2', 'port');
const write = { summary: 'create /etc/app.conf', diff: { header: '/etc/app.conf', before: '', after: 'port = 80\n' } };

test('reads are hashed: a Buffer by its bytes, objects whatever their key order', () => {
  assert.is(hashRead(Buffer.from('a')), hashRead(Buffer.from('a')));
  assert.is.not(hashRead(Buffer.from('a')), hashRead(Buffer.from('b')));
  assert.is(hashRead({ a: 1, b: 2 }), hashRead({ b: 2, a: 1 }));
  assert.is.not(hashRead(null), hashRead({ type: 'file' }));
});

test('compareRuns: the same run is no move; a changed read, a changed change, a missing task are each named once per host', () => {
  const run = (content: string, summary = write.summary) => recorded([
    planned('alpha', T1, [['content:/etc/app.conf', Buffer.from('x')]], [write]),
    planned('beta', T1, [['content:/etc/app.conf', Buffer.from(content)]], [{ ...write, summary }]),
    planned('beta', T2, [], []),
  ]);
  assert.equal(compareRuns(run('x'), run('x')), []);
  const moves = compareRuns(run('x'), run('y', 'update /etc/app.conf'));
  assert.equal(moves.map(describeMove), ['beta: task "app config" (site.yaml:3:7): the host moved since the plan: content:/etc/app.conf is not what the plan read']);
  const changed = compareRuns(run('x'), run('x', 'update /etc/app.conf'));
  assert.match(describeMove(changed[0]!), /beta: task "app config" .*: its changes differ from the plan: planned create \/etc\/app\.conf; now update \/etc\/app\.conf/);
  const fewer = recorded([planned('alpha', T1, [['content:/etc/app.conf', Buffer.from('x')]], [write]), planned('beta', T1, [['content:/etc/app.conf', Buffer.from('x')]], [write])]);
  assert.equal(compareRuns(run('x'), fewer).map(describeMove), ['beta: task "port" (site.yaml:3:7): in the plan, but the run no longer reaches it']);
});

test('the guard lets the planned changes apply and refuses changes that moved in between, naming host and task', () => {
  const guard = new ApplyGuard(recorded([planned('alpha', T1, [], [write]), planned('alpha', T2, [], [])]), '/play');
  assert.is(guard.planned(planned('alpha', T1, [], [write], false)), undefined);
  const refused = guard.planned(planned('alpha', T2, [], [{ summary: 'port 80 -> 81' }], false));
  assert.match(refused!, /^moved since the plan: alpha: task "port" \(site\.yaml:3:7\): its changes differ from the plan: planned no change; now port 80 -> 81$/);
  assert.is(guard.moves.length, 1);
  assert.match(guard.planned(planned('alpha', task('p0.t9', 'extra'), [], [write], false))!, /not in the plan, and it would change something/);
  assert.is(guard.planned(planned('alpha', task('p0.t8', 'noop'), [], [], false)), undefined, 'a task the plan never reached may change nothing');
});

test('redactForPlan: a no_log task keeps no value (summary, diff, read keys); others pass unchanged', () => {
  const hosts = recorded([planned('alpha', T1, [['content:/etc/token', Buffer.from('tok')]], [{ summary: 'write tok', diff: { header: 'h', before: '', after: 'tok' } }], true, true)]);
  assert.not.match(JSON.stringify(hosts), /tok\b|write tok/);
  assert.equal(redactForPlan({ a: ['x'] }, { noLog: false }), { a: ['x'] });
});

test.run();
