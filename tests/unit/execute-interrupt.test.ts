// Ctrl-C during a run: in-flight commands stop, the run ends with a partial recap and exit code 130, and no
// file is left half-written (writes are temp file + rename; the temp file is removed).

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { fixture, tempDir } from './execute-harness.js';

test('SIGINT mid-run: exit 130, partial recap, no half-written or temp files', async () => {
  const dir = await tempDir();
  const big = 'x'.repeat(2_000_000);
  await writeFile(`${dir}/vars.json`, JSON.stringify({ workdir: dir, big }));
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/cli/main.ts', 'apply', fixture('exec/interrupt.yaml'), '-i', fixture('exec/inventory.yaml'),
      '--json', '-e', `@${dir}/vars.json`],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  child.stdout.on('data', (b) => (out += b));
  // Interrupt once both hosts are inside the long command (polled: it prints nothing while it runs).
  const interrupted = new Promise<void>((resolve, reject) => {
    const started = Date.now();
    const poll = setInterval(() => {
      if (existsSync(`${dir}/alpha-started`) && existsSync(`${dir}/beta-started`)) {
        clearInterval(poll);
        child.kill('SIGINT');
        resolve();
      } else if (Date.now() - started > 20_000) {
        clearInterval(poll);
        child.kill('SIGKILL');
        reject(new Error(`the long command never started; output so far:\n${out}`));
      }
    }, 50);
  });
  await interrupted;
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  assert.is(code, 130);
  const events = out.trim().split('\n').map((l) => JSON.parse(l));
  const recap = events.find((e) => e.kind === 'recap');
  assert.ok(recap, 'a recap is printed');
  assert.equal(Object.keys(recap.stats).sort(), ['alpha', 'beta']);
  assert.is(recap.stats.alpha.changed, 1, 'the big file counted, the interrupted task not');
  assert.is(events.at(-1).kind, 'run-end');
  assert.is(events.at(-1).interrupted, true);
  assert.is((await readFile(`${dir}/alpha-big.txt`, 'utf8')).length, big.length);
  assert.not.ok(existsSync(`${dir}/alpha-after.txt`));
  const leftovers = (await readdir(dir)).filter((f) => f.includes('runbook-tmp'));
  assert.not.ok(existsSync(`${dir}/vars.json.partial`));
  assert.equal(leftovers, []);
});

test.run();
