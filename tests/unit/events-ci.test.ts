// Issue 13, events for CI: every NDJSON line of `--json` carries `time` (ISO 8601) and `run` (random per
// run, the same on every line); every task result (host-result, item-result) carries `durationMs`.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { JsonReporter } from '../../src/engine/reporters/json.js';
import { tempDir } from './execute-harness.js';

const PLAYBOOK = `- hosts: localhost
  gather_facts: false
  tasks:
    - name: slow
      command: sleep 0.3
      changed_when: false
    - name: looped
      debug: {msg: "{{ item }}"}
      loop: [a, b]
`;

async function jsonRun(): Promise<Record<string, unknown>[]> {
  const dir = await tempDir();
  writeFileSync(join(dir, 'site.yaml'), PLAYBOOK);
  writeFileSync(join(dir, 'inventory.yaml'), 'all:\n  hosts:\n    localhost: {connection: local}\n');
  // The built CLI, as CI runs it (npm test builds first).
  const r = spawnSync(process.execPath, ['bin/runbook.js', 'apply', join(dir, 'site.yaml'), '-i', join(dir, 'inventory.yaml'), '--json'], { encoding: 'utf8' });
  assert.is(r.status, 0, r.stderr);
  return r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
}

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

test('every event has time and the run id; every task result its duration', async () => {
  const events = await jsonRun();
  const kinds = events.map((e) => e.kind);
  assert.ok(kinds.includes('run-start') && kinds.includes('item-result') && kinds.includes('run-end'), kinds.join(' '));
  const run = events[0]!.run;
  assert.type(run, 'string');
  assert.match(run as string, /^[0-9a-f-]{36}$/);
  let last = 0;
  for (const e of events) {
    assert.is(e.run, run, `${e.kind}: the same run id on every event`);
    assert.match(e.time as string, ISO, `${e.kind}: time`);
    const t = Date.parse(e.time as string);
    assert.ok(t >= last, 'times never go backwards');
    last = t;
  }
  const results = events.filter((e) => e.kind === 'host-result' || e.kind === 'item-result');
  assert.is(results.length, 4, 'slow, two items, the loop aggregate');
  for (const e of results) assert.ok(Number.isInteger(e.durationMs) && (e.durationMs as number) >= 0, `${e.kind}: durationMs ${e.durationMs}`);
  // Measured, not made up: a task that sleeps 0.3 s took at least that long.
  const slow = results.find((e) => (e.task as { name: string }).name === 'slow')!;
  assert.ok((slow.durationMs as number) >= 300, `slow took ${slow.durationMs} ms`);
});

test('two runs have two run ids', async () => {
  const [a, b] = [(await jsonRun())[0]!.run, (await jsonRun())[0]!.run];
  assert.is.not(a, b);
});

test('the reporter stamps the time of each event as it is written', () => {
  const lines: string[] = [];
  let clock = Date.UTC(2026, 0, 2, 3, 4, 5, 6);
  const r = new JsonReporter((t) => lines.push(t), 'run-1', () => new Date(clock++));
  r.handle({ kind: 'warning', message: 'x' });
  r.handle({ kind: 'play-end', id: 'p' });
  assert.equal(lines.map((l) => JSON.parse(l)), [
    { kind: 'warning', message: 'x', time: '2026-01-02T03:04:05.006Z', run: 'run-1' },
    { kind: 'play-end', id: 'p', time: '2026-01-02T03:04:05.007Z', run: 'run-1' },
  ]);
});

test.run();
