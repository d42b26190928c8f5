// Recording a run's module plans as a saved plan's task records: the observer `runbook plan` hands the
// executor (check mode), and the one apply's verification run hands it to compare with the saved plan.
// Reads are kept as hashes only; summaries and diffs pass through redactForPlan.

import { createHash } from 'node:crypto';
import { relative } from 'node:path';
import type { PlannedTask, PlanObserver } from '../execute/plan-observer.js';
import type { TaskRecord } from './plan-file.js';
import { redactForPlan } from './redact.js';

/** sha256 of a read's value: Buffers by their bytes, everything else as JSON with sorted keys. */
export function hashRead(value: unknown): string {
  return createHash('sha256').update(stableJson(value)).digest('hex');
}

export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v && typeof v === 'object' && (v as { type?: unknown }).type === 'Buffer' && Array.isArray((v as { data?: unknown }).data)) {
      return `base64:${Buffer.from((v as { data: number[] }).data).toString('base64')}`;
    }
    if (v && typeof v === 'object' && !Array.isArray(v)) return Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    return v;
  });
}

/** Numbers each task's plans per host (a loop item, a retry, a handler run again: 0, 1, …). */
export class PlanCounter {
  private readonly seen = new Map<string, number>();

  next(host: string, task: string): number {
    const key = `${host}\u0000${task}`;
    const n = this.seen.get(key) ?? 0;
    this.seen.set(key, n + 1);
    return n;
  }
}

/** The record of one planned task, as a plan file keeps it. */
export function recordOf(t: PlannedTask, n: number, baseDir: string): TaskRecord {
  const r = { noLog: t.noLog };
  const reads: Record<string, string> = {};
  for (const [key, value] of t.reads) reads[redactForPlan(key, r)] = hashRead(value);
  const rec: TaskRecord = {
    task: t.task.id,
    n,
    name: redactForPlan(t.task.name || t.task.module, { noLog: false }),
    module: t.task.module,
    loc: `${relative(baseDir, t.task.loc.file) || t.task.loc.file}:${t.task.loc.line}:${t.task.loc.col}`,
    reads,
    changes: (t.plan?.changes ?? []).map((c) => redactForPlan(c.diff ? { summary: c.summary, diff: c.diff } : { summary: c.summary }, r)),
  };
  if (t.target !== t.host) rec.target = t.target;
  if (t.plan?.unpredictable && t.plan.changes.length > 0) rec.unpredictable = t.plan.unpredictable;
  if (t.dependsOn) rec.dependsOn = redactForPlan(t.dependsOn, r);
  return rec;
}

/** Keeps every plan of a run, per host, in run order. */
export class PlanRecorder implements PlanObserver {
  readonly hosts: Record<string, TaskRecord[]> = {};
  private readonly counter = new PlanCounter();

  constructor(private readonly baseDir: string) {}

  planned(t: PlannedTask): undefined {
    (this.hosts[t.host] ??= []).push(recordOf(t, this.counter.next(t.host, t.task.id), this.baseDir));
    return undefined;
  }
}
