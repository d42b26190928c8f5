// `runbook validate PLAYBOOK... [-i INVENTORY]`: check playbooks (YAML, schema, roles, imports, templates,
// handlers, host patterns against the inventory) without touching any host. Prints `<file>: ok (N plays,
// M tasks)` or every problem; exit 0 when all are valid, 1 otherwise. A valid playbook's warnings
// (`file:line:col: warning: …`) are printed before its ok line and never change the exit code.

import { dirname } from 'node:path';
import { compilePlaybook } from '../../engine/compile/index.js';
import type { CompiledPlaybook, TaskNode } from '../../engine/compile/types.js';
import { ExitCode, formatProblem, InvalidInputError, type Problem } from '../../engine/errors.js';
import type { Inventory } from '../../engine/inventory/index.js';
import { installedRoleProblems } from '../../engine/requirements/verify.js';
import { projectModules } from '../../engine/library/load-library.js';
import { modules } from '../../modules/index.js';
import { hostsLoc } from '../hosts-loc.js';
import { inventoryOf, inventorySources, sourcesLabel, type Sources } from '../inventory-source.js';
import { useVaultOptions, type VaultOptions } from '../vault-secrets.js';

export interface ValidateOptions extends VaultOptions {
  inventory?: string[];
}

export async function run(playbooks: string[], opts: ValidateOptions): Promise<number> {
  // The default ./inventory.yaml is optional here: without it, host patterns are only syntax-checked.
  let ok = true;
  let sources: Sources | undefined;
  try {
    sources = await inventorySources(opts.inventory);
    await useVaultOptions(opts, sources.config);
  } catch (e) {
    ok = report('configuration', problemsOf(e));
  }
  // group_vars/ beside a playbook belong to its inventory view: one load per playbook directory.
  const loaded = new Map<string, Promise<Inventory | undefined>>();
  const printed = new Set<string>();
  const inventoryFor = (playbookDir: string) => {
    let p = loaded.get(playbookDir);
    if (!p) {
      p = loadInventoryFor(sources, playbookDir, loaded.size === 0).catch((e: unknown) => {
        // The inventory's own problems recur for every playbook directory: each is printed once.
        const fresh = problemsOf(e).filter((q) => !printed.has(formatProblem(q)));
        fresh.forEach((q) => printed.add(formatProblem(q)));
        ok = (fresh.length > 0 ? report(sourcesLabel(sources!), fresh) : false) && ok;
        return undefined;
      });
      loaded.set(playbookDir, p);
    }
    return p;
  };
  for (const file of playbooks) {
    try {
      const inventory = await inventoryFor(dirname(file));
      const locked = await installedRoleProblems(dirname(file));
      if (locked.length > 0) {
        ok = report(file, locked) && ok;
        continue;
      }
      const playbook = await compilePlaybook(file, { modules: await projectModules(modules, dirname(file)) });
      // Warnings are printed, never counted as problems: the playbook is valid.
      for (const w of playbook.warnings) console.log(formatProblem({ ...w, message: `warning: ${w.message}` }));
      // Notes: what could not be checked before the run, and why (an include that needs facts).
      for (const w of playbook.notes) console.log(formatProblem({ ...w, message: `note: ${w.message}` }));
      const problems = inventory ? await hostProblems(playbook, inventory) : [];
      if (problems.length > 0) ok = report(file, problems) && ok;
      else console.log(`${file}: ok (${plural(playbook.plays.length, 'play')}, ${plural(countTasks(playbook), 'task')})`);
    } catch (e) {
      ok = report(file, problemsOf(e)) && ok;
    }
  }
  return ok ? ExitCode.ok : ExitCode.invalid;
}

function problemsOf(e: unknown): Problem[] {
  if (e instanceof InvalidInputError) return e.problems;
  throw e;
}

/** Print the problems of one file; always false (not ok), for `ok = report(...) && ok`. */
function report(file: string, problems: Problem[]): false {
  for (const p of problems) console.log(formatProblem(p));
  console.log(`${file}: ${plural(problems.length, 'problem')}`);
  return false;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function countTasks(playbook: CompiledPlaybook): number {
  const count = (nodes: TaskNode[]): number =>
    nodes.reduce((n, t) => n + (t.kind === 'task' ? 1 : t.kind === 'block' ? count(t.block) + count(t.rescue) + count(t.always) : t.kind === 'include' ? 1 + Object.values(t.resolved).reduce((m, r) => m + count(r), 0) : 0), 0);
  return playbook.plays.reduce((n, p) => n + count(p.tasks), 0);
}

/** Each play's `hosts:` must name hosts or groups of the inventory. */
async function hostProblems(playbook: CompiledPlaybook, inventory: Inventory): Promise<Problem[]> {
  const problems: Problem[] = [];
  for (const play of playbook.plays) {
    if (play.hosts.includes('{{')) continue; // known only at run time
    try {
      inventory.select(play.hosts, await hostsLoc(play));
    } catch (e) {
      problems.push(...problemsOf(e));
    }
  }
  return problems;
}

/** The inventory to check host patterns against; none when there is no inventory at all. */
async function loadInventoryFor(sources: Sources | undefined, playbookDir: string, first: boolean): Promise<Inventory | undefined> {
  if (!sources) return undefined;
  if (sources.sources.length === 0) {
    if (first) process.stderr.write('runbook validate: no inventory.yaml; host patterns are checked for syntax only (use -i INVENTORY)\n');
    return undefined;
  }
  return inventoryOf(sources, playbookDir);
}
