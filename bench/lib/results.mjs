// The Markdown report (bench/RESULTS.md and the end of the console output), from the bench's results.

import { median, ratio, secs, spread, times } from './stats.mjs';

export const TARGETS = { rerun: 30, first: 10, execsPerTask: 1, startupMs: 150, rssMb: 150 };

const mb = (kb) => (Number.isFinite(kb) ? `${(kb / 1024).toFixed(0)} MB` : '—');
const ms = (x) => (Number.isFinite(x) ? `${x.toFixed(0)} ms` : '—');
const cmds = (xs) => (xs?.length ? `${median(xs)}${Math.max(...xs) !== Math.min(...xs) ? ` (${Math.min(...xs)}–${Math.max(...xs)})` : ''}` : '—');
const verdict = (ok) => (ok === undefined ? '' : ok ? 'met' : '**not met**');

function comparisonRows(r) {
  const rows = [];
  const top = Math.max(...Object.keys(r.tiers).map(Number));
  for (const [phase, label, target] of [['first', 'first run (clean hosts)', TARGETS.first], ['rerun', 'no-op rerun', TARGETS.rerun]]) {
    for (const [n, t] of Object.entries(r.tiers)) {
      const a = t.ansible?.[phase] ?? [];
      const b = t.runbook?.[phase] ?? [];
      const x = ratio(median(a), median(b));
      const tgt = Number(n) === top && top >= 20 ? `≥ ${target}×` : '';
      const failed = [t.error, t.ansible?.error, t.runbook?.error].filter(Boolean).join('; ');
      rows.push(`| ${label} | ${n} | ${spread(a)} | ${spread(b)} | ${times(x)} | ${tgt} | ${failed ? `FAILED: ${failed}` : tgt ? verdict(x >= target) : ''} |`);
    }
  }
  return rows;
}

export function markdown(r) {
  const top = Math.max(...Object.keys(r.tiers).map(Number));
  const t20 = r.tiers[top] ?? {};
  const rss = [...(t20.runbook?.rssFirst ?? []), ...(t20.runbook?.rssRerun ?? [])];
  const ansRss = [...(t20.ansible?.rssFirst ?? []), ...(t20.ansible?.rssRerun ?? [])];
  const ip = r.inproc;
  const runsText = Object.entries(r.tiers).map(([n, t]) => `${n} host${n === '1' ? '' : 's'}: ${t.runs} timed + ${t.warmup} warm-up`).join('; ');
  const lines = [
    '# runbook vs ansible-core: bench results',
    '',
    `Measured ${r.date} with \`${r.command}\` (total ${secs(r.totalMs)}).`,
    `Same 50-task playbook for both tools (\`bench/playbooks/\`: 10 × file directory, copy, lineinfile, template/file_template, command with \`creates\`), against lab hosts on this machine. Runs alternate ansible-core, runbook, ansible-core, runbook… (${runsText}); each "first run" starts from hosts whose target directory was removed (untimed), the "no-op rerun" follows it. ansible-core: pipelining on, \`gather_facts: false\`, forks = hosts, ControlPersist masters closed between runs (each run starts cold, as runbook's do). runbook: the built CLI, \`node bin/runbook.js apply … --json\`. Times are wall-clock of the whole command: median (min–max).`,
    `What both tools wrote was compared host by host after the warm-up runs (type, mode, owner, size, md5 of every path): ${r.sameOutput}.`,
    '',
    '## Side by side',
    '',
    '| measure | hosts | ansible-core | runbook | ansible / runbook | target | |',
    '|---|---:|---:|---:|---:|---:|---|',
    ...comparisonRows(r),
    '',
    '## runbook budgets',
    '',
    '| measure | runbook | target | |',
    '|---|---:|---:|---|',
    `| SSH commands (channel opens) per unchanged task per host, rerun, ${ip?.hosts ?? '?'} hosts | ${ip ? `${ip.execsPerTaskHost.toFixed(2)} (max ${ip.maxExecsPerTaskHost.toFixed(2)} for one task)` : '—'} | ≤ 1 | ${ip ? verdict(ip.maxExecsPerTaskHost <= TARGETS.execsPerTask) : ''} |`,
    `| SSH protocol round trips (server answers to our writes) per unchanged task per host | ${ip ? `${ip.turnsPerTaskHost.toFixed(2)} (max ${ip.maxTurnsPerTaskHost.toFixed(2)})` : '—'} | | see note |`,
    `| SSH commands per host per run, from the CLI's recap, ${top} hosts: first run / no-op rerun (50 tasks) | ${cmds(t20.runbook?.cmdsFirst)} / ${cmds(t20.runbook?.cmdsRerun)} | — / ≤ 50 | ${t20.runbook?.cmdsRerun?.length ? verdict(Math.max(...t20.runbook.cmdsRerun) <= 50) : ''} |`,
    `| peak RSS of the runbook process, ${top} hosts (first runs and reruns) | ${rss.length ? `${mb(median(rss))} (max ${mb(Math.max(...rss))})` : '—'} | < ${TARGETS.rssMb} MB | ${rss.length ? verdict(Math.max(...rss) / 1024 < TARGETS.rssMb) : ''} |`,
    `| \`runbook --version\`, median of ${r.startup.runbook.length} | ${ms(median(r.startup.runbook))} (${ms(Math.min(...r.startup.runbook))}–${ms(Math.max(...r.startup.runbook))}) | < ${TARGETS.startupMs} ms | ${verdict(median(r.startup.runbook) < TARGETS.startupMs)} |`,
    '',
    `For context: peak RSS of ansible-playbook's largest process at ${top} hosts ${ansRss.length ? mb(median(ansRss)) : '—'}; \`ansible-playbook --version\` ${r.startup.ansible.length ? ms(median(r.startup.ansible)) : '—'} (median of ${r.startup.ansible.length}).`,
    'Round trips: every runbook command is one SSH channel open; with ssh2 a command costs two protocol round trips (channel open → confirmation, then exec request → reply), so "1 round trip per task" in the sense of the target means one command; the protocol count is given so the lead can see the real network waits.',
  ];
  if (ip) lines.push('', ...inprocSection(ip));
  lines.push(
    '',
    '## Machine and versions',
    '',
    `- machine: ${r.machine.cpu}, ${r.machine.ram} RAM, ${r.machine.kernel}, ${r.machine.os}; shared with other engineers (noisy: compare only within this table)`,
    `- node ${r.versions.node}; runbook ${r.versions.runbook}; ansible-core ${r.versions.ansible} on ${r.versions.python}; ${r.versions.openssh}`,
    `- date: ${r.date}`,
    `- command: \`${r.command}\``,
    '',
  );
  return lines.join('\n');
}

