// --shard K/N slices and `runbook events merge`: slices are stable, disjoint, complete and even; merged
// streams give the recap and exit code a single run gives, with or without fields this reader does not
// know (`time`, `run`, `durationMs`). End to end over local-connection hosts: 4 slices as 4 processes.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseShard, shardNames } from '../../src/engine/inventory/shard.js';
import { mergeStreams } from '../../src/engine/reporters/merge.js';

const names = Array.from({ length: 40 }, (_, i) => `host-${i + 1}`);

test('slices are disjoint, cover every host, differ by at most one, and do not depend on order', () => {
  const slices = [1, 2, 3, 4].map((index) => shardNames(names, { index, count: 4 }));
  const all = slices.flatMap((s) => [...s]);
  assert.is(all.length, 40);
  assert.is(new Set(all).size, 40);
  for (const s of slices) assert.is(s.size, 10);
  const reversed = shardNames([...names].reverse(), { index: 2, count: 4 });
  assert.equal([...reversed].sort(), [...slices[1]!].sort());
  assert.equal([...shardNames(names, { index: 1, count: 1 })].sort(), [...names].sort());
});

test('--shard is K/N with 1 ≤ K ≤ N', () => {
  assert.equal(parseShard('3/4'), { index: 3, count: 4 });
  for (const bad of ['0/4', '5/4', '1/0', '1', 'a/b', '-1/2']) assert.throws(() => parseShard(bad), /expected K\/N/);
});

const stats = (o: Partial<Record<'ok' | 'changed' | 'failed' | 'unreachable', number>>) => ({ ok: 0, changed: 0, unreachable: 0, failed: 0, skipped: 0, rescued: 0, ignored: 0, ...o });
const stream = (file: string, events: (object | string)[]) => ({ file, text: `${events.map((e) => (typeof e === 'string' ? e : JSON.stringify(e))).join('\n')}\n` });

test('merge: one recap, the exit code one run would give; unknown fields (time, run, durationMs) ignored', () => {
  const a = stream('a', [
    { kind: 'run-start', playbook: 'p', check: false, diff: false, time: '2026-12-05T08:00:00Z', run: 'r1' },
    { kind: 'host-result', host: 'h1', status: 'ok', durationMs: 12, time: 'x', run: 'r1' },
    { kind: 'recap', stats: { h1: stats({ ok: 2, changed: 1 }) }, commands: { h1: 3 }, time: 'x', run: 'r1' },
    { kind: 'run-end', exitCode: 0, interrupted: false, elapsedMs: 5, time: 'x', run: 'r1' },
  ]);
  const b = stream('b', [
    { kind: 'run-start', playbook: 'p', check: false, diff: false },
    'not json at all',
    { kind: 'recap', stats: { h2: stats({ ok: 1, failed: 1 }) }, commands: { h2: 2 } },
    { kind: 'run-end', exitCode: 2, interrupted: false, elapsedMs: 5 },
  ]);
  const m = mergeStreams([a, b]);
  assert.equal(m.stats, { h1: stats({ ok: 2, changed: 1 }), h2: stats({ ok: 1, failed: 1 }) });
  assert.equal(m.commands, { h1: 3, h2: 2 });
  assert.is(m.exitCode, 2);
  assert.equal(m.notes, []);
  assert.is(mergeStreams([a]).exitCode, 0);
});

test('merge: a slice that never ended makes the run interrupted (130), and says which', () => {
  const done = stream('done', [{ kind: 'recap', stats: { h1: stats({ ok: 1 }) } }, { kind: 'run-end', exitCode: 0, interrupted: false, elapsedMs: 1 }]);
  const cut = stream('cut', [{ kind: 'run-start', playbook: 'p', check: false, diff: false }]);
  const m = mergeStreams([done, cut]);
  assert.is(m.exitCode, 130);
  assert.match(m.notes.join('\n'), /cut: the stream stops before its run-end/);
});

test('merge: check mode with changes pending is exit 3; unreachable beats it', () => {
  const check = (st: object) => stream('c', [{ kind: 'run-start', playbook: 'p', check: true, diff: false }, { kind: 'recap', stats: st }, { kind: 'run-end', exitCode: 0, interrupted: false, elapsedMs: 1 }]);
  assert.is(mergeStreams([check({ h1: stats({ changed: 1 }) }), check({ h2: stats({ ok: 1 }) })]).exitCode, 3);
  assert.is(mergeStreams([check({ h1: stats({ changed: 1 }) }), check({ h2: stats({ unreachable: 1 }) })]).exitCode, 4);
});

test('end to end: 4 slices as 4 processes merge into the unsliced run\'s recap and exit code', () => {
  const dir = mkdtempSync(join(tmpdir(), 'runbook-shard-'));
  try {
    const hosts = Array.from({ length: 8 }, (_, i) => `    n${i + 1}: { ansible_connection: local }`).join('\n');
    writeFileSync(join(dir, 'inv.yaml'), `all:\n  hosts:\n${hosts}\n`);
    writeFileSync(join(dir, 'pb.yaml'), `- hosts: all\n  gather_facts: false\n  tasks:\n    - debug: { msg: "{{ inventory_hostname }}" }\n    - command: "true"\n      when: inventory_hostname != 'n2'\n    - fail: { msg: boom }\n      when: inventory_hostname == 'n5'\n`);
    const cli = (args: string[]) => {
      try {
        return { code: 0, out: execFileSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }) };
      } catch (e) {
        const err = e as { status: number; stdout: string };
        return { code: err.status, out: err.stdout };
      }
    };
    const whole = cli(['apply', join(dir, 'pb.yaml'), '-i', join(dir, 'inv.yaml'), '--json']);
    const files = [1, 2, 3, 4].map((k) => {
      const r = cli(['apply', join(dir, 'pb.yaml'), '-i', join(dir, 'inv.yaml'), '--json', '--shard', `${k}/4`]);
      writeFileSync(join(dir, `s${k}.ndjson`), r.out);
      return join(dir, `s${k}.ndjson`);
    });
    const merged = cli(['events', 'merge', ...files, '--json']);
    const recap = (out: string) => JSON.parse(out.split('\n').find((l) => l.includes('"kind":"recap"'))!) as { stats: object };
    assert.is(whole.code, 2);
    assert.is(merged.code, whole.code);
    assert.equal(recap(merged.out).stats, recap(whole.out).stats);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
