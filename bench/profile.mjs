#!/usr/bin/env node
// Where runbook's controller CPU goes on the 50-task bench playbook: brings up N lab hosts (default 20),
// converges them (untimed), then runs the CLI under `node --cpu-prof` for a first run (clean hosts) and a
// no-op rerun, and prints self time by place (package / runbook file / node internals / GC / idle) and by
// function. Keeps the .cpuprofile files (open them in Chrome DevTools) when --keep DIR is given.
// Run after `npm run build`: node bench/profile.mjs [--hosts 20] [--keep /tmp/prof]

import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { summariseProfile } from './lib/cpuprofile.mjs';
import { openBenchLab, resetScript } from './lib/lab.mjs';
import { REPO, finalFailure, runRunbook } from './lib/runbook.mjs';
import { secs } from './lib/stats.mjs';
import { ROOT } from './gen-playbooks.mjs';

const PLAYBOOK = `${REPO}bench/playbooks/runbook-50.yaml`;
const { values } = parseArgs({ options: { hosts: { type: 'string', default: '20' }, keep: { type: 'string' }, top: { type: 'string', default: '15' }, 'lab-wait': { type: 'string', default: '900' } } });

async function profiled(lab, dir, label) {
  const out = join(dir, label);
  mkdirSync(out, { recursive: true });
  const r = await runRunbook(PLAYBOOK, lab.state.inventoryFile, { timeoutMs: 300_000, nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${out}`], rssFile: join(dir, 'rss') });
  if (r.code !== 0) throw new Error(`${label} failed (exit ${r.code}): ${finalFailure(r.stdout) ?? r.stderr.trim()}`);
  const file = join(out, readdirSync(out).find((f) => f.endsWith('.cpuprofile')));
  const s = summariseProfile(file, Number(values.top));
  const commands = Object.values(JSON.parse(r.stdout.trim().split('\n').filter((l) => l.includes('"recap"')).pop() ?? '{}').commands ?? {});
  console.log(`\n== ${label}: wall ${secs(r.ms)}, peak RSS ${(r.maxRssKb / 1024).toFixed(0)} MB, sampled ${secs(s.totalMs)}, commands per host ${commands.length ? Math.max(...commands) : '?'}`);
  console.log('  self time by place:');
  for (const p of s.places) console.log(`    ${p.ms.toFixed(0).padStart(7)} ms ${p.pct.toFixed(1).padStart(5)}%  ${p.what}`);
  console.log('  self time by function:');
  for (const f of s.functions) console.log(`    ${f.ms.toFixed(0).padStart(7)} ms ${f.pct.toFixed(1).padStart(5)}%  ${f.what}`);
  if (values.keep) {
    mkdirSync(values.keep, { recursive: true });
    copyFileSync(file, join(values.keep, `${label}.cpuprofile`));
  }
}

// A closed stdout (`| head`) must not kill the run before its lab is down.
process.stdout.on('error', () => {});

async function main() {
  const hosts = Number(values.hosts);
  const dir = mkdtempSync('/tmp/runbook-profile-');
  console.log(`profile: 50 tasks × ${hosts} hosts`);
  const lab = await openBenchLab(hosts, { waitS: Number(values['lab-wait']) });
  try {
    // Warm the hosts' caches and known_hosts with one untimed run, then measure from clean hosts.
    await runRunbook(PLAYBOOK, lab.state.inventoryFile, { timeoutMs: 300_000 });
    await lab.onEach(resetScript(ROOT));
    await profiled(lab, dir, 'first-run');
    await profiled(lab, dir, 'rerun');
  } finally {
    await lab.down();
    rmSync(dir, { recursive: true, force: true });
  }
  if (values.keep) console.log(`\nprofiles kept in ${values.keep}`);
}

main().catch((e) => {
  console.error(`profile: ${e?.message ?? e}`);
  process.exitCode = 1;
});
