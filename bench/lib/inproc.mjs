// runbook's executor run in this process (from dist/), with its connections instrumented from the outside
// — no file under src/ is changed: runPlaybook takes an `open` function (tests inject one), and we hand it
// SSH transports whose `spawn` and `close` we wrap. What we learn per run:
//   - commands: every command a connection ran (in the host's persistent shell or on a channel of its own),
//     charged to the task that was running (the linear strategy runs one task on all hosts before the next,
//     so task-start events delimit them), with its size, kind and latency; and the SSH channels opened;
//   - SSH protocol round trips per task (turns.mjs);
//   - phases: load + compile, connection setup, tasks, close; controller CPU time against wall time.

import { setMaxListeners } from 'node:events';
import { median } from './stats.mjs';
import { trackSockets } from './turns.mjs';

const dist = (p) => new URL(`../../dist/${p}`, import.meta.url).href;

/** Import the executor once; the import time is start-up cost the CLI pays on every run. */
export async function loadExecutor() {
  const t0 = performance.now();
  const mods = {
    ...(await import(dist('engine/inventory/index.js'))),
    ...(await import(dist('engine/compile/index.js'))),
    ...(await import(dist('modules/index.js'))),
    ...(await import(dist('engine/execute/run-playbook.js'))),
    ...(await import(dist('engine/connection/open.js'))),
    ...(await import(dist('engine/connection/shell-connection.js'))),
  };
  return { ...mods, importMs: performance.now() - t0 };
}

