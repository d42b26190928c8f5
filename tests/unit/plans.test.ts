// Saved plans on this machine (two inventory hosts, each in its own temporary directory): plan then apply
// PLANFILE does what a direct apply does (same files, same recap); a host that drifted after the plan, a
// changed playbook or another runbook version → exit 5, naming what moved, and not one byte changed on any
// host; the markdown summary; no_log values never reach the plan file or the summary.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fixture, tempDir } from './execute-harness.js';

const SECRET = 's3cret-plan-token';

function cli(args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { encoding: 'utf8' });
}

const plan = (playbook: string, dir: string, out: string, extra: string[] = []) =>
  cli(['plan', playbook, '-i', fixture('plans/inventory.yaml'), '-e', `workdir=${dir}`, '-o', out, ...extra]);

/** Every file and directory under `dir`: mode and sha256 (the plan file itself is kept elsewhere). */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      const st = statSync(p);
      out[relative(dir, p)] = `${(st.mode & 0o7777).toString(8)} ${st.isDirectory() ? 'dir' : createHash('sha256').update(readFileSync(p)).digest('hex')}`;
      if (st.isDirectory()) walk(p);
    }
  };
  walk(dir);
  return out;
}

function recapOf(stdout: string): unknown {
  const recap = stdout.trim().split('\n').map((l) => JSON.parse(l)).find((e) => e.kind === 'recap');
  return recap.stats;
}

test('plan then apply PLANFILE equals a direct apply: same files, same recap; exit 3 then 0; a second plan has nothing pending', async () => {
  const [viaPlan, direct, plans] = [await tempDir(), await tempDir(), await tempDir()];
  const file = join(plans, 'site.plan');
  const planned = plan(fixture('plans/playbooks/two-hosts.yaml'), viaPlan, file);
  assert.is(planned.status, 3, planned.stderr + planned.stdout);
  assert.equal(snapshot(viaPlan), {}, 'planning touched nothing');
  const applied = cli(['apply', file, '--json']);
  assert.is(applied.status, 0, applied.stderr);
  const straight = cli(['apply', fixture('plans/playbooks/two-hosts.yaml'), '-i', fixture('plans/inventory.yaml'), '-e', `workdir=${direct}`, '--json']);
  assert.is(straight.status, 0, straight.stderr);
  assert.equal(snapshot(viaPlan), snapshot(direct));
  assert.equal(recapOf(applied.stdout), recapOf(straight.stdout));
  assert.is(readFileSync(join(viaPlan, 'beta', 'app', 'app.conf'), 'utf8'), 'name = app\nport = 8080\n');

  const again = join(plans, 'again.plan');
  assert.is(plan(fixture('plans/playbooks/two-hosts.yaml'), viaPlan, again).status, 0, 'nothing pending after the apply');
  const saved = JSON.parse(readFileSync(again, 'utf8'));
  assert.is(saved.pending, false);
  assert.is(cli(['apply', again]).status, 0, 'a plan with nothing pending applies as a no-op');
});

test('a host drifted after the plan: exit 5 naming the host and task, and every host byte-identical', async () => {
  const [dir, plans] = [await tempDir(), await tempDir()];
  assert.is(cli(['apply', fixture('plans/playbooks/two-hosts.yaml'), '-i', fixture('plans/inventory.yaml'), '-e', `workdir=${dir}`]).status, 0);
  const file = join(plans, 'port.plan');
  assert.is(plan(fixture('plans/playbooks/two-hosts.yaml'), dir, file, ['-e', 'port=9090']).status, 3);
  // beta is edited by hand after the plan was reviewed: the first task that read the file (copy, force: false) moved.
  writeFileSync(join(dir, 'beta', 'app', 'app.conf'), 'name = app\nport = 7070\n');
  const before = snapshot(dir);
  const r = cli(['apply', file]);
  assert.is(r.status, 5, r.stderr + r.stdout);
  assert.match(r.stderr, /nothing was changed on any host/);
  assert.match(r.stderr, /beta: task "app config" \(two-hosts\.yaml:\d+:\d+\): the host moved since the plan: .*app\.conf is not what the plan read/);
  assert.not.match(r.stderr, /alpha:/, 'alpha is as planned');
  assert.equal(snapshot(dir), before, 'not one byte changed, on alpha either');
  assert.is(cli(['apply', file, '--check']).status, 5, '--check verifies only, with the same verdict');
});

test('a changed playbook or another runbook version: exit 5, nothing changed', async () => {
  const [dir, plans, src] = [await tempDir(), await tempDir(), await tempDir()];
  cpSync(fixture('plans'), src, { recursive: true });
  const playbook = join(src, 'playbooks', 'two-hosts.yaml');
  const file = join(plans, 'site.plan');
  assert.is(cli(['plan', playbook, '-i', join(src, 'inventory.yaml'), '-e', `workdir=${dir}`, '-o', file]).status, 3);
  writeFileSync(playbook, readFileSync(playbook, 'utf8').replace('mode: "0750"', 'mode: "0755"'));
  const r = cli(['apply', file]);
  assert.is(r.status, 5, r.stderr);
  assert.match(r.stderr, /two-hosts\.yaml, its roles or its variables changed since the plan; nothing was changed on any host/);
  assert.match(r.stderr, /alpha: task "app directory" \(two-hosts\.yaml:\d+:\d+\): its changes differ from the plan/);
  assert.equal(snapshot(dir), {});

  writeFileSync(playbook, readFileSync(playbook, 'utf8').replace('mode: "0755"', 'mode: "0750"'));
  const saved = JSON.parse(readFileSync(file, 'utf8'));
  writeFileSync(file, JSON.stringify({ ...saved, runbook: '0.0.1' }));
  const old = cli(['apply', file]);
  assert.is(old.status, 5);
  assert.match(old.stderr, /the plan was made by runbook 0\.0\.1, this is runbook \d/);
  assert.equal(snapshot(dir), {});
  assert.is(cli(['apply', file, '-e', 'x=1']).status, 1, 'options are fixed by the plan');
});

test('--format markdown: hosts, tasks, changes and collapsed diffs; no_log values masked in it and in the plan file', async () => {
  const [dir, plans] = [await tempDir(), await tempDir()];
  const file = join(plans, 'site.plan');
  const r = plan(fixture('plans/playbooks/two-hosts.yaml'), dir, file, ['--format', 'markdown']);
  assert.is(r.status, 3, r.stderr);
  const md = r.stdout;
  assert.match(md, /^### runbook plan: <code>.*two-hosts\.yaml<\/code>/);
  assert.match(md, /\*\*8 changes pending\*\* on 2 of 2 hosts\./);
  assert.match(md, /\| alpha \| 4 \| 4 \| 4 \| 0 \|/);
  assert.match(md, /#### beta\n/);
  assert.match(md, /- \*\*app config\*\* \(copy, <code>two-hosts\.yaml:\d+:\d+<\/code>\)\n {2}- create .*beta\/app\/app\.conf \(mode 0640\)/);
  assert.match(md, /<details><summary>diff<\/summary>\n\n {2}```diff\n[^]*?\+port = 8080\n[^]*?```\n\n {2}<\/details>/);
  assert.ok(md.split('<details>').length - 1 >= 6, 'each change with a diff gets its own collapsed block');
  assert.not.ok(md.includes(SECRET), 'the no_log value is not in the summary');
  assert.not.ok(readFileSync(file, 'utf8').includes(SECRET), 'nor in the plan file');
  assert.match(md, /hidden due to the fact that 'no_log: true'/);
});

test.run();
