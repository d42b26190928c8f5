// Taking a lab down: what the state file lists, plus a sweep by name for what a killed `lab up` created
// before it could write it down (namespaces `rb-*`, the `rb-ctl` veth, cgroup dirs `lab-rb-*`, mounts under
// the state directory). Processes are ended only by pid: the recorded ones, and those living in the lab's
// own network namespaces. Systemd hosts are powered off first (SIGRTMIN+4 to the current PID 1, found
// below the launcher: a rebooted host has a new one), then anything left is killed.
// Every wait is bounded. `verifyClean` lists whatever is still there.

import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { argv } from '../engine/quote.js';
import { leftoverCgroupDirs, machineCgroupLayout, removeCgroupTree } from './cgroups.js';
import { hostInit, poweroffSignal, type ProcId } from './init-pid.js';
import { alive, shTry, waitFor } from './sh.js';
import type { LabState, Resource } from './state.js';
import { NET, PREFIX, STATE_DIR } from './spec.js';

type Proc = Extract<Resource, { kind: 'process' }>;

export async function labNamespaces(): Promise<string[]> {
  const r = await shTry('ip netns list');
  return r.stdout.split('\n').map((l) => l.split(' ')[0]!).filter((n) => n.startsWith(PREFIX));
}

async function netnsPids(ns: string): Promise<number[]> {
  const r = await shTry(argv(['ip', 'netns', 'pids', ns]));
  return r.stdout.split(/\s+/).filter(Boolean).map(Number);
}

function kill(pid: number, signal: NodeJS.Signals | number): void {
  try {
    process.kill(pid, signal);
  } catch {
    // already gone
  }
}

function mountsUnder(prefix: string): string[] {
  const lines = readFileSync('/proc/self/mountinfo', 'utf8').split('\n');
  return lines.map((l) => l.split(' ')[4] ?? '').filter((m) => m === prefix || m.startsWith(`${prefix}/`));
}

async function rootLinkExists(name: string): Promise<boolean> {
  return (await shTry(argv(['ip', 'link', 'show', name]))).code === 0;
}

/** How long systemd hosts get to power off cleanly before they are killed. */
const POWEROFF_WAIT_MS = 15_000;

