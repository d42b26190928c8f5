// The executor on the local connection: one playbook using every task keyword, checked through the recap,
// the results (what `register` stores is what the events carry) and the files written.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fixture, resultOf, runFixture, tempDir } from './execute-harness.js';

test('every keyword: recap, registered results, files', async () => {
  const dir = await tempDir();
  const { summary, events } = await runFixture(fixture('exec/keywords.yaml'), { extraVars: { workdir: dir } });
  const common = { failed: 0, skipped: 1, unreachable: 0, rescued: 1, ignored: 1 };
  assert.equal(summary.stats.alpha, { ok: 12, changed: 9, ...common });
  assert.equal(summary.stats.beta, { ok: 11, changed: 8, ...common });
  assert.is(summary.exitCode, 0);

  const perUser = resultOf(events, 'a file per user', 'alpha');
  assert.is((perUser.results as unknown[]).length, 2);
  assert.is(await readFile(`${dir}/alpha-bob.txt`, 'utf8'), 'hello bob 1\n');
  const items = events.filter((e) => e.kind === 'item-result' && e.host === 'alpha').map((e) => (e as { item: string }).item);
  assert.equal(items, ['user ann', 'user bob']);

  assert.is(resultOf(events, 'skipped by when', 'alpha').skipped, true);
  assert.not.ok(existsSync(`${dir}/never.txt`));

  const ignored = resultOf(events, 'a failure that is ignored', 'alpha');
  assert.is(ignored.failed, true);
  assert.is(ignored.rc, 1);

  const echoed = resultOf(events, 'changed_when decides', 'beta');
  assert.is(echoed.changed, false);
  assert.is(echoed.stdout, 'same');

  assert.is(await readFile(`${dir}/alpha-rescued.txt`, 'utf8'), 'after boom\n');
  assert.ok(existsSync(`${dir}/beta-always.txt`));
  assert.not.ok(existsSync(`${dir}/not-reached.txt`));

  assert.is(resultOf(events, 'until retries', 'alpha').attempts, 3);
  assert.is(events.filter((e) => e.kind === 'retry' && e.host === 'alpha').length, 2);
  assert.is(resultOf(events, 'environment reaches commands', 'alpha').stdout, 'from env');

  const checkOnly = resultOf(events, 'check_mode on one task', 'alpha');
  assert.is(checkOnly.changed, true);
  assert.not.ok(existsSync(`${dir}/check-only.txt`));

  assert.is(await readFile(`${dir}/once.log`, 'utf8'), 'alpha\n');
  assert.is(await readFile(`${dir}/delegated-beta.txt`, 'utf8'), 'from beta\n');

  const log = (await readFile(`${dir}/handlers.log`, 'utf8')).trim().split('\n').sort();
  assert.equal(log, ['restart alpha', 'restart beta']);
  assert.not.ok(existsSync(`${dir}/never-tag.txt`));

  assert.is(await readFile(`${dir}/alpha-secret.txt`, 'utf8'), 's3cret-hello\n');
  assert.not.ok(JSON.stringify(events).includes('s3cret'), 'no_log values never reach an event');
});

test('--check changes nothing and reports pending changes (exit 3)', async () => {
  const dir = await tempDir();
  const { summary } = await runFixture(fixture('exec/keywords.yaml'), { extraVars: { workdir: dir }, check: true });
  assert.is(summary.exitCode, 3);
  assert.not.ok(existsSync(`${dir}/alpha-ann.txt`));
  assert.not.ok(existsSync(`${dir}/handlers.log`));
});

test('--start-at-task skips everything before the named task', async () => {
  const dir = await tempDir();
  const { events } = await runFixture(fixture('exec/keywords.yaml'), { extraVars: { workdir: dir }, startAtTask: 'run once' });
  const started = events.filter((e) => e.kind === 'task-start').map((e) => (e as { task: { name: string } }).task.name);
  assert.equal(started.slice(0, 2), ['run once', 'delegated to localhost']);
});

test('--tags never runs the task tagged never, and only the always-tagged ones besides', async () => {
  const dir = await tempDir();
  const { events } = await runFixture(fixture('exec/keywords.yaml'), { extraVars: { workdir: dir }, tags: ['never'] });
  const started = events.filter((e) => e.kind === 'task-start').map((e) => (e as { task: { name: string } }).task.name);
  assert.equal(started, ['tagged never']);
  assert.ok(existsSync(`${dir}/never-tag.txt`));
});

test.run();
