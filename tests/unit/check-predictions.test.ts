// --check on a fresh host carries each planned change forward: a dir -> file -> line chain exits 3 with
// failed=0, and the changes it predicts (summaries and diffs) are exactly those apply then makes. A task that
// needs what an unpredictable earlier change makes is skipped as depending on it, never failed.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { fixture, tempDir } from './execute-harness.js';

const cli = (playbook: string, args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'apply', fixture(`plans/${playbook}`), '-i', fixture('plans/inventory.yaml'), ...args], { encoding: 'utf8' });

interface Seen {
  task: string;
  status: string;
  changes?: string[];
  diff?: unknown;
  skip_reason?: string;
}

function results(stdout: string): Seen[] {
  return stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l))
    .filter((e) => e.kind === 'host-result')
    .map((e) => ({ task: e.task.name, status: e.status, changes: e.result.changes, diff: e.result.diff, skip_reason: e.result.skip_reason }));
}

test('--check on a fresh host: dir -> file -> line exits 3, failed=0, and predicts exactly what apply does', async () => {
  const dir = await tempDir();
  const vars = ['-e', `workdir=${dir}`, '--diff', '--json'];
  const check = cli('chain.yaml', [...vars, '--check']);
  assert.is(check.status, 3, check.stderr + check.stdout);
  const predicted = results(check.stdout);
  assert.equal(predicted.map((r) => r.status), ['changed', 'changed', 'changed', 'changed', 'changed']);
  const applied = cli('chain.yaml', vars);
  assert.is(applied.status, 0, applied.stderr);
  assert.equal(predicted, results(applied.stdout));
  assert.is(cli('chain.yaml', ['-e', `workdir=${dir}`, '--check']).status, 0, 'nothing pending after the apply');
});

test('--check: a task needing what an unpredictable change makes is skipped as depending on it', async () => {
  const dir = await tempDir();
  const check = cli('depends.yaml', ['-e', `workdir=${dir}`, '--check', '--json']);
  assert.is(check.status, 3, check.stderr);
  const [made, edit] = results(check.stdout);
  assert.is(made!.status, 'changed');
  assert.is(edit!.status, 'skipped');
  assert.match(edit!.skip_reason!, /^check mode: depends on an earlier pending change \(Destination .*made-by-command does not exist !\)$/);
  // Nothing pending before it: the missing file is a real failure, in check mode too.
  const alone = cli('depends.yaml', ['-e', `workdir=${dir}`, '-e', '{"make": false}', '--check', '--json']);
  assert.is(alone.status, 2);
  assert.is(results(alone.stdout)[1]!.status, 'failed');
  assert.is(cli('depends.yaml', ['-e', `workdir=${dir}`]).status, 0, 'applied, the chain works');
});

test.run();