export async function teardown(state: LabState | undefined, log: (s: string) => void = () => {}): Promise<void> {
  const res = state?.resources ?? [];
  const procs = res.filter((r): r is Proc => r.kind === 'process');

  // 1. Clean shutdown for systemd hosts (stops their services), bounded. The signal goes to each host's
  //    current PID 1 (after a reboot not the recorded one); powering off also ends the host's boot loop.
  const hosts = [...new Set(procs.map((p) => p.host))];
  const powered: ProcId[] = [];
  const poweredHosts = new Set<string>();
  for (const h of hosts) {
    const signal = state && poweroffSignal(state, h);
    const init = state && signal !== undefined ? hostInit(state, h) : undefined;
    if (!init) continue;
    kill(init.pid, signal!);
    powered.push(init);
    poweredHosts.add(h);
  }
  // systemd stops every unit before it exits: 4 s was too short on a loaded machine (CI's lab reboot test saw
  // the kill below take over, and no clean power-off); still bounded, well under systemd's own 90 s.
  // The wait is for the powered hosts' launchers too: a boot loop ends by itself after a power-off, and it
  // says so on the console only after its init has gone — killing it the moment PID 1 is gone lost that line
  // (CI, once in a few runs).
  const loops = procs.filter((p) => p.role === 'launcher' && poweredHosts.has(p.host));
  const down = (p: ProcId) => !alive(p.pid, p.start);
  if (powered.length) await waitFor(() => powered.every(down) && loops.every(down), POWEROFF_WAIT_MS, 50);

  // 2. Kill what is left. Launchers first, so no boot loop starts another boot; then each host's PID 1
  //    (current and of record), then everything inside the lab's namespaces.
  const current = state ? hosts.flatMap((h) => hostInit(state, h) ?? []) : [];
  for (const p of procs) if (p.role === 'launcher' && alive(p.pid, p.start)) kill(p.pid, 'SIGKILL');
  const inits = [...procs.filter((p) => p.role === 'init'), ...current];
  for (const p of inits) if (alive(p.pid, p.start)) kill(p.pid, 'SIGKILL');
  const namespaces = [...new Set([...res.flatMap((r) => (r.kind === 'netns' ? [r.name] : [])), ...(await labNamespaces())])];
  const inside = (await Promise.all(namespaces.map(netnsPids))).flat();
  for (const pid of inside) kill(pid, 'SIGKILL');
  const gone = await waitFor(() => procs.every(down) && current.every(down) && inside.every((pid) => !alive(pid)), 4000, 25);
  if (!gone) log('some lab processes did not exit within 4 s');

  // 3. Namespaces, the root veth (normally gone with its peer's namespace), cgroup subtrees.
  for (const ns of namespaces) await shTry(argv(['ip', 'netns', 'del', ns]));
  await waitFor(async () => !(await rootLinkExists(NET.rootVeth)), 1000, 25);
  if (await rootLinkExists(NET.rootVeth)) await shTry(argv(['ip', 'link', 'del', NET.rootVeth]));
  const cgroups = new Set(res.flatMap((r) => (r.kind === 'cgroup' ? [r.path] : [])));
  try {
    for (const d of leftoverCgroupDirs(machineCgroupLayout(), PREFIX)) cgroups.add(d);
  } catch {
    // no cgroup hierarchies: nothing to sweep
  }
  for (const d of cgroups) {
    try {
      await removeCgroupTree(d);
    } catch (e) {
      log((e as Error).message);
    }
  }

  // 4. Mounts under the state directory (none in normal operation), /run/netns if the lab mounted it, files.
  for (const m of mountsUnder(STATE_DIR).reverse()) await shTry(argv(['umount', '-l', m]));
  const netnsMount = res.some((r) => r.kind === 'mount' && r.path === '/run/netns');
  if (netnsMount && existsSync('/run/netns') && readdirSync('/run/netns').length === 0) await shTry('umount /run/netns');
  for (const r of res) if (r.kind === 'file' || r.kind === 'dir') rmSync(r.path, { recursive: true, force: true });
  rmSync(STATE_DIR, { recursive: true, force: true });
}

/** Everything of a lab that still exists; empty means the machine is clean. */
export async function verifyClean(state: LabState | undefined): Promise<string[]> {
  const left: string[] = [];
  for (const ns of await labNamespaces()) left.push(`network namespace ${ns}`);
  if (await rootLinkExists(NET.rootVeth)) left.push(`link ${NET.rootVeth}`);
  for (const m of readFileSync('/proc/self/mountinfo', 'utf8').split('\n')) {
    const at = m.split(' ')[4] ?? '';
    if (at.startsWith(STATE_DIR) || at.startsWith(`/run/netns/${PREFIX}`)) left.push(`mount ${at}`);
  }
  for (const r of state?.resources ?? []) {
    if (r.kind === 'process' && alive(r.pid, r.start)) left.push(`process ${r.pid} (${r.role} of ${r.host})`);
    if (r.kind === 'cgroup' && existsSync(r.path)) left.push(`cgroup ${r.path}`);
    if ((r.kind === 'file' || r.kind === 'dir') && existsSync(r.path)) left.push(`${r.kind} ${r.path}`);
  }
  try {
    for (const d of leftoverCgroupDirs(machineCgroupLayout(), PREFIX)) if (!left.includes(`cgroup ${d}`)) left.push(`cgroup ${d}`);
  } catch {
    // no cgroup hierarchies
  }
  if (existsSync(STATE_DIR)) left.push(`directory ${STATE_DIR}`);
  return left;
}
