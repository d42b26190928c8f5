// Does a run still plan what the saved plan says? Compared host by host, task by task in run order: the
// same tasks, the same reads of host state (by hash), the same changes. The first difference on a host is
// what moved (what follows it on that host is its consequence); every host is compared.

import type { TaskRecord } from './plan-file.js';
import { stableJson } from './record.js';

export interface Move {
  host: string;
  /** The task, as `"name" (file:line:col)`, when one is to blame. */
  task?: string;
  why: string;
}

export const describeMove = (m: Move): string => `${m.host}: ${m.task ? `task ${m.task}: ` : ''}${m.why}`;

export const taskLabel = (r: TaskRecord): string => `"${r.name}" (${r.loc})`;

export function compareRuns(saved: Record<string, TaskRecord[]>, fresh: Record<string, TaskRecord[]>): Move[] {
  const hosts = [...new Set([...Object.keys(saved), ...Object.keys(fresh)])];
  return hosts.flatMap((host) => {
    const m = firstMove(saved[host] ?? [], fresh[host] ?? []);
    return m ? [{ host, ...m }] : [];
  });
}

function firstMove(saved: TaskRecord[], fresh: TaskRecord[]): Omit<Move, 'host'> | undefined {
  for (let i = 0; i < Math.max(saved.length, fresh.length); i++) {
    const a = saved[i];
    const b = fresh[i];
    if (!a) return { task: taskLabel(b!), why: 'not in the plan: the run now reaches this task' };
    if (!b) return { task: taskLabel(a), why: 'in the plan, but the run no longer reaches it' };
    if (a.task !== b.task || a.n !== b.n) return { task: taskLabel(a), why: `the run now plans ${taskLabel(b)} in its place` };
    const read = movedRead(a.reads, b.reads);
    if (read) return { task: taskLabel(a), why: `the host moved since the plan: ${read}` };
    const why = changesDiffer(a, b);
    if (why) return { task: taskLabel(a), why };
  }
  return undefined;
}

function movedRead(a: Record<string, string>, b: Record<string, string>): string | undefined {
  for (const [key, hash] of Object.entries(a)) {
    if (!(key in b)) return `${key} is no longer read`;
    if (b[key] !== hash) return `${key} is not what the plan read`;
  }
  const extra = Object.keys(b).find((k) => !(k in a));
  return extra === undefined ? undefined : `${extra} is read now and was not then`;
}

/** Why `now`'s changes are not the planned ones (undefined: they are). */
export function changesDiffer(planned: TaskRecord, now: TaskRecord): string | undefined {
  if (stableJson(planned.changes) === stableJson(now.changes) && planned.dependsOn === now.dependsOn) return undefined;
  const list = (r: TaskRecord) => (r.dependsOn ? `(${r.dependsOn})` : r.changes.length ? r.changes.map((c) => c.summary).join('; ') : 'no change');
  return `its changes differ from the plan: planned ${list(planned)}; now ${list(now)}`;
}
