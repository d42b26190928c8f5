#!/usr/bin/env node
// Processes started per task per host on a no-op rerun, and the rerun's time and peak memory, for runbook
// alone on N lab hosts. Two counts: on the hosts, exactly (each lab host is a PID namespace: its last PID
// read before and after the run, the reader's own PID taken off; the first run's count is given too), and on the whole machine (`processes` in
// /proc/stat: every fork and thread of everyone on this shared machine — runbook's own threads included —
// so only an upper bound when others are busy). Playbooks: `bench` (the 50-task bench playbook)
// and `dirs` (20 `file` directories + 20 `lineinfile` on one file). Not a test: it asserts nothing.
// --converge-once: converge the largest subset once, then only no-op reruns for each size.
// --subsets 5,60,100 runs on the first 5, 60, 100 hosts of one lab of --hosts (one lab up for every size).
//   node bench/processes.mjs [--hosts 5] [--subsets 5,60] [--playbook bench|dirs|both] [--reruns 3] [--runbook A/bin/runbook.js,B/bin/runbook.js]

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { inHost, openBenchLab, resetScript } from './lib/lab.mjs';
import { REPO, RUNBOOK, finalFailure, recapEvent } from './lib/runbook.mjs';
import { run } from './lib/proc.mjs';
import { ROOT } from './gen-playbooks.mjs';
import { parse, stringify } from 'yaml';

const { values } = parseArgs({ options: { hosts: { type: 'string', default: '5' }, playbook: { type: 'string', default: 'both' }, reruns: { type: 'string', default: '3' }, subsets: { type: 'string' }, 'converge-once': { type: 'boolean', default: false }, runbook: { type: 'string', default: RUNBOOK }, 'lab-wait': { type: 'string', default: '900' } } });
const log = (s) => console.log(s);

/** 20 directories, then 20 lines in one file: the mix the issue measured (40 tasks). */
function dirsPlaybook(dir) {
  const tasks = [];
  for (let i = 1; i <= 20; i++) tasks.push(`    - name: dir ${i}\n      file: { path: ${ROOT}/dirs/d${i}, state: directory, mode: "0755" }`);
  for (let i = 1; i <= 20; i++) tasks.push(`    - name: line ${i}\n      lineinfile: { path: ${ROOT}/lines.conf, regexp: "^key_${i}\\\\s*=", line: "key_${i} = ${i}", create: true, mode: "0644" }`);
  const file = join(dir, 'dirs-40.yaml');
  writeFileSync(file, `- name: 20 directories + 20 lines\n  hosts: lab\n  gather_facts: false\n  tasks:\n${tasks.join('\n')}\n`);
  return { file, tasks: 40 };
}

/** The CLI given (this checkout's by default, another build's to compare), as the bench runs it. */
async function runRunbook(playbook, inventory, opts) {
  const r = await run(process.execPath, [opts.bin, 'apply', playbook, '-i', inventory, '--json'], opts);
  const recap = recapEvent(r.stdout);
  return { ...r, recap: recap?.stats ?? {}, commands: recap?.commands };
}

const machineProcesses = () => Number(/^processes (\d+)/m.exec(readFileSync('/proc/stat', 'utf8'))[1]);
// The reader's own PID inside the host's PID namespace: PIDs are given in increasing order there, so the
// difference of two reads, less one (the second reader), is the number of processes the host started.
const lastPids = (lab) => Promise.all(lab.subset.map((h) => inHost(h, 'echo $$').then(Number)));
/** Processes the hosts started between two lastPids reads (each read's own reader taken off). */
const startedOnHosts = (before, after) => after.reduce((n, a, k) => n + (a - before[k] - 1), 0);

/** A first run on the subset's hosts, from clean (untimed reset); the reruns measure what follows. */
async function firstRun(lab, pb, inventory, bin) {
  await Promise.all(lab.subset.map((h) => inHost(h, resetScript(ROOT))));
  const before = await lastPids(lab);
  const first = await runRunbook(pb.file, inventory, { bin, rssFile: join(tmp, 'rss'), timeoutMs: 1_800_000 });
  if (first.code !== 0) throw new Error(`first run failed (exit ${first.code}): ${finalFailure(first.stdout) ?? first.stderr.trim()}`);
  const after = await lastPids(lab);
  const onHosts = startedOnHosts(before, after) / (lab.subset.length * pb.tasks);
  const commands = Math.max(...Object.values(first.commands ?? { x: 0 }));
  log(`  first run ${(first.ms / 1000).toFixed(2)} s, peak RSS ${(first.maxRssKb / 1024).toFixed(0)} MB, processes per task per host on the hosts ${onHosts.toFixed(2)}, commands per host ${commands}`);
}

