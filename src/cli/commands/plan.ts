// `runbook plan PLAYBOOK [apply's options] -o FILE [--format markdown]`: a check-mode run (exit 0 nothing
// pending, 3 pending, as `apply --check`) whose every module plan is recorded into a plan file that
// `runbook apply FILE` applies exactly, or refuses with exit 5 when anything moved (docs/plans.md).

import { dirname, resolve } from 'node:path';
import { ExitCode } from '../../engine/errors.js';
import { fingerprint } from '../../engine/plan/fingerprint.js';
import { planMarkdown } from '../../engine/plan/markdown.js';
import { PLAN_FORMAT, RUNBOOK_VERSION, writePlanFile, type PlanFile } from '../../engine/plan/plan-file.js';
import { PlanRecorder } from '../../engine/plan/record.js';
import { redactForPlan } from '../../engine/plan/redact.js';
import { run as runApply, type ApplyOptions } from './apply.js';

export interface PlanCliOptions extends ApplyOptions {
  output?: string;
  format?: string;
}

const FORMATS = ['text', 'markdown'];

export async function run(playbookFile: string, opts: PlanCliOptions): Promise<number> {
  const format = opts.format ?? 'text';
  if (!FORMATS.includes(format)) {
    process.stderr.write(`runbook: --format ${format}: choose one of ${FORMATS.join(', ')}\n`);
    return ExitCode.invalid;
  }
  if (opts.listHosts || opts.listTags || opts.listTasks || opts.startAtTask !== undefined) {
    process.stderr.write('runbook: plan takes no --list-* or --start-at-task (a plan covers the whole run)\n');
    return ExitCode.invalid;
  }
  const recorder = new PlanRecorder(dirname(resolve(playbookFile)));
  let print = '';
  return runApply(
    playbookFile,
    { ...opts, check: true },
    {
      observer: recorder,
      recordDiffs: true,
      quiet: format === 'markdown',
      loaded: async (playbook, inventory, extraVars) => {
        print = await fingerprint(playbook, inventory, extraVars);
        return undefined;
      },
      done: async (summary) => {
        const plan: PlanFile = {
          format: PLAN_FORMAT,
          runbook: RUNBOOK_VERSION,
          created: new Date().toISOString(),
          playbook: playbookFile,
          fingerprint: print,
          options: redactForPlan(
            { inventory: opts.inventory, limit: opts.limit, tags: opts.tags, skipTags: opts.skipTags, extraVars: opts.extraVars, forks: opts.forks },
            { noLog: false },
          ),
          pending: summary.exitCode === ExitCode.drift,
          exitCode: summary.exitCode,
          hosts: recorder.hosts,
          recap: summary.stats,
        };
        if (opts.output) await writePlanFile(opts.output, plan);
        if (format === 'markdown') process.stdout.write(planMarkdown(plan));
        return summary.exitCode;
      },
    },
  );
}