/** What kind of command an exec was, for the per-module breakdown: its program, not its arguments. */
function kindOf(command) {
  if (command.includes('RUNBOOK-FACT-')) return 'fact batch';
  if (command.includes('runbook-put')) return 'put';
  const words = command.trim().split(/\s+/);
  if (words[0] === 'sh' && words[1] === '-c') {
    const inner = (words[2] ?? '').replace(/^'/, '');
    return inner === 'set' ? 'sh -c script' : `sh -c ${inner}`;
  }
  return words.slice(0, 2).join(' ');
}

/** Run `playbookFile` over `inventoryFile` in-process; the run's recap and the measurements. */
export async function instrumentedRun(ex, playbookFile, inventoryFile) {
  let current = -1;
  const sockets = trackSockets(() => current);
  const execs = []; // { host, task, kind, bytes, facts, start, end }
  // Every command goes through ShellConnection.execBuffer (exec and put too), whichever way it reaches the host.
  const proto = ex.ShellConnection.prototype;
  const execBuffer = proto.execBuffer;
  proto.execBuffer = async function (command, opts) {
    // A fact batch names its marker twice per fact (the stdout and stderr separators).
    const facts = (command.split('RUNBOOK-FACT-').length - 1) / 2;
    const e = { host: this.host, task: current, kind: kindOf(command), bytes: command.length, facts, start: performance.now() };
    execs.push(e);
    try {
      return await execBuffer.call(this, command, opts);
    } finally {
      e.end = performance.now();
    }
  };
  try {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const inventory = await ex.loadInventory(inventoryFile);
    const playbook = await ex.compilePlaybook(playbookFile, { modules: ex.modules });
    const tLoaded = performance.now();

    const tasks = []; // { name, module, start, end }
    const channels = []; // { host, task }: SSH channel opens
    const connects = []; // { start, end }
    const closes = [];
    const open = async (host, signal) => {
      const c = { start: performance.now() };
      // SshTransport.connect creates its socket synchronously, before its first await: this call's socket
      // is the next one tracked.
      const n = sockets.sockets.length;
      const pending = ex.openSshTransport(host.name, host.connection, { signal });
      const sock = sockets.sockets.length === n + 1 ? sockets.sockets[n] : undefined;
      const transport = await pending;
      c.end = performance.now();
      connects.push(c);
      if (sock) sock.live = true;
      const spawn = transport.spawn.bind(transport);
      transport.spawn = (command) => {
        channels.push({ host: host.name, task: current });
        return spawn(command);
      };
      const close = transport.close.bind(transport);
      transport.close = async () => {
        if (sock) sock.live = false;
        const s = performance.now();
        await close();
        closes.push(performance.now() - s);
      };
      return new ex.ShellConnection(transport);
    };
    const failures = [];
    let stats = {};
    const emit = (ev) => {
      if (ev.kind === 'task-start') {
        if (current >= 0) tasks[current].end = performance.now();
        current = tasks.push({ name: ev.task.name, module: ev.task.module, start: performance.now() }) - 1;
      } else if (ev.kind === 'host-result' && (ev.status === 'failed' || ev.status === 'unreachable')) {
        failures.push(`${ev.host} "${ev.task.name}": ${ev.status}: ${ev.result?.msg ?? ''}`);
      } else if (ev.kind === 'recap') {
        if (current >= 0) tasks[current].end ??= performance.now();
        stats = ev.stats;
      }
    };
    // One signal for the whole run, as the CLI's; its listener warning is reported from the CLI runs instead.
    const signal = new AbortController().signal;
    setMaxListeners(0, signal);
    const summary = await ex.runPlaybook(playbook, { inventory, check: false, diff: false, emit, signal, open });
    const tEnd = performance.now();
    const cpu = process.cpuUsage(cpu0);
    return {
      exitCode: summary.exitCode,
      stats,
      failures,
      hosts: Object.keys(stats).length,
      tasks,
      execs,
      channels,
      taskTurns: tasks.map((_, i) => sockets.taskTurns(i)),
      phases: {
        total: tEnd - t0,
        loadCompile: tLoaded - t0,
        // From the first connect starting to the last one ready (hosts connect in parallel, on first use).
        connect: connects.length ? Math.max(...connects.map((c) => c.end)) - Math.min(...connects.map((c) => c.start)) : 0,
        connectEach: median(connects.map((c) => c.end - c.start)),
        tasks: tasks.length ? tasks[tasks.length - 1].end - tasks[0].start : 0,
        close: closes.length ? Math.max(...closes) : 0,
        cpuUser: cpu.user / 1000,
        cpuSystem: cpu.system / 1000,
      },
    };
  } finally {
    proto.execBuffer = execBuffer;
    sockets.restore();
  }
}

/** Per-task and per-run figures of an instrumented run: commands and round trips per host, what they were. */
export function perTask(r) {
  const per = (x) => x / Math.max(1, r.hosts);
  const byTask = r.tasks.map((t, i) => {
    const ex = r.execs.filter((e) => e.task === i);
    const kinds = {};
    for (const e of ex) kinds[e.kind] = (kinds[e.kind] ?? 0) + 1;
    return { ...t, wall: t.end - t.start, execsPerHost: per(ex.length), turnsPerHost: per(r.taskTurns[i]), kinds, latency: median(ex.map((e) => e.end - e.start)) };
  });
  const cells = Math.max(1, r.tasks.length * r.hosts);
  const batches = r.execs.filter((e) => e.facts > 0);
  return {
    hosts: r.hosts,
    phases: r.phases,
    byTask,
    execsPerTaskHost: r.execs.filter((e) => e.task >= 0).length / cells,
    channelsPerTaskHost: r.channels.filter((c) => c.task >= 0).length / cells,
    maxExecsPerTaskHost: Math.max(...byTask.map((t) => t.execsPerHost)),
    turnsPerTaskHost: r.taskTurns.reduce((a, b) => a + b, 0) / cells,
    maxTurnsPerTaskHost: Math.max(...byTask.map((t) => t.turnsPerHost)),
    execLatency: median(r.execs.map((e) => e.end - e.start)),
    factBatches: batches.map((e) => ({ facts: e.facts, bytes: e.bytes, ms: e.end - e.start })),
  };
}
