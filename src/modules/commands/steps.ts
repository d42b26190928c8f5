// The shape every seed module plans in: a list of Steps, each one command line (built with shell.ts) with a
// summary and an optional diff. Planning functions are pure (recorded command output in, steps out), so
// the tests are data tables; `toChanges` turns steps into the Changes the executor applies.

import { ModuleFailure } from '../../engine/errors.js';
import type { Change, Diff, ModuleContext, Plan } from '../../engine/module-api/module.js';

export interface Step {
  /** What the step does, as the run reports it: `create network br`. */
  summary: string;
  /** The complete command line (every value quoted by shell.ts). */
  run: string;
  /** Directory to run it in (vagrant works on the Vagrantfile of its working directory). */
  cwd?: string;
  diff?: Diff;
}

/** A planning verdict: steps to take, or none and why. */
export interface StepPlan {
  steps: Step[];
  reason?: string;
  data?: Record<string, unknown>;
}

export const noop = (reason: string, data?: Record<string, unknown>): StepPlan => ({ steps: [], reason, data });

/** Run one step on the host; a non-zero exit fails the task with the command's own words. */
export async function runStep(ctx: ModuleContext, step: Step): Promise<{ rc: number; stdout: string; stderr: string }> {
  const r = await ctx.conn.exec(step.run, step.cwd === undefined ? {} : { cwd: step.cwd });
  if (r.code !== 0) {
    const why = (r.stderr.trim() || r.stdout.trim()).split('\n').slice(-5).join('\n');
    throw new ModuleFailure(`${step.summary} failed (exit ${r.code}): ${why}`, { rc: r.code, stdout: r.stdout, stderr: r.stderr, cmd: step.run });
  }
  return { rc: r.code, stdout: r.stdout, stderr: r.stderr };
}

/** The executor's Plan for a StepPlan: one Change per step, applied in order. */
export function toPlan(ctx: ModuleContext, plan: StepPlan): Plan {
  const changes: Change[] = plan.steps.map((step) => ({
    summary: step.summary,
    ...(step.diff ? { diff: step.diff } : {}),
    async apply() {
      const r = await runStep(ctx, step);
      return { rc: r.rc, stdout: r.stdout.trimEnd() };
    },
  }));
  return { changes, ...(plan.reason !== undefined ? { reason: plan.reason } : {}), ...(plan.data ? { data: plan.data } : {}) };
}

/** `key: value` lines, sorted by key, for before/after diffs of settings. */
export function settingsText(settings: Record<string, unknown>): string {
  return Object.keys(settings)
    .sort()
    .map((k) => `${k}: ${typeof settings[k] === 'string' ? settings[k] : JSON.stringify(settings[k])}\n`)
    .join('');
}
