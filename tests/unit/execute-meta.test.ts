// meta: end_host (per host, with when), end_play, noop, clear_facts; refresh_inventory refused at its line;
// --start-at-task matching a glob, as Ansible's fnmatch does.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fnmatch } from '../../src/engine/execute/util.js';
import { compileProblems, writeTree } from './compile-tmp.js';
import { fixture, runFixture, tempDir } from './execute-harness.js';

const log = (dir: string, host: string) => readFile(join(dir, `${host}.log`), 'utf8');

test('end_host ends the play for the hosts where its when holds; end_play for every host; the next play runs', async () => {
  const workdir = await tempDir();
  const { summary } = await runFixture(fixture('exec/meta.yaml'), { extraVars: { workdir } });
  assert.is(summary.exitCode, 0);
  assert.is(await log(workdir, 'alpha'), 'one\ntwo\nthree\n');
  assert.is(await log(workdir, 'beta'), 'one\nthree\n');
  // meta tasks are not counted, as in Ansible: the shell tasks only.
  assert.equal([summary.stats.alpha!.changed, summary.stats.beta!.changed], [3, 2]);
});

test('--start-at-task takes a glob', async () => {
  const workdir = await tempDir();
  await runFixture(fixture('exec/meta.yaml'), { extraVars: { workdir }, startAtTask: 'sec*d l?ne' });
  assert.is(await log(workdir, 'alpha'), 'two\nthree\n');
  assert.ok(fnmatch('install app', 'install [!x]pp'));
  assert.not.ok(fnmatch('install xpp', 'install [!x]pp'));
  assert.not.ok(fnmatch('install app now', 'install app'));
  assert.ok(fnmatch('a.b (c)', 'a.b (c)'));
});

test('meta: refresh_inventory is refused at its line; an unknown action is a schema error', async () => {
  const dir = writeTree({ 'site.yaml': '- hosts: all\n  tasks:\n    - meta: refresh_inventory\n    - meta: end_rol\n' });
  const text = (await compileProblems(join(dir, 'site.yaml'))).join('\n');
  assert.match(text, /site\.yaml:3:13: meta: refresh_inventory is not supported/);
  assert.match(text, /site\.yaml:4:13: meta must be one of .*"end_host"/);
});

test.run();
