// The Markdown report (bench/RESULTS.md and the end of the console output), from the bench's results.

import { median, ratio, secs, spread, times } from './stats.mjs';

export const TARGETS = { rerun: 80, first: 20, execsPerTask: 1, startupMs: 150, rssMb: 150 };

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
  const ip = t20.inproc?.rerun;
  const ipFirst = t20.inproc?.first;
  const runsText = Object.entries(r.tiers).map(([n, t]) => `${n} host${n === '1' ? '' : 's'}: ${t.runs} each`).join(', ');
  const lines = [
    '# runbook vs ansible-core: bench results',
    '',
    `Measured ${r.date} with \`${r.command}\` (the whole bench took ${secs(r.totalMs)}).`,
    '',
    `Same 50-task playbook for both tools (\`bench/playbooks/\`: 10 × file directory, copy, lineinfile, template/file_template, command with \`creates\`), against lab hosts on this machine. Timed runs alternate ansible-core, runbook, ansible-core, runbook… (${runsText}; one untimed warm-up run of each tool first). A "first run" starts from hosts whose target directory was removed (untimed); the "no-op rerun" follows it. ansible-core: pipelining on, \`gather_facts: false\`, forks = hosts, ControlPersist masters closed between runs (each run starts cold, as runbook's do). runbook: the built CLI, \`node bin/runbook.js apply … --json\`. Times are wall-clock of the whole command: median (min–max). Every timed run was checked: exit 0, no failed host, 50 changed tasks per host on a first run, 0 on a rerun.`,
    '',
    `What both tools wrote (type, mode, owner, size and md5 of every path, host by host, after the first timed first run): ${r.sameOutput}.`,
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
    `| commands per unchanged task per host (in the host's persistent shell or on a channel of their own), no-op rerun, ${top} hosts | ${ip ? `${ip.execsPerTaskHost.toFixed(2)} (the most for one task: ${ip.maxExecsPerTaskHost.toFixed(2)})` : '—'} | ≤ 1 | ${ip ? verdict(ip.maxExecsPerTaskHost <= TARGETS.execsPerTask) : ''} |`,
    `| SSH channel opens per task per host, ${top} hosts: first run / no-op rerun | ${ipFirst && ip ? `${ipFirst.channelsPerTaskHost.toFixed(2)} / ${ip.channelsPerTaskHost.toFixed(2)}` : '—'} | | |`,
    `| SSH protocol round trips per unchanged task per host (see note) | ${ip ? `${ip.turnsPerTaskHost.toFixed(2)} (the most for one task: ${ip.maxTurnsPerTaskHost.toFixed(2)})` : '—'} | | |`,
    `| SSH commands per host per run, from the CLI's recap, ${top} hosts: first run / no-op rerun | ${cmds(t20.runbook?.cmdsFirst)} / ${cmds(t20.runbook?.cmdsRerun)} | — / ≤ 50 | ${t20.runbook?.cmdsRerun?.length ? verdict(Math.max(...t20.runbook.cmdsRerun) <= 50) : ''} |`,
    `| peak RSS of the runbook process, ${top} hosts (all first runs and reruns) | ${rss.length ? `${mb(median(rss))} (max ${mb(Math.max(...rss))})` : '—'} | < ${TARGETS.rssMb} MB | ${rss.length ? verdict(Math.max(...rss) / 1024 < TARGETS.rssMb) : ''} |`,
    `| \`runbook --version\`, median of ${r.startup.runbook.length} | ${ms(median(r.startup.runbook))} (${ms(Math.min(...r.startup.runbook))}–${ms(Math.max(...r.startup.runbook))}) | < ${TARGETS.startupMs} ms | ${verdict(median(r.startup.runbook) < TARGETS.startupMs)} |`,
    '',
    `For context: peak RSS of ansible-playbook's largest process at ${top} hosts ${ansRss.length ? mb(median(ansRss)) : '—'}; \`ansible-playbook --version\` ${r.startup.ansible.length ? ms(median(r.startup.ansible)) : '—'} (median of ${r.startup.ansible.length})${r.startup.node?.length ? `; \`node -e 0\` (node starting with nothing to do, interleaved with \`runbook --version\`) ${ms(median(r.startup.node))}, so runbook's own share of its start-up is about ${ms(median(r.startup.runbook) - median(r.startup.node))}` : ''}.`,
    '',
    'Round trips: runbook\'s own commands go to one long-lived `sh` per host (the persistent shell): one protocol round trip each (the request written, its framed answer read). The user\'s programs (`command` tasks) run on an SSH channel of their own: two round trips with ssh2 (channel open → confirmation, then exec request → reply). The target "≤ 1 round trip per unchanged task" is read as ≤ 1 command; the protocol count (server answers to our writes on the TCP socket, while tasks run) is given so the network waits can be seen.',
  ];
  const warned = Object.entries(r.tiers).filter(([, t]) => t.runbookWarnings?.length);
  if (warned.length) {
    lines.push('', 'runbook printed these warnings on stderr in runs that otherwise succeeded:', '');
    for (const [n, t] of warned) for (const w of t.runbookWarnings) lines.push(`- ${n} hosts: \`${w}\``);
  }
  lines.push('', ...cpuSection(r));
  lines.push('', ...whereTimeGoes(r, top));
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

