#!/usr/bin/env node
// Quick check (< 1 min) of runbook's SSH use on a no-op rerun: 20 tasks × 5 lab hosts. Converges the hosts
// with the CLI (untimed), times a CLI rerun, then runs the executor in-process with instrumented connections
// and prints SSH channel opens (= commands) and protocol round trips per task per host.
// Run after `npm run build`: node bench/channels.mjs [--hosts 5]

import { parseArgs } from 'node:util';
import { instrumentedRun, loadExecutor, perTask } from './lib/inproc.mjs';
import { openBenchLab, resetScript } from './lib/lab.mjs';
import { REPO, finalFailure, runRunbook } from './lib/runbook.mjs';
import { secs } from './lib/stats.mjs';
import { ROOT } from './gen-playbooks.mjs';

const PLAYBOOK = `${REPO}bench/playbooks/runbook-20.yaml`;
const { values } = parseArgs({ options: { hosts: { type: 'string', default: '5' }, 'lab-wait': { type: 'string', default: '600' } } });
const hosts = Number(values.hosts);

// A closed stdout (`| head`) must not kill the run before its lab is down.
process.stdout.on('error', () => {});

async function main() {
  console.log(`channels: 20 tasks × ${hosts} hosts, no-op rerun`);
  const lab = await openBenchLab(hosts, { waitS: Number(values['lab-wait']) });
  try {
    await lab.onEach(resetScript(ROOT));
    const first = await runRunbook(PLAYBOOK, lab.state.inventoryFile, { timeoutMs: 120_000 });
    if (first.code !== 0) throw new Error(`converging run failed (exit ${first.code}): ${finalFailure(first.stdout) ?? first.stderr.trim()}`);
    console.log(`  converged (first run ${secs(first.ms)})`);
    const rerun = await runRunbook(PLAYBOOK, lab.state.inventoryFile, { timeoutMs: 120_000 });
    if (rerun.code !== 0) throw new Error(`rerun failed (exit ${rerun.code}): ${finalFailure(rerun.stdout) ?? rerun.stderr.trim()}`);
    console.log(`  CLI rerun wall time: ${secs(rerun.ms)}`);

    const r = await instrumentedRun(await loadExecutor(), PLAYBOOK, lab.state.inventoryFile);
    if (r.exitCode !== 0) throw new Error(`in-process rerun failed: ${r.failures.slice(0, 3).join('; ')}`);
    const p = perTask(r);
    console.log(`  in-process rerun: ${secs(r.phases.total)} (connect ${secs(r.phases.connect)}, tasks ${secs(r.phases.tasks)}, close ${secs(r.phases.close)})\n`);
    console.log('  task                      channel opens/host  round trips/host  task wall   commands');
    for (const t of p.byTask) {
      const shapes = Object.entries(t.kinds).map(([s, c]) => `${s} ×${c}`).join(', ');
      console.log(`  ${t.name.padEnd(26)}${t.execsPerHost.toFixed(2).padStart(18)}${t.turnsPerHost.toFixed(2).padStart(18)}${`${t.wall.toFixed(0)} ms`.padStart(11)}   ${shapes}`);
    }
    console.log(`\n  per unchanged task per host: ${p.execsPerTaskHost.toFixed(2)} channel opens (max ${p.maxExecsPerTaskHost.toFixed(2)}), ${p.turnsPerTaskHost.toFixed(2)} SSH round trips; median command ${p.execLatency.toFixed(1)} ms`);
  } finally {
    await lab.down();
  }
}

main().catch((e) => {
  console.error(`channels: ${e?.message ?? e}`);
  process.exitCode = 1;
});
