// `runbook apply PLANFILE`: apply a saved plan exactly, or nothing. First the whole run is planned again in
// check mode, nothing touched, and compared with the saved plan (same runbook, same fingerprint of the
// playbook, roles and variables, every host's reads and changes the same); anything that moved ends it with
// exit 5, naming the host and task. Then the run applies, each task's changes checked against the plan once
// more just before they are applied. `--check` stops after the comparison.

import { dirname, resolve } from 'node:path';
import { ExitCode } from '../../engine/errors.js';
import { compareRuns, describeMove, type Move } from '../../engine/plan/compare.js';
import { fingerprint } from '../../engine/plan/fingerprint.js';
import { ApplyGuard } from '../../engine/plan/guard.js';
import { readPlanFile, RUNBOOK_VERSION } from '../../engine/plan/plan-file.js';
import { PlanRecorder } from '../../engine/plan/record.js';
import { run as runApply, type ApplyOptions } from './apply.js';

/** Options a plan fixes when it is made: giving them again to `apply PLANFILE` is refused, not ignored. */
const FIXED = ['inventory', 'limit', 'tags', 'skipTags', 'extraVars', 'forks', 'startAtTask', 'listHosts', 'listTasks', 'listTags'] as const;

export async function applyPlan(file: string, cli: ApplyOptions): Promise<number> {
  const given = FIXED.filter((k) => cli[k] !== undefined && cli[k] !== false);
  if (given.length > 0) {
    process.stderr.write(`runbook: ${file} is a saved plan: it is applied with the options it was made with (${given.join(', ')} given); make a new plan to change them\n`);
    return ExitCode.invalid;
  }
  const plan = await readPlanFile(file);
  if (plan.runbook !== RUNBOOK_VERSION) return moved([], `the plan was made by runbook ${plan.runbook}, this is runbook ${RUNBOOK_VERSION}`);
  if (plan.exitCode !== ExitCode.ok && plan.exitCode !== ExitCode.drift) {
    process.stderr.write(`runbook: ${file}: the planning run ended with exit ${plan.exitCode} (failed or unreachable hosts); fix that and make a new plan\n`);
    return ExitCode.invalid;
  }
  const base = dirname(resolve(plan.playbook));
  // Credentials are not part of a plan (none is stored in it): the vault's come from this command line.
  const credentials = { askBecomePass: cli.askBecomePass, vaultId: cli.vaultId, vaultPasswordFile: cli.vaultPasswordFile, askVaultPass: cli.askVaultPass };
  const opts: ApplyOptions = { ...plan.options, json: cli.json, diff: cli.diff, waitLock: cli.waitLock, ...credentials };

  let sameSource = true;
  const again = new PlanRecorder(base);
  const verified = await runApply(plan.playbook, { ...opts, check: true }, {
    observer: again,
    recordDiffs: true,
    quiet: true,
    loaded: async (playbook, inventory, extraVars) => {
      sameSource = (await fingerprint(playbook, inventory, extraVars)) === plan.fingerprint;
      return undefined;
    },
  });
  const moves = compareRuns(plan.hosts, again.hosts);
  if (!sameSource) return moved(moves, `${plan.playbook}, its roles or its variables changed since the plan`);
  if (moves.length > 0) return moved(moves, 'hosts moved since the plan');
  if (verified !== plan.exitCode) return moved([], `planning again ended with exit ${verified}, the plan with ${plan.exitCode}`);
  if (cli.check) {
    process.stderr.write(`runbook: ${file}: every host is still as planned\n`);
    return plan.exitCode;
  }

  const guard = new ApplyGuard(plan.hosts, base);
  const code = await runApply(plan.playbook, opts, { observer: guard, recordDiffs: true });
  if (guard.moves.length > 0) return moved(guard.moves, 'a host moved while the plan was being applied; the tasks named were not applied');
  return code;
}

function moved(moves: Move[], why: string): number {
  const before = moves.length === 0 || !why.startsWith('a host moved while') ? '; nothing was changed on any host' : '';
  process.stderr.write(`runbook: ${why}${before}\n${moves.map((m) => `  ${describeMove(m)}\n`).join('')}`);
  return ExitCode.planMoved;
}
