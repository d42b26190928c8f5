// The lab's state file: every namespace, link, process, cgroup directory, mount and directory the lab
// created, written (atomically) right when it is created, so that `lab down` — or the next `lab up`, after
// a lab that was killed half-way — undoes exactly what exists, and nothing else.

import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { HostSpec } from './spec.js';
import { STATE_DIR } from './spec.js';

export type Resource =
  | { kind: 'netns'; name: string }
  /** A link in the root namespace (the controller veth). */
  | { kind: 'link'; name: string }
  /**
   * A process the lab started; `poweroff` is the signal that shuts it down cleanly (systemd: SIGRTMIN+4).
   * `init` is the first boot's PID 1; a reboot replaces it with a process below the same `launcher`.
   */
  | { kind: 'process'; pid: number; start: string; role: 'launcher' | 'init'; host: string; poweroff?: number }
  | { kind: 'cgroup'; path: string }
  /** A mount in the root namespace, unmounted on teardown when nothing uses it. */
  | { kind: 'mount'; path: string }
  | { kind: 'dir'; path: string }
  /** A file outside the state directory (an inventory written where the user asked). */
  | { kind: 'file'; path: string };

export interface LabHost extends HostSpec {
  netns: string;
  /**
   * Outer pid of the host's PID 1 at its first boot (bash waiting on sshd, or systemd). A systemd host that
   * rebooted has another one: ask `hostInit` (init-pid.ts) for the current PID 1.
   */
  pid1?: number;
  /** Milliseconds from the start of `lab up` until its sshd answered. */
  readyMs?: number;
}

export interface Holder {
  pid: number;
  start: string;
}

export interface LabState {
  version: 1;
  createdAt: string;
  /** The process the lab belongs to (a test run); null for `runbook lab up`, which leaves it running. */
  holder: Holder | null;
  /** All hosts answered SSH and the inventory was written. */
  ready: boolean;
  stateDir: string;
  inventoryFile: string;
  keyFile: string;
  knownHosts: string;
  hosts: LabHost[];
  resources: Resource[];
}

export const STATE_FILE = `${STATE_DIR}/state.json`;

export function readState(file = STATE_FILE): LabState | undefined {
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as LabState;
  } catch {
    return undefined; // half-written by a killed process: teardown falls back to the prefix sweep
  }
}

/** Holds the state and persists every change immediately. */
export class Ledger {
  constructor(
    readonly state: LabState,
    private readonly file = STATE_FILE,
  ) {}

  static fresh(init: Omit<LabState, 'version' | 'createdAt' | 'resources' | 'hosts' | 'ready'>): Ledger {
    return new Ledger({ version: 1, createdAt: new Date().toISOString(), ready: false, hosts: [], resources: [], ...init });
  }

  add(...r: Resource[]): void {
    this.state.resources.push(...r);
    this.save();
  }

  update(fn: (s: LabState) => void): void {
    fn(this.state);
    this.save();
  }

  save(): void {
    mkdirSync(this.state.stateDir, { recursive: true, mode: 0o700 });
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(this.state, null, 1)}\n`);
    renameSync(tmp, this.file);
  }
}