function whereTimeGoes(r, top) {
  const out = [
    "## Where runbook's time goes (executor in-process, connections instrumented)",
    '',
    `One first run and one no-op rerun per host count with \`bench/lib/inproc.mjs\` (dist/ executor imported once: ${ms(r.importMs)}; the CLI pays that import and node's start-up on every run). Connection setup is from the first connect started to the last session ready (hosts connect in parallel, on first use, while others already run the first task).`,
    '',
    '| hosts | run | wall | load + compile | connect (each) | tasks | close | controller CPU | commands / task / host | round trips / task / host | median command |',
    '|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const [n, t] of Object.entries(r.tiers)) {
    for (const phase of ['first', 'rerun']) {
      const p = t.inproc?.[phase];
      if (!p) continue;
      const ph = p.phases;
      out.push(`| ${n} | ${phase} | ${secs(ph.total)} | ${ms(ph.loadCompile)} | ${ms(ph.connect)} (${ms(ph.connectEach)}) | ${secs(ph.tasks)} | ${ms(ph.close)} | ${ms(ph.cpuUser + ph.cpuSystem)} (${((ph.cpuUser + ph.cpuSystem) / ph.total * 100).toFixed(0)}% of a core) | ${p.execsPerTaskHost.toFixed(2)} | ${p.turnsPerTaskHost.toFixed(2)} | ${ms(p.execLatency)} |`);
    }
  }
  const ip = r.tiers[top]?.inproc;
  if (!ip) return out;
  out.push('', `Per module at ${top} hosts (commands and round trips per task per host; what the commands were, summed over the module's tasks and all hosts):`, '',
    '| module | tasks | first: task wall | first: commands | first: round trips | rerun: task wall | rerun: commands | rerun: round trips | commands sent (first; rerun) |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---|');
  const mods = byModule(ip.first);
  const modsRe = byModule(ip.rerun);
  for (const [mod, m] of Object.entries(mods)) {
    const q = modsRe[mod] ?? { n: 1, wall: [], execs: 0, turns: 0, kinds: {} };
    const k = (x) => Object.entries(x.kinds).map(([s, c]) => `${s} ×${c}`).join(', ') || 'none';
    out.push(`| ${mod} | ${m.n} | ${ms(median(m.wall))} | ${(m.execs / m.n).toFixed(2)} | ${(m.turns / m.n).toFixed(2)} | ${ms(median(q.wall))} | ${(q.execs / q.n).toFixed(2)} | ${(q.turns / q.n).toFixed(2)} | ${k(m)}; ${k(q)} |`);
  }
  const fb = ip.rerun.factBatches;
  if (fb.length) {
    out.push('', `Rerun fact batches at ${top} hosts (read-ahead): ${fb.length} commands, ${median(fb.map((b) => b.facts))} facts and ${(median(fb.map((b) => b.bytes)) / 1024).toFixed(1)} KiB of script each (median; largest ${Math.max(...fb.map((b) => b.facts))} facts, ${(Math.max(...fb.map((b) => b.bytes)) / 1024).toFixed(1)} KiB), ${ms(median(fb.map((b) => b.ms)))} each from spawn to exit (median; max ${ms(Math.max(...fb.map((b) => b.ms)))}).`);
  }
  return out;
}

/** CPU seconds per run: the tool's own process tree, the hosts' sessions, everything else on the machine. */
function cpuSection(r) {
  const c = (xs) => (xs?.length ? median(xs).toFixed(1) : '—');
  const out = [
    '## CPU seconds per run (median), on the 2 shared cores',
    '',
    "tool = the command's own CPU (user + system, with the processes it waited for: ansible's forks and ssh clients); hosts = what the lab hosts' sshd ran for the run's sessions (ansible's Python modules, runbook's shell commands); others = the rest of the machine's busy time during the run (other engineers' work: noise). Wall × 2 cores is the most CPU a run could get.",
    '',
    '| hosts | run | ansible-core: wall | tool | hosts | others | runbook: wall | tool | hosts | others |',
    '|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  const bounds = [];
  for (const [n, t] of Object.entries(r.tiers)) {
    for (const [phase, key] of [['first', 'First'], ['rerun', 'Rerun']]) {
      const a = t.ansible ?? {};
      // With the hosts' CPU elsewhere, a run still needs its own CPU: ansible's forks spread over 2 cores,
      // runbook's work is one event loop (ssh2 crypto included) on one.
      if (a[`cpu${key}`]?.length && t.runbook?.[`cpu${key}`]?.length) bounds.push(`${n} hosts ${phase}: ansible-core ≥ ${(median(a[`cpu${key}`]) / 2).toFixed(1)} s, runbook ≥ ${median(t.runbook[`cpu${key}`]).toFixed(1)} s (${(median(a[`cpu${key}`]) / 2 / median(t.runbook[`cpu${key}`])).toFixed(0)}×)`);
      const b = t.runbook ?? {};
      out.push(`| ${n} | ${phase} | ${spread(a[phase] ?? []).split(' (')[0]} | ${c(a[`cpu${key}`])} | ${c(a[`host${key}`])} | ${c(a[`others${key}`])} | ${spread(b[phase] ?? []).split(' (')[0]} | ${c(b[`cpu${key}`])} | ${c(b[`host${key}`])} | ${c(b[`others${key}`])} |`);
    }
  }
  if (bounds.length) {
    out.push('', `The lab hosts run on the controller's 2 cores, so their CPU (ansible's Python modules above all) lengthens every run here; on separate hosts it would not. A rough indication, not a measurement — the least wall time each tool's own CPU would still take with the hosts elsewhere (and no network latency): ${bounds.filter((b) => b.startsWith(`${Math.max(...Object.keys(r.tiers).map(Number))} hosts`)).join('; ')}.`);
  }
  return out;
}

function byModule(p) {
  const mods = {};
  for (const t of p.byTask) {
    const m = (mods[t.module] ??= { n: 0, wall: [], execs: 0, turns: 0, kinds: {} });
    m.n++;
    m.wall.push(t.wall);
    m.execs += t.execsPerHost;
    m.turns += t.turnsPerHost;
    for (const [s, c] of Object.entries(t.kinds)) m.kinds[s] = (m.kinds[s] ?? 0) + c;
  }
  return mods;
}
