// Applying a saved plan: each task's plan is checked against the saved one just before it is applied. The
// verification run has already compared every host with the plan, so this only catches a host that moved
// in between (or what check mode could not see): the task fails with what moved instead of applying, and
// the run exits 5. A task check mode skipped as depending on an earlier pending change applies what it
// plans then; a task the plan never reached may only do nothing.

import type { PlannedTask, PlanObserver } from '../execute/plan-observer.js';
import { changesDiffer, describeMove, taskLabel, type Move } from './compare.js';
import type { TaskRecord } from './plan-file.js';
import { PlanCounter, recordOf } from './record.js';

export class ApplyGuard implements PlanObserver {
  readonly moves: Move[] = [];
  private readonly saved = new Map<string, TaskRecord>();
  private readonly counter = new PlanCounter();

  constructor(
    hosts: Record<string, TaskRecord[]>,
    private readonly baseDir: string,
  ) {
    for (const [host, records] of Object.entries(hosts)) for (const r of records) this.saved.set(keyOf(host, r.task, r.n), r);
  }

  planned(t: PlannedTask): string | undefined {
    if (t.check) return undefined;
    const now = recordOf(t, this.counter.next(t.host, t.task.id), this.baseDir);
    const planned = this.saved.get(keyOf(t.host, now.task, now.n));
    let why: string | undefined;
    if (!planned) why = now.changes.length ? 'not in the plan, and it would change something' : undefined;
    else if (!planned.dependsOn) why = changesDiffer(planned, now);
    if (why === undefined) return undefined;
    const move = { host: t.host, task: taskLabel(now), why };
    this.moves.push(move);
    return `moved since the plan: ${describeMove(move)}`;
  }
}

const keyOf = (host: string, task: string, n: number) => `${host}\u0000${task}\u0000${n}`;
