#!/usr/bin/env node
// `npm run bench`: runbook against ansible-core on lab hosts, side by side in one run (the machine is shared
// and noisy: only figures measured together are compared). For each host count: bring up a lab, warm up
// both tools and check they write the same files, then alternate ansible-core / runbook, each doing a first
// run on clean hosts and a no-op rerun; at the largest count, one instrumented in-process rerun counts
// runbook's SSH commands and round trips per task. Also `runbook --version` start-up. Prints a table and
// writes bench/RESULTS.md. Options: node bench/run.mjs --help. Not a test: it asserts nothing about speed.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ansibleWorkspace, checkAnsible, runAnsible } from './lib/ansible.mjs';
import { hostCpu, machineCpu, sshdListeners } from './lib/cpu.mjs';
import { benchOptions, USAGE } from './lib/args.mjs';
import { instrumentedRun, loadExecutor, perTask } from './lib/inproc.mjs';
import { inHost, manifestScript, openBenchLab, resetScript } from './lib/lab.mjs';
import { machine, versions } from './lib/machine.mjs';
import { markdown } from './lib/results.mjs';
import { REPO, RUNBOOK, finalFailure, runRunbook } from './lib/runbook.mjs';
import { secs } from './lib/stats.mjs';
import { ROOT, stale } from './gen-playbooks.mjs';

const PB = { runbook: `${REPO}bench/playbooks/runbook-50.yaml`, ansible: `${REPO}bench/playbooks/ansible-50.yml` };
const TASKS = 50;
const log = (s) => console.log(s);

/** A run is a measurement only if it did the expected work: no failure, every task changed / none changed. */
function check(tool, r, phase, hosts) {
  if (r.timedOut) return `${tool} ${phase}: killed after the time limit`;
  const want = phase === 'first' ? TASKS : 0;
  const bad = hosts.filter((h) => {
    const s = r.recap[h.name];
    return !s || s.failed || s.unreachable || s.changed !== want;
  });
  if (r.code === 0 && bad.length === 0) return undefined;
  const why = tool === 'runbook' ? finalFailure(r.stdout) : r.stdout.split('\n').find((l) => /fatal:|FAILED!/.test(l));
  const recap = bad.slice(0, 3).map((h) => `${h.name} ${JSON.stringify(r.recap[h.name] ?? 'no recap')}`).join('; ');
  return `${tool} ${phase} (exit ${r.code}): ${why ?? (r.stderr.trim().split('\n').slice(-3).join(' ') || recap)}${recap ? ` [expected changed=${want}: ${recap}]` : ''}`;
}

/** `runbook --version` (and, for scale, node starting with nothing to run, and `ansible-playbook --version`). */
function startup(runs) {
  const time = (file, args) => {
    const t0 = process.hrtime.bigint();
    execFileSync(file, args, { stdio: 'ignore', timeout: 60_000 });
    return Number(process.hrtime.bigint() - t0) / 1e6;
  };
  const runbook = [];
  const node = [];
  // Interleaved, so both see the same load.
  for (let i = 0; i < runs; i++) {
    runbook.push(time(process.execPath, [RUNBOOK, '--version']));
    node.push(time(process.execPath, ['-e', '0']));
  }
  let ansible = [];
  try {
    ansible = Array.from({ length: 5 }, () => time('/usr/bin/ansible-playbook', ['--version']));
  } catch {
    // ansible-core missing: the comparison part reports it
  }
  return { runbook, node, ansible };
}

/** Lines runbook printed on stderr in a run that succeeded (warnings a user would see), without the pid. */
function warnings(r) {
  return r.stderr.split('\n').filter((l) => /Warning:/.test(l)).map((l) => l.replace(/^\(node:\d+\) /, ''));
}

