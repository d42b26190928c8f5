// `runbook apply PLAYBOOK`: load and check everything first (invalid input exits 1 before any host is
// touched), then run, reporting events; Ctrl-C stops cleanly with a partial recap (exit 130), a second
// Ctrl-C exits at once.

import { setMaxListeners } from 'node:events';
import { dirname } from 'node:path';
import { compilePlaybook } from '../../engine/compile/index.js';
import { ExitCode } from '../../engine/errors.js';
import { parseExtraVars } from '../../engine/load/extra-vars.js';
import { runPlaybook } from '../../engine/execute/run-playbook.js';
import { assertInstalledRoles } from '../../engine/requirements/verify.js';
import { projectModules } from '../../engine/library/load-library.js';
import { chooseReporter } from '../../engine/reporters/index.js';
import { modules } from '../../modules/index.js';
import { inventoryOf, inventorySources } from '../inventory-source.js';
import { listPlan } from '../list.js';
import { parseShard, shardInventory } from '../../engine/inventory/shard.js';
import { askPassword, useBecomePassword } from '../ask-password.js';
import { useVaultOptions, type VaultOptions } from '../vault-secrets.js';
import type { CompiledPlaybook, Vars } from '../../engine/compile/types.js';
import type { PlanObserver } from '../../engine/execute/plan-observer.js';
import type { RunSummary } from '../../engine/execute/run-playbook.js';
import type { Inventory } from '../../engine/inventory/types.js';
import { isPlanFile } from '../../engine/plan/plan-file.js';

export interface ApplyOptions extends VaultOptions {
  inventory?: string[];
  limit?: string;
  tags?: string[];
  skipTags?: string[];
  check?: boolean;
  diff?: boolean;
  extraVars?: string[];
  forks?: number;
  json?: boolean;
  listHosts?: boolean;
  listTasks?: boolean;
  listTags?: boolean;
  startAtTask?: string;
  waitLock?: number;
  askBecomePass?: boolean;
  shard?: string;
}

const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

const splitTags = (values: string[] | undefined) =>
  values?.flatMap((v) => v.split(',')).map((t) => t.trim()).filter(Boolean);

/**
 * How `runbook plan` and `apply PLANFILE` reuse this run (src/cli/commands/plan.ts, apply-plan.ts): an
 * observer of every module plan, diffs computed whether shown or not, a look at what was loaded before any
 * host is touched (which may end the run with an exit code), and the summary at the end.
 */
export interface RunHooks {
  observer?: PlanObserver;
  recordDiffs?: boolean;
  /** Report nothing while running (the caller prints its own output). */
  quiet?: boolean;
  loaded?(playbook: CompiledPlaybook, inventory: Inventory, extraVars: Vars): Promise<number | undefined>;
  done?(summary: RunSummary): Promise<number>;
}

export async function run(playbookFile: string, opts: ApplyOptions, hooks: RunHooks = {}): Promise<number> {
  // A saved plan in place of the playbook (told apart by its content): apply exactly what it planned.
  if (!hooks.observer && (await isPlanFile(playbookFile))) return (await import('./apply-plan.js')).applyPlan(playbookFile, opts);
  // Like Ansible: with no inventory (none asked for, none configured, no ./inventory.yaml), only localhost.
  const sources = await inventorySources(opts.inventory);
  // Vault passwords before anything is loaded: -e @file, inventories and playbooks may all be vaulted.
  await useVaultOptions(opts, sources.config);
  const extraVars = await parseExtraVars(opts.extraVars ?? []);
  const whole = await inventoryOf(sources, dirname(playbookFile));
  const inventory = opts.shard === undefined ? whole : shardInventory(whole, parseShard(opts.shard));
  const forks = opts.forks ?? sources.config.forks;
  // Installed roles must be the locked ones before any of them is compiled.
  await assertInstalledRoles(dirname(playbookFile));
  // The project's own modules (library/ beside the playbook) join the built-in ones.
  const registry = await projectModules(modules, dirname(playbookFile));
  const playbook = await compilePlaybook(playbookFile, { modules: registry, extraVars });
  const tags = splitTags(opts.tags);
  const skipTags = splitTags(opts.skipTags);
  if (forks !== undefined && !(forks >= 1)) {
    process.stderr.write('runbook: --forks must be a whole number of at least 1\n');
    return ExitCode.invalid;
  }

  const listMode = opts.listHosts ? 'hosts' : opts.listTasks ? 'tasks' : opts.listTags ? 'tags' : undefined;
  if (listMode) {
    process.stdout.write(listPlan(playbook, inventory, { mode: listMode, limit: opts.limit, tags, skipTags, extraVars }));
    return ExitCode.ok;
  }

  if (!(opts.waitLock === undefined || opts.waitLock >= 0)) {
    process.stderr.write('runbook: --wait-lock must be a number of seconds (0 or more)\n');
    return ExitCode.invalid;
  }
  // Asked before anything runs (and before the live view takes the terminal); hosts with their own
  // become_password keep it.
  if (opts.askBecomePass) useBecomePassword(inventory, await askPassword('BECOME password: '));

  const early = await hooks.loaded?.(playbook, inventory, extraVars);
  if (early !== undefined) return early;

  const reporter = hooks.quiet ? { handle: () => undefined, close: async () => undefined } : await chooseReporter({ json: opts.json === true, diff: opts.diff === true });
  const controller = new AbortController();
  // Every host's connection and every running command listens for the one Ctrl-C: no listener limit.
  setMaxListeners(0, controller.signal);
  // SIGHUP (the terminal was closed) stops the run like SIGTERM: in-flight commands are stopped, temp
  // files removed, run locks released. Unhandled, it killed runbook and left a truncated file behind.
  const onSigint = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) process.exit(ExitCode.interrupted);
    if (signal !== 'SIGHUP') process.stderr.write('\nrunbook: interrupting (finishing in-flight commands; Ctrl-C again to quit at once)\n');
    controller.abort();
  };
  for (const s of STOP_SIGNALS) process.on(s, onSigint);
  try {
    const summary = await runPlaybook(playbook, {
      inventory,
      check: opts.check === true,
      diff: opts.diff === true || hooks.recordDiffs === true,
      forks,
      limit: opts.limit,
      tags,
      skipTags,
      extraVars,
      startAtTask: opts.startAtTask,
      runLock: { waitSeconds: opts.waitLock ?? 0 },
      emit: (e) => reporter.handle(e),
      signal: controller.signal,
      observer: hooks.observer,
    });
    return hooks.done ? await hooks.done(summary) : summary.exitCode;
  } finally {
    await reporter.close();
    for (const s of STOP_SIGNALS) process.off(s, onSigint);
  }
}