async function measure(lab, pb, inventory, reruns, bin, skipFirst) {
  if (!skipFirst) await firstRun(lab, pb, inventory, bin);
  const rows = [];
  for (let i = 0; i < reruns; i++) {
    const before = await lastPids(lab);
    const p0 = machineProcesses();
    const r = await runRunbook(pb.file, inventory, { bin, rssFile: join(tmp, 'rss'), timeoutMs: 1_800_000 });
    const machine = machineProcesses() - p0;
    const after = await lastPids(lab);
    const changed = Object.values(r.recap).reduce((n, s) => n + s.changed, 0);
    if (r.code !== 0 || changed !== 0) throw new Error(`rerun not a no-op (exit ${r.code}, ${changed} changed): ${finalFailure(r.stdout) ?? r.stderr.trim()}`);
    if (i === 0) log(`  (host PIDs before ${before.join(' ')}, after ${after.join(' ')})`);
    const onHosts = startedOnHosts(before, after);
    const n = lab.subset.length * pb.tasks;
    const warnings = r.stderr.split('\n').filter((l) => /Warning/.test(l));
    rows.push({ ms: r.ms, rssMb: r.maxRssKb / 1024, onHosts: onHosts / n, machine: machine / n, commands: Math.max(...Object.values(r.commands ?? { x: 0 })) });
    log(`  rerun ${i + 1}: ${(r.ms / 1000).toFixed(2)} s, peak RSS ${(r.maxRssKb / 1024).toFixed(0)} MB, processes per task per host: hosts ${(onHosts / n).toFixed(3)}, machine ${(machine / n).toFixed(3)} (machine total ${machine}, everyone's), commands per host ${rows.at(-1).commands}${warnings.length ? `, WARNINGS: ${warnings.join(' | ')}` : ''}`);
  }
  const med = (k) => rows.map((r) => r[k]).sort((a, b) => a - b)[Math.floor(rows.length / 2)];
  log(`  median of ${reruns}: rerun ${(med('ms') / 1000).toFixed(2)} s, peak RSS ${med('rssMb').toFixed(0)} MB, processes per task per host: hosts ${med('onHosts').toFixed(3)}, machine ${med('machine').toFixed(3)}`);
}

/** The lab's inventory with only `names` in it. */
function subsetInventory(file, names) {
  const doc = parse(readFileSync(file, 'utf8'));
  for (const group of Object.values(doc.all.children.lab.children)) {
    for (const h of Object.keys(group.hosts ?? {})) if (!names.has(h)) delete group.hosts[h];
  }
  const out = join(tmp, `inventory-${names.size}.yaml`);
  writeFileSync(out, stringify(doc));
  return out;
}

const tmp = mkdtempSync('/tmp/runbook-procs-');
process.stdout.on('error', () => {});
const n = Number(values.hosts);
const lab = await openBenchLab(n, { waitS: Number(values['lab-wait']), log });
try {
  const pbs = [];
  if (values.playbook !== 'dirs') pbs.push({ name: 'bench 50 tasks', file: `${REPO}bench/playbooks/runbook-50.yaml`, tasks: 50 });
  if (values.playbook !== 'bench') pbs.push({ name: 'dirs + lineinfile, 40 tasks', ...dirsPlaybook(tmp) });
  const sizes = values.subsets ? values.subsets.split(',').map(Number) : [n];
  // --converge-once: one first run over the largest subset (every host converged), then only reruns.
  const once = values['converge-once'];
  for (const pb of pbs) {
    for (const bin of values.runbook.split(',')) {
      if (once) {
        lab.subset = lab.hosts.slice(0, Math.max(...sizes));
        log(`\n== ${pb.name}: converging ${lab.subset.length} hosts, ${bin}`);
        await firstRun(lab, pb, subsetInventory(lab.state.inventoryFile, new Set(lab.subset.map((h) => h.name))), bin);
      }
      for (const size of sizes) {
        lab.subset = lab.hosts.slice(0, size);
        const inventory = subsetInventory(lab.state.inventoryFile, new Set(lab.subset.map((h) => h.name)));
        log(`\n== ${pb.name}, ${size} hosts, ${bin}`);
        await measure(lab, pb, inventory, Number(values.reruns), bin, once);
      }
    }
  }
} finally {
  await lab.down();
  rmSync(tmp, { recursive: true, force: true });
}
