// runbook's executor run in this process (from dist/), with its connections instrumented from the outside
// — no file under src/ is changed: runPlaybook takes an `open` function (tests inject one), and we hand it
// SSH transports whose `spawn` we wrap. What we learn per run:
//   - execs: every command = one SSH channel open (+ exec request), attributed to the task that was running
//     (the linear strategy runs one task on all hosts before the next, so task-start events delimit them);
//   - SSH turns: on the TCP socket, how many times the server answered after we wrote (the number of
//     network round trips the protocol actually waited for; ssh2 needs 2 per exec: channel open, then exec);
//   - phases: load+compile, connection setup, tasks, close; controller CPU time vs wall time.
// The socket is reached by wrapping node:net's connect (syncBuiltinESMExports updates ESM imports of it).

import { createRequire, syncBuiltinESMExports } from 'node:module';
import { median } from './stats.mjs';

const require = createRequire(import.meta.url);
const dist = (p) => new URL(`../../dist/${p}`, import.meta.url).href;

/**
 * Count request/response turns on every TCP socket opened from now on. A turn made while the socket is
 * `live` (connected and not closing) is charged to the task `taskOf()` names at that moment.
 */
function trackSockets(taskOf) {
  const net = require('node:net');
  const orig = net.connect;
  const sockets = [];
  net.connect = function patchedConnect(...args) {
    const s = orig.apply(this, args);
    const rec = { turns: 0, wrote: false, bytesOut: 0, bytesIn: 0, live: false, byTask: new Map() };
    sockets.push(rec);
    const write = s.write;
    s.write = function patchedWrite(chunk, ...rest) {
      rec.wrote = true;
      rec.bytesOut += chunk?.length ?? 0;
      return write.call(this, chunk, ...rest);
    };
    s.on('data', (b) => {
      rec.bytesIn += b.length;
      if (rec.wrote) {
        rec.turns++;
        rec.wrote = false;
        if (rec.live) rec.byTask.set(taskOf(), (rec.byTask.get(taskOf()) ?? 0) + 1);
      }
    });
    return s;
  };
  syncBuiltinESMExports();
  return {
    sockets,
    /** Turns charged to task `i`, over all sockets. */
    taskTurns: (i) => sockets.reduce((a, r) => a + (r.byTask.get(i) ?? 0), 0),
    total: () => sockets.reduce((a, r) => ({ turns: a.turns + r.turns, bytesOut: a.bytesOut + r.bytesOut, bytesIn: a.bytesIn + r.bytesIn }), { turns: 0, bytesOut: 0, bytesIn: 0 }),
    restore() {
      net.connect = orig;
      syncBuiltinESMExports();
    },
  };
}

/** What kind of command an exec was, for the per-module breakdown. */
function shape(command) {
  if (command.includes('RUNBOOK-FACT-')) return 'fact batch';
  if (command.includes('runbook-put')) return 'put (atomic write)';
  const first = command.trim().split('\n')[0];
  return first.length > 60 ? `${first.slice(0, 57)}...` : first;
}

/**
 * Run `playbookFile` over `inventoryFile` in-process; returns the run's recap and the measurements.
 */
export async function instrumentedRun(playbookFile, inventoryFile) {
  let current = -1;
  const sockets = trackSockets(() => current);
  try {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const { loadInventory } = await import(dist('engine/inventory/index.js'));
    const { compilePlaybook } = await import(dist('engine/compile/index.js'));
    const { runPlaybook } = await import(dist('engine/execute/run-playbook.js'));
    const { openSshTransport } = await import(dist('engine/connection/open.js'));
    const { ShellConnection } = await import(dist('engine/connection/shell-connection.js'));
    const inventory = await loadInventory(inventoryFile);
    const playbook = await compilePlaybook(playbookFile, {});
    const tLoaded = performance.now();

    const tasks = []; // { name, module, start, end }
    const execs = []; // { host, task, shape, start, end }
    const connects = []; // { host, start, end }
    const closes = [];
    const open = async (host, signal) => {
      const c = { host: host.name, start: performance.now() };
      // SshTransport.connect creates its socket synchronously, before its first await: this call's socket
      // is the next one tracked.
      const n = sockets.sockets.length;
      const pending = openSshTransport(host.name, host.connection, { signal });
      const sock = sockets.sockets.length === n + 1 ? sockets.sockets[n] : undefined;
      const transport = await pending;
      c.end = performance.now();
      if (sock) sock.live = true;
      connects.push(c);
      const spawn = transport.spawn.bind(transport);
      transport.spawn = async (command) => {
        const e = { host: host.name, task: current, shape: shape(command), start: performance.now() };
        execs.push(e);
        const proc = await spawn(command);
        proc.exit.then(() => (e.end = performance.now()), () => (e.end = performance.now()));
        return proc;
      };
      const close = transport.close.bind(transport);
      transport.close = async () => {
        if (sock) sock.live = false;
        const s = performance.now();
        await close();
        closes.push(performance.now() - s);
      };
      return new ShellConnection(transport);
    };
    let failures = [];
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
    const summary = await runPlaybook(playbook, { inventory, check: false, diff: false, emit, signal: new AbortController().signal, open });
    const tEnd = performance.now();
    const cpu = process.cpuUsage(cpu0);
    const hosts = Object.keys(stats).length;
    return {
      exitCode: summary.exitCode,
      stats,
      failures,
      hosts,
      tasks,
      execs,
      turns: sockets.total(),
      taskTurns: tasks.map((_, i) => sockets.taskTurns(i)),
      trackedSockets: sockets.sockets.filter((r) => r.byTask.size > 0 || r.live).length,
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
    sockets.restore();
  }
}

/** Per-task figures of an instrumented run: execs and SSH turns per host, and what the execs were. */
export function perTask(r) {
  const byTask = r.tasks.map((t, i) => {
    const ex = r.execs.filter((e) => e.task === i);
    const shapes = {};
    for (const e of ex) shapes[e.shape] = (shapes[e.shape] ?? 0) + 1;
    const turnsPerHost = r.taskTurns[i] / Math.max(1, r.hosts);
    return { ...t, wall: t.end - t.start, execsPerHost: ex.length / Math.max(1, r.hosts), turnsPerHost, shapes, latency: median(ex.map((e) => e.end - e.start)) };
  });
  const allExecs = r.execs.filter((e) => e.task >= 0).length;
  return {
    byTask,
    execsPerTaskHost: allExecs / Math.max(1, r.tasks.length * r.hosts),
    turnsPerTaskHost: r.taskTurns.reduce((a, b) => a + b, 0) / Math.max(1, r.tasks.length * r.hosts),
    maxTurnsPerTaskHost: Math.max(...byTask.map((t) => t.turnsPerHost)),
    maxExecsPerTaskHost: Math.max(...byTask.map((t) => t.execsPerHost)),
    execLatency: median(r.execs.map((e) => e.end - e.start)),
  };
}
