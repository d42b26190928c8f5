// The saved plan (`runbook plan -o FILE`): JSON, written and read here. It records what the plan was made
// from (runbook's version, a fingerprint of the playbook, roles, variables and inventory, the options) and,
// for each host, every task's plan in run order: the hashes of the host state it read and its changes with
// their diffs. Every value written goes through redactForPlan first (see record.ts).

import { readFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import type { Diff } from '../module-api/module.js';
import type { HostStats } from '../events.js';

export const PLAN_FORMAT = 'runbook-plan/1';

/** This runbook's version: a plan applies only with the version that made it. */
export const RUNBOOK_VERSION = (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** One module plan of one task on one host (a loop item is one of these). */
export interface TaskRecord {
  /** The compiled task's id, and which of its plans on this host this is (loop items, retries: 0, 1, …). */
  task: string;
  n: number;
  name: string;
  module: string;
  /** `file:line:col`, the file relative to the playbook's directory. */
  loc: string;
  /** The host it planned on, when delegated. */
  target?: string;
  /** sha256 of every read the plan was made from, by fact key. */
  reads: Record<string, string>;
  changes: { summary: string; diff?: Diff }[];
  /** Check mode could not tell what it would do (a command): it runs at apply, as planned. */
  unpredictable?: string;
  /** Skipped in check mode: depends on an earlier pending change; its changes are decided at apply. */
  dependsOn?: string;
}

export interface PlanOptions {
  inventory?: string[];
  limit?: string;
  tags?: string[];
  skipTags?: string[];
  extraVars?: string[];
  forks?: number;
}

export interface PlanFile {
  format: typeof PLAN_FORMAT;
  runbook: string;
  created: string;
  /** The playbook as given on the command line (apply runs from the same directory). */
  playbook: string;
  fingerprint: string;
  options: PlanOptions;
  /** Changes are pending (plan exited 3). */
  pending: boolean;
  /** How the planning run ended: 0 or 3 can be applied; a plan with failures (2, 4) cannot. */
  exitCode: number;
  hosts: Record<string, TaskRecord[]>;
  recap: Record<string, HostStats>;
}

/** Whether `text` is a saved plan rather than a playbook (told apart by content, not by name). */
export function isPlanText(text: string): boolean {
  if (!text.trimStart().startsWith('{')) return false;
  try {
    return (JSON.parse(text) as { format?: unknown }).format === PLAN_FORMAT;
  } catch {
    return false;
  }
}

/** Whether the file named is a saved plan (a missing or unreadable file is not: the playbook loader says why). */
export async function isPlanFile(file: string): Promise<boolean> {
  try {
    const head = await readFile(file, 'utf8');
    return isPlanText(head);
  } catch {
    return false;
  }
}

export async function readPlanFile(file: string): Promise<PlanFile> {
  return JSON.parse(await readFile(file, 'utf8')) as PlanFile;
}

export async function writePlanFile(file: string, plan: PlanFile): Promise<void> {
  await writeFile(file, `${JSON.stringify(plan, null, 2)}\n`, { mode: 0o600 });
}
