// Which process is a host's PID 1 right now. The state file records the init of the first boot, but a
// systemd host can reboot: its launcher (a bounded loop, see boot-loop.ts) then starts a new systemd, with a
// new pid, while nobody from the lab is running to write it down. So the current init is looked up where
// it must be: the launcher's descendant that is PID 1 of a pid namespace (the launcher's pid never changes).

import { readFileSync } from 'node:fs';
import { alive, procStart } from './sh.js';
import type { LabState, Resource } from './state.js';

type Proc = Extract<Resource, { kind: 'process' }>;

/** A process, named for good by its pid and start time. */
export interface ProcId {
  pid: number;
  start: string;
}

function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/** PID 1 of a pid namespace below ours: NSpid lists its pid in every namespace, the innermost last. */
function isNamespaceInit(pid: number): boolean {
  try {
    const nspid = /^NSpid:\s+(.*)$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]?.split(/\s+/) ?? [];
    return nspid.length >= 2 && nspid[nspid.length - 1] === '1';
  } catch {
    return false;
  }
}

/**
 * The first namespace init among a launcher's descendants, breadth first, at most `depth` levels down.
 * A plain host's launcher (unshare) is its init's parent; a systemd host's boot loop is its grandparent.
 * Stage one's short-lived helpers (mkdir, cat) are never a namespace's PID 1, so they are skipped.
 */
export function initUnder(launcher: number, depth = 3): number | undefined {
  let level = [launcher];
  for (let d = 0; d < depth && level.length; d++) {
    const next = level.flatMap(childrenOf);
    const init = next.find(isNamespaceInit);
    if (init !== undefined) return init;
    level = next;
  }
  return undefined;
}

function lastProcess(state: LabState, host: string, role: Proc['role']): Proc | undefined {
  // The last one: the seed's VM can be halted and booted again, each boot appending a launcher and an init.
  const all = state.resources.filter((r): r is Proc => r.kind === 'process' && r.role === role && r.host === host);
  return all[all.length - 1];
}

/** The host's launcher, if it still runs (a systemd host's launcher outlives its reboots). */
export function hostLauncher(state: LabState, host: string): ProcId | undefined {
  const l = lastProcess(state, host, 'launcher');
  return l && alive(l.pid, l.start) ? { pid: l.pid, start: l.start } : undefined;
}

/** The host's current PID 1 (outer pid), or undefined while it is down or between two boots. */
export function hostInit(state: LabState, host: string): ProcId | undefined {
  const launcher = lastProcess(state, host, 'launcher');
  if (launcher) {
    if (!alive(launcher.pid, launcher.start)) return undefined;
    const pid = initUnder(launcher.pid);
    const start = pid === undefined ? undefined : procStart(pid);
    return pid !== undefined && start ? { pid, start } : undefined;
  }
  // No launcher recorded (its start time could not be read): only the init of record is known.
  const init = lastProcess(state, host, 'init');
  return init && alive(init.pid, init.start) ? { pid: init.pid, start: init.start } : undefined;
}

/** Is the host still there: running, or rebooting (its launcher is about to start the next boot)? */
export function hostUp(state: LabState, host: string): boolean {
  return hostLauncher(state, host) !== undefined || hostInit(state, host) !== undefined;
}

/** The signal that powers the host off cleanly (systemd: SIGRTMIN+4), from its init's record. */
export function poweroffSignal(state: LabState, host: string): number | undefined {
  return lastProcess(state, host, 'init')?.poweroff;
}