function inprocSection(ip) {
  const p = ip.phases;
  const byModule = {};
  for (const t of ip.byTask) {
    const m = (byModule[t.module] ??= { n: 0, wall: [], execs: 0, turns: 0, latency: [], shapes: {} });
    m.n++;
    m.wall.push(t.wall);
    m.execs += t.execsPerHost;
    m.turns += t.turnsPerHost;
    if (Number.isFinite(t.latency)) m.latency.push(t.latency);
    for (const [s, c] of Object.entries(t.shapes)) m.shapes[s] = (m.shapes[s] ?? 0) + c;
  }
  return [
    `## Where runbook's time goes: no-op rerun, ${ip.hosts} hosts, executor in-process`,
    '',
    `One instrumented rerun (\`bench/lib/inproc.mjs\`: dist/ executor, connections wrapped from outside). Wall ${secs(p.total)}: load + compile ${ms(p.loadCompile)}, connection setup ${ms(p.connect)} (all hosts in parallel; median ${ms(p.connectEach)} each), tasks ${secs(p.tasks)} (${ms(p.tasks / Math.max(1, ip.byTask.length))} per task for all hosts), close ${ms(p.close)}. Controller CPU: ${ms(p.cpuUser)} user + ${ms(p.cpuSystem)} system (${((p.cpuUser + p.cpuSystem) / p.total * 100).toFixed(0)}% of one core over the wall time). Median command latency (spawn → exit): ${ms(ip.execLatency)}.`,
    '',
    '| module | tasks | median task wall (all hosts) | commands / task / host | round trips / task / host | commands |',
    '|---|---:|---:|---:|---:|---|',
    ...Object.entries(byModule).map(([mod, m]) => `| ${mod} | ${m.n} | ${ms(median(m.wall))} | ${(m.execs / m.n).toFixed(2)} | ${(m.turns / m.n).toFixed(2)} | ${Object.entries(m.shapes).map(([s, c]) => `${s} ×${c}`).join(', ')} |`),
  ];
}