async function measureTier(n, opts, tmp, { warmup, ex }) {
  const tier = { runs: opts.runs[n], warmup };
  log(`\n== ${n} host${n === 1 ? '' : 's'}: lab up`);
  let lab;
  try {
    lab = await labWithRetries(n, opts);
    const ws = ansibleWorkspace(join(tmp, `hosts-${n}`), lab);
    const rss = (tool) => join(tmp, `rss-${tool}`);
    const listeners = sshdListeners(lab.hosts);
    // CPU seconds of the hosts' sessions and of the whole machine around a run (read untimed, after the
    // sessions ended), so the table can say how much of the wall time was the tool, the hosts, or others.
    const withCpu = async (go) => {
      const h0 = hostCpu(listeners);
      const m0 = machineCpu();
      const r = await go();
      await new Promise((res) => setTimeout(res, 300));
      const hostS = hostCpu(listeners) - h0;
      return { ...r, hostS, othersS: Math.max(0, machineCpu() - m0 - hostS - (r.cpuS ?? 0)) };
    };
    const tools = {
      ansible: () => withCpu(() => runAnsible(ws, PB.ansible, { rssFile: rss('ansible'), timeoutMs: opts.timeoutMs })),
      runbook: () => withCpu(() => runRunbook(PB.runbook, lab.state.inventoryFile, { rssFile: rss('runbook'), timeoutMs: opts.timeoutMs })),
    };
    const reset = () => lab.onEach(resetScript(ROOT));
    const manifests = {};
    for (let w = 0; w < warmup; w++) {
      for (const tool of opts.tools) {
        await reset();
        const r = await tools[tool]();
        const problem = check(tool, r, 'first', lab.hosts);
        log(`  warm-up ${tool}: ${secs(r.ms)}${problem ? `  PROBLEM: ${problem}` : ''}`);
      }
    }
    const live = opts.tools;
    const KEYS = ['first', 'rerun', 'rssFirst', 'rssRerun', 'cmdsFirst', 'cmdsRerun', 'cpuFirst', 'cpuRerun', 'hostFirst', 'hostRerun', 'othersFirst', 'othersRerun'];
    for (const tool of live) tier[tool] = Object.fromEntries(KEYS.map((k) => [k, []]));
    for (let i = 1; i <= tier.runs; i++) {
      for (const tool of live) {
        if (tier[tool].error) continue;
        await reset();
        const first = await tools[tool]();
        // What the first run wrote, read back untimed before the rerun, to compare the tools.
        if (i === 1 && first.code === 0) manifests[tool] = await Promise.all(lab.hosts.map((h) => inHost(h, manifestScript(ROOT))));
        const rerun = await tools[tool]();
        const problem = check(tool, first, 'first', lab.hosts) ?? check(tool, rerun, 'rerun', lab.hosts);
        const cpu = (r) => `${r.cpuS?.toFixed(1)}+${r.hostS.toFixed(1)}+${r.othersS.toFixed(1)}`;
        log(`  run ${i}/${tier.runs} ${tool.padEnd(7)} first ${secs(first.ms).padStart(7)}  rerun ${secs(rerun.ms).padStart(7)}  peak RSS ${(first.maxRssKb / 1024).toFixed(0)}/${(rerun.maxRssKb / 1024).toFixed(0)} MB  CPU s tool+hosts+others ${cpu(first)} / ${cpu(rerun)}${problem ? `  PROBLEM: ${problem}` : ''}`);
        if (problem) {
          tier[tool].error = problem;
          continue;
        }
        tier[tool].first.push(first.ms);
        tier[tool].rerun.push(rerun.ms);
        tier[tool].rssFirst.push(first.maxRssKb);
        tier[tool].rssRerun.push(rerun.maxRssKb);
        if (tool === 'runbook') for (const w of [...warnings(first), ...warnings(rerun)]) (tier.runbookWarnings ??= new Set()).add(w);
        for (const [phase, r] of [['First', first], ['Rerun', rerun]]) {
          tier[tool][`cpu${phase}`].push(r.cpuS);
          tier[tool][`host${phase}`].push(r.hostS);
          tier[tool][`others${phase}`].push(r.othersS);
        }
        // runbook's recap says how many commands each host was sent (the most any host got).
        if (first.commands) tier[tool].cmdsFirst.push(Math.max(...Object.values(first.commands)));
        if (rerun.commands) tier[tool].cmdsRerun.push(Math.max(...Object.values(rerun.commands)));
      }
    }
    tier.runbookWarnings = [...(tier.runbookWarnings ?? [])];
    tier.same = compareManifests(manifests, lab.hosts);
    log(`  same files, modes and contents from both tools: ${tier.same}`);
    if (opts.tools.includes('runbook') && !tier.runbook?.error) {
      try {
        await reset();
        tier.inproc = { first: await inproc(ex, lab, 'first'), rerun: await inproc(ex, lab, 'rerun') };
      } catch (e) {
        tier.inprocError = e.message;
        log(`  PROBLEM: ${e.message}`);
      }
    }
  } catch (e) {
    tier.error = (e && e.message) || String(e);
    log(`  ERROR: ${tier.error}`);
  } finally {
    if (lab) {
      await lab.down();
      log(`  lab down`);
    }
  }
  return tier;
}

