// --check on a drifted host: exit 3, the drifted tasks named, and not one byte or mode changed (every
// file's hash compared before and after). --diff: the rendered diff is a correct unified diff — applying it
// to the file as it is gives exactly what a run then writes.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { applyPatch } from 'diff';
import { fixture, tempDir } from './execute-harness.js';

const cli = (args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'apply', fixture('exec/drift.yaml'), '-i', fixture('exec/inventory.yaml'), ...args], { encoding: 'utf8' });

function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    const st = statSync(p);
    out[name] = `${st.mode.toString(8)} ${st.isFile() ? createHash('sha256').update(readFileSync(p)).digest('hex') : 'dir'}`;
  }
  return out;
}

/** The unified diffs the plain reporter printed for `host`, by file. */
function diffsFrom(output: string, host: string): Map<string, string> {
  const lines = output.split('\n').filter((l) => l.startsWith(`${host}  | `)).map((l) => l.slice(`${host}  | `.length));
  const patches = new Map<string, string>();
  let name: string | undefined;
  for (const l of lines) {
    const header = /^--- (.*) \(before\)$/.exec(l);
    if (header) patches.set((name = header[1]!), l);
    else if (name) patches.set(name, `${patches.get(name)}\n${l}`);
  }
  return patches;
}

test('--check after drift: exit 3, names the drifted tasks, changes nothing; --diff patches are exact', async () => {
  const dir = await tempDir();
  const vars = ['-e', `workdir=${dir}`];
  assert.is(cli(vars).status, 0, 'converges');
  assert.is(cli([...vars, '--check']).status, 0, 'nothing pending after a run');

  writeFileSync(join(dir, 'hosts'), '127.0.0.1 localhost\n');
  writeFileSync(join(dir, 'app.conf'), readFileSync(join(dir, 'app.conf'), 'utf8').replace('listen = 8080', 'listen = 9090'));
  chmodSync(join(dir, 'data'), 0o777);
  const before = snapshot(dir);

  const check = cli([...vars, '--check', '--diff', '--json']);
  assert.is(check.status, 3, check.stderr);
  const changed = check.stdout.trim().split('\n').map((l) => JSON.parse(l)).filter((e) => e.kind === 'host-result' && e.status === 'changed').map((e) => e.task.name);
  assert.equal(changed, ['hosts record', 'app config', 'a directory']);
  assert.equal(snapshot(dir), before, 'check mode touched nothing');

  const plain = cli([...vars, '--check', '--diff']);
  assert.is(plain.status, 3);
  const patches = diffsFrom(plain.stdout, 'alpha');
  const drifted = { hosts: readFileSync(join(dir, 'hosts'), 'utf8'), app: readFileSync(join(dir, 'app.conf'), 'utf8') };

  assert.is(cli(vars).status, 0, 'apply repairs');
  assert.equal(cli([...vars, '--check']).status, 0);
  for (const [file, text] of [['hosts', drifted.hosts], ['app.conf', drifted.app]] as const) {
    const patch = patches.get(join(dir, file));
    assert.ok(patch, `a diff for ${file} was printed:\n${plain.stdout}`);
    assert.is(applyPatch(text, patch!), readFileSync(join(dir, file), 'utf8'), `${file}: the diff turns the drifted file into what apply wrote`);
  }
  assert.match(plain.stdout, /-listen = 9090\n.*\+listen = 8080/s);
  // Also a real `patch` agrees with the printed diff.
  const hostsPatch = patches.get(join(dir, 'hosts'))!.replace(/ \((before|after)\)$/gm, '');
  writeFileSync(join(dir, 'hosts.drifted'), drifted.hosts);
  execFileSync('patch', ['-s', join(dir, 'hosts.drifted')], { input: `${hostsPatch}\n` });
  assert.is(readFileSync(join(dir, 'hosts.drifted'), 'utf8'), readFileSync(join(dir, 'hosts'), 'utf8'));
});

test.run();
