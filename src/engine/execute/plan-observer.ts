// What a saved plan (src/engine/plan/) sees of a run: every module plan, with the reads it was made from.
// The executor calls the observer after each plan; in apply mode the observer may refuse the plan (the host
// or the playbook moved since the saved plan was made), and the task then fails instead of applying it.
// Defined here so the executor depends on no plan code: `runbook plan` and `apply PLANFILE` hand one in.

import type { CompiledTask } from '../compile/types.js';
import type { Plan } from '../module-api/module.js';

export interface PlannedTask {
  /** The inventory host the task runs for, and the host it planned on (delegate_to). */
  host: string;
  target: string;
  task: CompiledTask;
  check: boolean;
  /** The task's no_log: its values must not reach a plan file. */
  noLog: boolean;
  /** Every read the plan asked for (fact key → value), in the order asked. */
  reads: ReadonlyMap<string, unknown>;
  /** The module's plan; undefined when check mode skipped it as depending on an earlier pending change. */
  plan?: Plan;
  /** Why check mode skipped it (depends on an earlier pending change). */
  dependsOn?: string;
}

export interface PlanObserver {
  /** A task planned. A returned message (apply mode): the plan differs from the saved one; nothing is applied. */
  planned(t: PlannedTask): string | undefined;
}
