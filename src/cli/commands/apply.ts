// `runbook apply PLAYBOOK`: load and check everything first (invalid input exits 1 before any host is
// touched), then run, reporting events; Ctrl-C stops cleanly with a partial recap (exit 130), a second
// Ctrl-C exits at once.

import { setMaxListeners } from 'node:events';
import { dirname } from 'node:path';
import { compilePlaybook } from '../../engine/compile/index.js';
import { ExitCode } from '../../engine/errors.js';
import { parseExtraVars } from '../../engine/load/extra-vars.js';
import { runPlaybook } from '../../engine/execute/run-playbook.js';
import { chooseReporter } from '../../engine/reporters/index.js';
import { modules } from '../../modules/index.js';
import { inventoryOf, inventorySources } from '../inventory-source.js';
import { listPlan } from '../list.js';

export interface ApplyOptions {
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
}

const splitTags = (values: string[] | undefined) =>
  values?.flatMap((v) => v.split(',')).map((t) => t.trim()).filter(Boolean);

export async function run(playbookFile: string, opts: ApplyOptions): Promise<number> {
  const extraVars = await parseExtraVars(opts.extraVars ?? []);
  // Like Ansible: with no inventory (none asked for, none configured, no ./inventory.yaml), only localhost.
  const sources = await inventorySources(opts.inventory);
  const inventory = await inventoryOf(sources, dirname(playbookFile));
  const forks = opts.forks ?? sources.config.forks;
  const playbook = await compilePlaybook(playbookFile, { modules, extraVars });
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

  const reporter = await chooseReporter({ json: opts.json === true, diff: opts.diff === true });
  const controller = new AbortController();
  // Every host's connection and every running command listens for the one Ctrl-C: no listener limit.
  setMaxListeners(0, controller.signal);
  const onSigint = () => {
    if (controller.signal.aborted) process.exit(ExitCode.interrupted);
    process.stderr.write('\nrunbook: interrupting (finishing in-flight commands; Ctrl-C again to quit at once)\n');
    controller.abort();
  };
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigint);
  try {
    const summary = await runPlaybook(playbook, {
      inventory,
      check: opts.check === true,
      diff: opts.diff === true,
      forks,
      limit: opts.limit,
      tags,
      skipTags,
      extraVars,
      startAtTask: opts.startAtTask,
      emit: (e) => reporter.handle(e),
      signal: controller.signal,
    });
    return summary.exitCode;
  } finally {
    await reporter.close();
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigint);
  }
}
