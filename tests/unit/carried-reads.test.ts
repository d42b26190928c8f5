// Read-ahead for first runs (issue 14): a task's write carries the next task's reads, read on the host after
// the write, so a first run costs one command per changed task — and what the next task plans from is the
// host after the write, never before it.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Connection, PutOptions, ThenRead } from '../../src/engine/connection/types.js';
import { localConnection } from '../../src/engine/connection/local.js';
import type { RunEvent } from '../../src/engine/events.js';
import { CarryingConnection } from '../../src/engine/execute/carried-reads.js';
import { fixture, runFixture, tempDir } from './execute-harness.js';

function recap(events: RunEvent[]) {
  const r = events.find((e) => e.kind === 'recap');
  if (!r || r.kind !== 'recap') throw new Error('no recap');
  return { changed: r.stats.alpha!.changed, failed: r.stats.alpha!.failed, commands: r.commands!.alpha! };
}

async function playbook(tasks: string[]): Promise<{ dir: string; file: string }> {
  const dir = await tempDir();
  const file = join(dir, 'pb.yaml');
  writeFileSync(file, `- hosts: alpha\n  gather_facts: false\n  tasks:\n${tasks.map((t) => `    - ${t}`).join('\n')}\n`);
  return { dir, file };
}

const run = (file: string) => runFixture(file, { inventoryFile: fixture('exec/inventory.yaml') }).then(({ events }) => recap(events));

test('a first run costs one command per changed task, plus the run lock and the first read', async () => {
  const dir = await tempDir();
  const tasks = [1, 2].flatMap((i) => [
    `file: { path: ${dir}/d${i}, state: directory }`,
    `copy: { dest: ${dir}/d${i}/c, content: "c${i}\\n", mode: "0644" }`,
    `lineinfile: { path: ${dir}/l${i}, line: "l${i}", create: true }`,
  ]);
  // The command module's words are quoted by runbook: they carry too. A shell module's text is the user's,
  // and nothing is appended to it: the task after it reads for itself.
  tasks.push(
    `command: { cmd: "touch ${dir}/stamp", creates: ${dir}/stamp }`,
    `shell: { cmd: "touch ${dir}/stamp2", creates: ${dir}/stamp2 }`,
    `copy: { dest: ${dir}/last, content: "x" }`,
  );
  const { file } = await playbook(tasks);
  // The run lock, one read for every task (read-ahead), one command per task (each write, mkdir or command
  // carrying the next task's reads), and the read after the shell command: 12. Without carried reads: 19.
  assert.equal(await run(file), { changed: 9, failed: 0, commands: 12 });
  const again = await run(file);
  assert.equal({ changed: again.changed, failed: again.failed }, { changed: 0, failed: 0 });
  assert.is(readFileSync(join(dir, 'd2', 'c'), 'utf8'), 'c2\n');
});

test('the next task plans from the host after the write: three edits of one file (a stale read would lose a line)', async () => {
  const dir = await tempDir();
  const f = join(dir, 'f');
  const { file } = await playbook([
    `lineinfile: { path: ${f}, line: "one", create: true }`,
    `lineinfile: { path: ${f}, line: "two" }`,
    `lineinfile: { path: ${f}, regexp: "^three", line: "three=3" }`,
    `copy: { dest: ${dir}/g, content: "g\\n" }`,
  ]);
  assert.equal(await run(file), { changed: 4, failed: 0, commands: 6 });
  assert.is(readFileSync(f, 'utf8'), 'one\ntwo\nthree=3\n');
  const again = await run(file);
  assert.is(again.changed, 0);
  // Drift between runs is seen and repaired, through the same path.
  writeFileSync(f, 'one\n');
  assert.is((await run(file)).changed, 2);
  assert.is(readFileSync(f, 'utf8'), 'one\ntwo\nthree=3\n');
});

/** A connection that records what it was asked and answers every put's carried reads with `stdout`. */
function fake(): { conn: Connection; log: string[] } {
  const log: string[] = [];
  const conn = {
    host: 'h',
    stats: { execs: 0 },
    exec: async (c: string) => (log.push(`exec ${c}`), { code: 0, stdout: '', stderr: '' }),
    execBuffer: async (c: string) => (log.push(`exec ${c}`), { code: 0, stdout: Buffer.alloc(0), stderr: '' }),
    get: async (p: string) => (log.push(`get ${p}`), null),
    put: async (p: string, _d: unknown, o: PutOptions = {}) => {
      log.push(`put ${p}${o.then ? ' +reads' : ''}`);
      o.then?.take({ stdout: Buffer.from('x'), stderr: '', code: 0 });
    },
    withBecome: () => conn,
    derive: () => conn,
    close: async () => {},
  } as Connection;
  return { conn, log };
}

function carried() {
  const seen = { adopted: 0 };
  const then: ThenRead = { script: 'true', marker: 'M', take: () => {} };
  return { seen, value: { then, adopt: () => void seen.adopted++ } };
}

test('carried reads are kept only when the write was the task\'s last command and nothing else changed the host', async () => {
  for (const [name, after, current, adopted] of [
    ['write last', [], true, 1],
    ['a command after the write', ['exec'], true, 0],
    ['a read after the write (it may run a command)', ['get'], true, 0],
    ['a second write', ['put'], true, 0],
    ['another host changed this one meanwhile', [], false, 0],
  ] as const) {
    const { conn, log } = fake();
    const c = new CarryingConnection(conn);
    const { seen, value } = carried();
    await c.exec('mkdir -p /d'); // before arming: the task's own reads and steps
    c.arm(value);
    await c.put('/d/f', 'x');
    for (const a of after) await (a === 'exec' ? c.exec('systemctl restart x') : a === 'get' ? c.get('/d/f') : c.put('/d/g', 'y'));
    c.adoptIfCurrent(current);
    assert.is(seen.adopted, adopted, name);
    assert.is(log[1], 'put /d/f +reads', name);
  }
});

test('a connection derived for another privilege never carries the reads, and its commands spoil them', async () => {
  const { conn, log } = fake();
  const c = new CarryingConnection(conn);
  const { seen, value } = carried();
  c.arm(value);
  await c.withBecome({ user: 'postgres' }).put('/d/f', 'x');
  await c.put('/d/g', 'y');
  await c.derive({ env: { A: '1' } }).exec('true');
  c.adoptIfCurrent(true);
  assert.equal(log, ['put /d/f', 'put /d/g +reads', 'exec true']);
  assert.is(seen.adopted, 0);
});

test('a write that fails keeps its own message; the reads it carried still come back', async () => {
  const dir = await tempDir();
  const dest = join(dir, 'f');
  writeFileSync(dest, 'theirs\n');
  let taken = '';
  const then: ThenRead = { script: `printf 'after:%s' "$(cat ${dest})"`, marker: 'RUNBOOK-THEN-0123', take: (o) => (taken = o.stdout.toString()) };
  const e = await localConnection().put(dest, 'mine\n', { expect: 'absent', then }).then(() => undefined, (x: Error) => x);
  assert.match(String(e?.message), /changed since read.*not overwritten$/);
  assert.is(taken, 'after:theirs');
  const ok = await localConnection().put(join(dir, 'g'), 'new\n', { then: { ...then, script: `cat ${dir}/g` } }).then(() => 'ok');
  assert.is(ok, 'ok');
  assert.is(taken, 'new\n');
});

test.run();
