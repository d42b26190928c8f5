// Run a task's module on a host: plan against the host's current state, and apply the changes unless in
// check mode. Check mode is simply "plan only", so what it reports is exactly what apply would do.

import type { CompiledTask, Vars } from '../compile/types.js';
import type { Connection } from '../connection/types.js';
import { MissingOnHost, ModuleFailure } from '../errors.js';
import type { TaskResult } from '../events.js';
import type { Fact, ModuleContext, Plan } from '../module-api/module.js';
import { applyChange } from './apply-change.js';
import { CarryingConnection } from './carried-reads.js';
import type { HostFacts } from './facts.js';
import type { HostState } from './host-state.js';
import { moduleContext } from './module-context.js';
import { skippedResult, taskEmitter } from './outcome.js';
import { toBool } from './util.js';
import type { PlayContext } from './play-context.js';
import { prepareTask, type PreparedTask } from './prepare-task.js';

export async function executeModule(pc: PlayContext, task: CompiledTask, host: HostState, vars: Vars): Promise<TaskResult> {
  const prepared = prepareTask(pc, task, host, vars);
  const { mod, args, target, check } = prepared;
  const observer = pc.settings.observer;
  const reads = new Map<string, unknown>();
  const base = await contextFor(pc, task, host, vars, prepared);
  const carrier = mod.controllerOnly ? undefined : new CarryingConnection(base.conn);
  const ctx = observed(carrier ? { ...base, conn: carrier } : base, observer && reads);
  const seen = { host: host.name, target: target.name, task, check, noLog: noLogOf(task, vars), reads };
  let plan: Plan;
  try {
    plan = await mod.plan(ctx, args);
  } catch (e) {
    // Check mode after a change that is pending on this host: what is missing may be what it makes.
    if (check && e instanceof MissingOnHost && target.pendingChanges > 0) {
      const reason = `check mode: depends on an earlier pending change (${e.message})`;
      observer?.planned({ ...seen, dependsOn: reason });
      return skippedResult(reason);
    }
    throw e;
  }
  const moved = observer?.planned({ ...seen, plan });
  if (moved !== undefined) throw new ModuleFailure(moved, {}, { hint: 'make a new plan (runbook plan), review it, and apply that' });
  if (plan.facts) Object.assign(host.hostVars, plan.facts);
  // A new object, not a mutation: views of the facts (ansible_facts) are cached per facts object.
  if (plan.hostFacts) host.facts = { ...host.facts, ...plan.hostFacts };
  const result = planResult(plan, task.diff ?? pc.settings.diff);
  if (target !== host) result._delegated_to = target.name;
  if (check) {
    // Only a check-mode run carries predictions forward: a `check_mode: true` task of a real run changes
    // nothing, and the tasks after it must read the host as it is.
    if (pc.settings.check) target.planned(plan.changes);
    if (plan.unpredictable && plan.changes.length > 0) return skippedResult(`check mode: ${plan.unpredictable}`);
    return result;
  }
  // Only an action change (a write, a module's own command) can carry reads: a command change runs `run` as it is.
  if (carrier && target === host && task.loop === undefined && plan.changes.some((c) => !('run' in c))) await carryNextReads(carrier, host, prepared);
  const generation = target.factGeneration;
  for (const change of plan.changes) {
    try {
      const data = await applyChange(ctx.conn, change);
      if (data) Object.assign(result, data);
    } finally {
      target.invalidateFacts();
    }
  }
  carrier?.adoptIfCurrent(target.factGeneration === generation + plan.changes.length);
  return result;
}

/** The next task's reads, as its speculative plan finds them, to travel with this task's write. */
async function carryNextReads(carrier: CarryingConnection, host: HostState, prepared: PreparedTask): Promise<void> {
  const key = readerKey(prepared);
  const facts = await host.nextReads?.(key);
  if (!facts?.length) return;
  // The cache exists: contextFor made it for this task.
  const carried = host.factCache(key, () => carrier).carried(facts);
  if (carried) carrier.arm(carried);
}

/** The module's context: the target's connection with the task's defaults, and its fact cache. */
export async function contextFor(pc: PlayContext, task: CompiledTask, host: HostState, vars: Vars, prepared: PreparedTask): Promise<ModuleContext> {
  const { signal } = pc.settings;
  const { mod, target, become } = prepared;
  const defaults = { ...prepared.defaults, signal };
  let conn: Connection = unavailable(task.module);
  let facts: HostFacts = noFacts(task.module);
  if (!mod.controllerOnly) {
    const base = await target.connect(signal);
    conn = base.derive(defaults);
    facts = target.factCache(readerKey(prepared), () => base.derive({ become, env: prepared.defaults.env, signal: pc.settings.signal }));
  }
  return moduleContext({
    host: target.name,
    reconnect: async () => (await target.reconnect(signal)).derive(defaults),
    conn,
    facts,
    vars,
    task,
    playbookDir: pc.playbook.dir,
    check: prepared.check,
    diff: task.diff ?? pc.settings.diff,
    signal,
    warn: (message) => taskEmitter(pc.settings.emit, noLogOf(task, vars))({ kind: 'warning', host: host.name, message }),
  });
}

/**
 * Reads are cached per privilege and environment (what root can read differs from what a user can; PATH
 * decides which `docker` answers). The cache's connection carries the run's abort signal, never one task's
 * timeout.
 */
export function readerKey(prepared: PreparedTask): string {
  return JSON.stringify([prepared.become?.user ?? '', prepared.defaults.env ?? {}]);
}

function planResult(plan: Plan, diff: boolean): TaskResult {
  const result: TaskResult = { changed: plan.changes.length > 0, failed: false, ...plan.data };
  if (plan.changes.length === 0 && plan.reason && result.msg === undefined) result.msg = plan.reason;
  if (plan.changes.length > 0) result.changes = plan.changes.map((c) => c.summary);
  if (diff) {
    const diffs = plan.changes.flatMap((c) => (c.diff ? [c.diff] : []));
    if (diffs.length > 0) result.diff = diffs;
  }
  return result;
}

/** The context with every read it makes recorded into `reads` (for a saved plan), when asked. */
function observed(ctx: ModuleContext, reads: Map<string, unknown> | undefined): ModuleContext {
  if (!reads) return ctx;
  const facts = (async (...asked: Fact<unknown>[]) => {
    const values = await ctx.facts(...asked);
    asked.forEach((f, i) => reads.set(f.key, values[i]));
    return values;
  }) as ModuleContext['facts'];
  return { ...ctx, facts };
}

function unavailable(module: string): Connection {
  return new Proxy({} as Connection, {
    get: () => {
      throw new ModuleFailure(`module ${module} runs on the controller and has no host connection`);
    },
  });
}

function noFacts(module: string): HostFacts {
  return { fetch: () => Promise.reject(new ModuleFailure(`module ${module} runs on the controller and reads no host facts`)) } as unknown as HostFacts;
}

/** no_log for a warning: runTask already evaluated it, so it cannot fail here; hide when in doubt. */
function noLogOf(task: CompiledTask, vars: Vars): boolean {
  try {
    return toBool(task.no_log, vars, task.loc);
  } catch {
    return true;
  }
}
