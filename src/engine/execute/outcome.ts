// Task results: their status, the aggregate of a loop, what `no_log` hides, and the recap → exit code rule.

import { ExitCode, RunbookError, ModuleFailure } from '../errors.js';
import type { Emit, HostStats, HostStatus, RunEvent, TaskResult } from '../events.js';

export const CENSORED = "the output has been hidden due to the fact that 'no_log: true' was specified for this result";

export function statusOf(result: TaskResult): HostStatus {
  if (result.unreachable) return 'unreachable';
  if (result.failed) return 'failed';
  if (result.skipped) return 'skipped';
  return result.changed ? 'changed' : 'ok';
}

export function skippedResult(reason: string, extra: Record<string, unknown> = {}): TaskResult {
  return { changed: false, failed: false, skipped: true, skip_reason: reason, ...extra };
}

/** A thrown error as a task result (unreachable errors become `unreachable`). */
export function errorResult(e: unknown): TaskResult {
  if (e instanceof RunbookError && (e.code === 'unreachable' || e.code === 'host-key-mismatch')) {
    return { changed: false, failed: false, unreachable: true, msg: e.describe() };
  }
  if (e instanceof ModuleFailure) return { changed: false, ...e.data, failed: true, msg: e.describe() };
  if (e instanceof RunbookError) return { changed: false, failed: true, msg: e.describe() };
  const err = e as Error;
  return { changed: false, failed: true, msg: `internal error: ${err?.message ?? String(e)}`, exception: err?.stack };
}

/** Ansible's loop result: `results` per item, changed if any, failed if any, skipped if all. */
export function loopResult(results: TaskResult[]): TaskResult {
  const failed = results.some((r) => r.failed);
  const unreachable = results.some((r) => r.unreachable);
  const out: TaskResult = {
    changed: results.some((r) => r.changed),
    failed,
    results,
    msg: failed ? 'One or more items failed' : 'All items completed',
  };
  if (unreachable) out.unreachable = true;
  if (results.length > 0 && results.every((r) => r.skipped)) out.skipped = true;
  if (results.length === 0) {
    out.skipped = true;
    out.skip_reason = 'No items in the list';
  }
  return out;
}

/** What reporters may show of a `no_log` result: the verdict, never the values. */
export function censor(result: TaskResult): TaskResult {
  const out: TaskResult = { changed: result.changed, failed: result.failed, censored: CENSORED };
  if (result.skipped) out.skipped = true;
  if (result.unreachable) out.unreachable = true;
  if (result.results) out.results = result.results.map(censor);
  return out;
}

/**
 * An event of a `no_log` task as reporters may see it. Every event a task emits goes through here, so a
 * new kind of event cannot leak what the task's results already hide (a retry's `msg` once did).
 */
export function censorEvent(event: RunEvent): RunEvent {
  switch (event.kind) {
    case 'host-result':
      return { ...event, result: censor(event.result) };
    case 'item-result':
      return { ...event, item: '(censored)', result: censor(event.result) };
    case 'retry':
      return { ...event, msg: event.msg === undefined ? undefined : CENSORED };
    case 'warning':
      return { ...event, message: `a warning (${CENSORED})` };
    default:
      return event;
  }
}

/** The emitter a task uses: censoring when the task is `no_log`. */
export function taskEmitter(emit: Emit, noLog: boolean): Emit {
  return noLog ? (event) => emit(censorEvent(event)) : emit;
}

export function countInto(stats: HostStats, status: HostStatus, ignored: boolean): void {
  switch (status) {
    case 'changed':
      stats.changed++;
      stats.ok++;
      break;
    case 'ok':
      stats.ok++;
      break;
    case 'skipped':
      stats.skipped++;
      break;
    case 'unreachable':
      stats.unreachable++;
      break;
    case 'failed':
      if (ignored) stats.ignored++;
      else stats.failed++;
      break;
  }
}

export interface RunVerdict {
  interrupted: boolean;
  check: boolean;
  stats: Record<string, HostStats>;
}

/** 130 interrupted > 2 failed > 4 unreachable > 3 changes pending in check mode > 0. */
export function exitCodeOf(v: RunVerdict): number {
  const all = Object.values(v.stats);
  if (v.interrupted) return ExitCode.interrupted;
  if (all.some((s) => s.failed > 0)) return ExitCode.failed;
  if (all.some((s) => s.unreachable > 0)) return ExitCode.unreachable;
  if (v.check && all.some((s) => s.changed > 0)) return ExitCode.drift;
  return ExitCode.ok;
}
