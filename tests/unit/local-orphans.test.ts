// Issue 10.1: local commands run in their own process group (so that a timeout or Ctrl-C stops all of
// them) and so outlived a runbook that was killed. A watcher in each group now ends it when runbook dies;
// what a command starts in the background on purpose still outlives a run that ended normally.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sleep } from '../../src/engine/execute/util.js';
import { tempDir } from './execute-harness.js';

/** Processes whose command line is exactly `marker` (the program itself, not the shells around it). */
const running = (marker: string) => execFileSync('ps', ['-eo', 'pid,args']).toString().split('\n').filter((l) => l.trim().replace(/^\d+\s+/, '') === marker);
const pause = (ms: number) => sleep(ms, new AbortController().signal);

async function setup(task: string): Promise<string> {
  const dir = await tempDir();
  writeFileSync(join(dir, 'inv.yaml'), 'all:\n  hosts:\n    localhost: {connection: local}\n');
  writeFileSync(join(dir, 'play.yaml'), `- hosts: localhost\n  gather_facts: false\n  tasks:\n    - name: t\n      ${task}\n`);
  return dir;
}

test('runbook SIGKILLed while a local command runs: the command does not outlive it', async () => {
  const marker = 'sleep 291.5';
  const dir = await setup(`command: ${marker}`);
  const child = spawn(process.execPath, ['bin/runbook.js', 'apply', join(dir, 'play.yaml'), '-i', join(dir, 'inv.yaml')], { stdio: 'ignore' });
  try {
    for (let i = 0; i < 100 && running(marker).length === 0; i++) await pause(100);
    assert.is(running(marker).length, 1, 'the command started');
  } finally {
    child.kill('SIGKILL');
  }
  for (let i = 0; i < 100 && running(marker).length > 0; i++) await pause(100);
  assert.equal(running(marker), [], 'the command ended with runbook');
});

test('a background process started on purpose outlives a run that ended normally', async () => {
  const marker = 'sleep 4.75';
  const dir = await setup(`shell: "nohup ${marker} >/dev/null 2>&1 &"`);
  const r = spawn(process.execPath, ['bin/runbook.js', 'apply', join(dir, 'play.yaml'), '-i', join(dir, 'inv.yaml')], { stdio: 'ignore' });
  assert.is(await new Promise((res) => r.on('exit', res)), 0);
  await pause(300);
  const left = running(marker);
  assert.is(left.length, 1, 'still running after the run');
  process.kill(Number(left[0]!.trim().split(/\s+/)[0]), 'SIGTERM'); // ours: started by this test's run
});

test.run();