/**
 * `lab up`, tried three times: a lab host sometimes fails to start (sshd rejects its generated host key, see
 * bench/README.md), and one bad key should not cost the whole bench.
 */
async function labWithRetries(n, opts) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await openBenchLab(n, { waitS: opts.labWaitS, log });
    } catch (e) {
      if (attempt >= 3) throw e;
      log(`  lab up failed (${e.message}); trying again`);
    }
  }
}

/** One instrumented run in this process: `first` on clean hosts, then `rerun` on the converged ones. */
async function inproc(ex, lab, phase) {
  const r = await instrumentedRun(ex, PB.runbook, lab.state.inventoryFile);
  const want = phase === 'first' ? TASKS : 0;
  const bad = Object.values(r.stats).some((s) => s.changed !== want || s.failed || s.unreachable);
  if (r.exitCode !== 0 || bad) {
    throw new Error(`instrumented ${phase} run did not do the expected work (exit ${r.exitCode}): ${r.failures.slice(0, 3).join('; ') || JSON.stringify(r.stats)}`);
  }
  const p = perTask(r);
  log(`  in-process ${phase.padEnd(5)} ${secs(r.phases.total)}: ${p.execsPerTaskHost.toFixed(2)} commands, ${p.turnsPerTaskHost.toFixed(2)} SSH round trips per task per host`);
  return p;
}

function compareManifests(m, hosts) {
  if (!m.ansible || !m.runbook) return 'not compared (one tool did not run or failed)';
  const diff = hosts.filter((_, i) => m.ansible[i] !== m.runbook[i]);
  if (diff.length === 0) return `yes, on all ${hosts.length} hosts`;
  const i = hosts.indexOf(diff[0]);
  const a = m.ansible[i].split('\n');
  const b = m.runbook[i].split('\n');
  const lines = [...new Set([...a.filter((l) => !b.includes(l)).map((l) => `ansible: ${l}`), ...b.filter((l) => !a.includes(l)).map((l) => `runbook: ${l}`)])];
  return `NO, differs on ${diff.map((h) => h.name).join(' ')}: ${lines.slice(0, 6).join(' | ')}`;
}

// A closed stdout (`| head`) must not kill the run before its lab is down.
process.stdout.on('error', () => {});

async function main() {
  const opts = benchOptions(process.argv.slice(2));
  if (opts.help) return void process.stdout.write(USAGE);
  if (opts.render) return void process.stdout.write(markdown(JSON.parse(readFileSync(opts.render, 'utf8'))));
  if (opts.tools.includes('ansible')) checkAnsible();
  const old = stale();
  if (old.length) throw new Error(`generated playbooks are out of date (${old.join(', ')}): run node bench/gen-playbooks.mjs`);
  const t0 = Date.now();
  const command = `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`;
  const tmp = mkdtempSync('/tmp/runbook-bench-');
  const results = { date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'), command, machine: machine(), versions: versions(), tiers: {} };
  log(`runbook bench — ${results.versions.runbook}, ansible-core ${results.versions.ansible}; work dir ${tmp}`);
  try {
    log(`\n== start-up: runbook --version and node -e 0 × ${opts.startupRuns}, ansible-playbook --version × 5`);
    results.startup = startup(opts.startupRuns);
    const ex = opts.tools.includes('runbook') ? await loadExecutor() : undefined;
    results.importMs = ex?.importMs;
    // Warm-up (caches of both tools, and of the hosts' files) once, before the first host count.
    for (const [i, n] of opts.hosts.entries()) results.tiers[n] = await measureTier(n, opts, tmp, { warmup: i === 0 ? opts.warmup : 0, ex });
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  results.sameOutput = Object.entries(results.tiers).map(([n, t]) => `${n} host${n === '1' ? '' : 's'}: ${t.same ?? 'not compared'}`).join('; ');
  results.totalMs = Date.now() - t0;
  // The raw figures beside the table, so the Markdown can be re-rendered (node bench/run.mjs --render FILE).
  if (opts.out) writeFileSync(resolve(REPO, opts.out.replace(/\.md$/, '.json')), `${JSON.stringify(results, null, 1)}\n`);
  const md = markdown(results);
  log(`\n${md}`);
  if (opts.out) {
    writeFileSync(resolve(REPO, opts.out), md);
    log(`wrote ${resolve(REPO, opts.out)}`);
  }
}

main().catch((e) => {
  console.error(`bench: ${e?.message ?? e}`);
  process.exitCode = 1;
});
