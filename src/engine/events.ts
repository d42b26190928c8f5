// Everything a run reports is one of these events, tagged by `kind`. The executor emits them; reporters
// (live tree, plain lines, NDJSON) only consume them. A formatter table keyed by kind makes a forgotten
// event a compile error.

import type { Loc } from './errors.js';
import type { Diff } from './module-api/module.js';

export type HostStatus = 'ok' | 'changed' | 'failed' | 'skipped' | 'unreachable';

/** The one result shape of every task on every host; `register` stores it. */
export interface TaskResult {
  changed: boolean;
  failed: boolean;
  skipped?: boolean;
  unreachable?: boolean;
  msg?: string;
  /** Present when diff mode is on and something differs. */
  diff?: Diff[];
  /** Summaries of the changes made (or, in check mode, pending). */
  changes?: string[];
  /** Loop results, one per item. */
  results?: TaskResult[];
  [data: string]: unknown;
}

export interface TaskRef {
  id: string;
  /** The task's name, or its module's when it has none. */
  name: string;
  /** The role the task comes from, shown as `role : name`. */
  role?: string;
  module: string;
  loc: Loc;
  handler: boolean;
  tags: string[];
}

export interface HostStats {
  ok: number;
  changed: number;
  failed: number;
  skipped: number;
  unreachable: number;
  rescued: number;
  ignored: number;
}

export type RunEvent =
  | { kind: 'run-start'; playbook: string; check: boolean; diff: boolean }
  | { kind: 'play-start'; play: string; id: string; hosts: string[] }
  | { kind: 'task-start'; task: TaskRef; hosts: string[] }
  | {
      kind: 'host-result';
      task: TaskRef;
      host: string;
      status: HostStatus;
      result: TaskResult;
      /** How long the task took on this host (its reads, plan, apply, loop items and retries), in ms. */
      durationMs: number;
      /** The failure was ignored (`ignore_errors`). */
      ignored?: boolean;
      /** For delegated tasks: where it ran. */
      delegatedTo?: string;
    }
  | {
      /** One loop item's result; the task's aggregate `host-result` follows the items. */
      kind: 'item-result';
      task: TaskRef;
      host: string;
      status: HostStatus;
      item: string;
      result: TaskResult;
      /** How long this item took (its retries included), in ms. */
      durationMs: number;
      ignored?: boolean;
    }
  | { kind: 'retry'; task: TaskRef; host: string; attempt: number; retries: number; msg?: string }
  | { kind: 'warning'; host?: string; message: string }
  | { kind: 'play-end'; id: string }
  | {
      kind: 'recap';
      stats: Record<string, HostStats>;
      /** Commands (SSH channels, local processes) run per host: what a round trip costs is counted here. */
      commands: Record<string, number>;
    }
  | { kind: 'run-end'; exitCode: number; interrupted: boolean; elapsedMs: number };

export type EventKind = RunEvent['kind'];
export type EventOf<K extends EventKind> = Extract<RunEvent, { kind: K }>;

export type Emit = (event: RunEvent) => void;

export function emptyStats(): HostStats {
  return { ok: 0, changed: 0, failed: 0, skipped: 0, unreachable: 0, rescued: 0, ignored: 0 };
}
