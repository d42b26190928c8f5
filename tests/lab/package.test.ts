// The published package works on its own: `npm pack` → `npm install -g` of the tarball into a temporary
// prefix → that installed `runbook` (no repository, no tsx, no devDependencies) reports its version, brings
// the seed lab up, applies its own playbooks/site.yaml inside the workstation (the stand-ins run from its
// dist/), and a rerun changes nothing. The lab belongs to this test process and is taken down in `after`.
// Dependencies come from the npm cache when they are there (--prefer-offline), else from the registry.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { labDown, me } from '../../src/lab/lab.js';
import { SEED, seedPaths } from '../../src/lab/seed/topology.js';
import { LAB_WAIT_MS, REPO, labSkipReason } from './fixture.js';

const test = suite('the npm pack tarball');
const skip = labSkipReason();
const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { name: string; version: string };

const dir = mkdtempSync(join(tmpdir(), 'runbook-pack-'));
const prefix = join(dir, 'prefix');
const installed = join(prefix, 'lib', 'node_modules', pkg.name);
const runbookBin = join(prefix, 'bin', 'runbook');

function run(file: string, args: string[], o: { cwd?: string; timeoutMs?: number; env?: NodeJS.ProcessEnv } = {}) {
  return new Promise<{ code: number; out: string }>((resolve) => {
    execFile(file, args, { cwd: o.cwd ?? dir, timeout: o.timeoutMs ?? 120_000, killSignal: 'SIGKILL', maxBuffer: 64 << 20, env: o.env }, (err, stdout, stderr) => {
      const code = typeof (err as { code?: unknown } | null)?.code === 'number' ? (err as { code: number }).code : err ? 1 : 0;
      resolve({ code, out: `${stdout}${stderr}` });
    });
  });
}

/** The installed runbook applying its own site.yaml inside the workstation, from a directory that is not the repository. */
const applySite = () =>
  run('nsenter', [`--net=/run/netns/${SEED.ws}`, '--', runbookBin, 'apply', join(installed, 'playbooks', 'site.yaml'), '-i', seedPaths().inventory], {
    timeoutMs: 400_000,
    env: { ...process.env, HOME: seedPaths().home },
  });

/** `changed=N` of every host in the PLAY RECAP. */
const changedCounts = (out: string) => [...out.matchAll(/^\S+\s*: ok=\d+\s+changed=(\d+)/gm)].map((m) => Number(m[1]));

const holder = me();
let upped = false;
if (!skip) {
  test.after(async () => {
    if (upped) {
      const r = await labDown({ onlyHolder: holder });
      if (r.leftovers.length) throw new Error(`lab down left: ${r.leftovers.join(', ')}`);
    }
    rmSync(dir, { recursive: true, force: true });
  });
}

const t = skip ? (title: string) => test.skip(title, () => {}) : test;

t('npm pack, then npm install -g of the tarball into a temporary prefix; runbook --version', async () => {
  const packed = await run('npm', ['pack', '--silent', '--pack-destination', dir], { cwd: REPO });
  assert.is(packed.code, 0, packed.out);
  const tarball = join(dir, packed.out.trim().split('\n').pop()!);
  const t0 = Date.now();
  const inst = await run('npm', ['install', '-g', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', tarball], { timeoutMs: 300_000 });
  console.log(`    npm install -g of ${tarball.split('/').pop()}: exit ${inst.code} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  assert.is(inst.code, 0, inst.out);
  assert.ok(existsSync(join(installed, 'dist', 'lab', 'standins', 'vagrant.js')), 'the compiled stand-ins are shipped');
  // What an installed package must not need: the sources, the test tooling.
  for (const absent of ['src', 'tests', 'node_modules/tsx', 'node_modules/typescript']) {
    assert.not.ok(existsSync(join(installed, absent)), `${absent} is not in the installed package`);
  }
  const v = await run(runbookBin, ['--version']);
  assert.is(v.code, 0, v.out);
  assert.is(v.out.trim(), pkg.version);
});

t('the installed runbook: lab up --seed, apply site.yaml, a rerun changes nothing', async () => {
  const up = await run(runbookBin, ['lab', 'up', '--seed', '--owner', String(process.pid), '--wait', String(LAB_WAIT_MS / 1000)], { timeoutMs: LAB_WAIT_MS + 120_000 });
  upped = true;
  assert.is(up.code, 0, up.out);
  assert.match(up.out, /seed lab up in /);
  // The launchers the lab's inventory names are the installed package's, running its compiled stand-ins.
  assert.match(readFileSync(seedPaths().inventory, 'utf8'), new RegExp(`vagrant: ${installed}/bin/standins/vagrant`));

  const first = await applySite();
  console.log(`    first apply: exit ${first.code}, changed ${changedCounts(first.out).join('/')}`);
  assert.is(first.code, 0, first.out);
  assert.ok(changedCounts(first.out).some((n) => n > 0), 'the first run built the seed');
  const second = await applySite();
  assert.is(second.code, 0, second.out);
  const counts = changedCounts(second.out);
  assert.is(counts.length, 2, `a recap line for the workstation and the VM:\n${second.out}`);
  assert.equal(counts, [0, 0], second.out);
});

test.run();
