// Run a task's module on a host: render the arguments, check them against the module's schema, plan against
// the host's current state, and apply the changes unless in check mode. Check mode is simply "plan only",
// so what it reports is exactly what apply would do.

import { userInfo } from 'node:os';
import type { CompiledTask, Vars } from '../compile/types.js';
import type { BecomeSpec, Connection } from '../connection/types.js';
import { formatProblem, ModuleFailure } from '../errors.js';
import type { TaskResult } from '../events.js';
import { renderDeep, renderString } from '../template.js';
import { validateModuleArgs } from '../validate/index.js';
import { findModule } from '../../modules/index.js';
import type { Plan } from '../../modules/types.js';
import type { HostFacts } from './facts.js';
import type { HostState } from './host-state.js';
import { moduleContext } from './module-context.js';
import { skippedResult } from './outcome.js';
import type { PlayContext } from './play-context.js';
import { toBool } from './util.js';

export async function executeModule(pc: PlayContext, task: CompiledTask, host: HostState, vars: Vars): Promise<TaskResult> {
  const mod = findModule(task.module);
  if (!mod) throw new ModuleFailure(`unknown module ${task.module}`);
  const args = renderDeep(task.args, vars, task.loc) as Record<string, unknown>;
  const problems = validateModuleArgs(task.module, args, task.loc);
  if (problems.length > 0) throw new ModuleFailure(problems.map(formatProblem).join('\n'));

  const { signal } = pc.settings;
  const target = delegateTarget(pc, task, host, vars);
  let conn: Connection = unavailable(task.module);
  let facts: HostFacts | undefined;
  const become = mod.controllerOnly ? undefined : becomeSpec(task, target, vars);
  const defaults = { become, env: environment(task, vars), timeout: task.timeout ? task.timeout * 1000 : undefined, signal };
  if (!mod.controllerOnly) {
    conn = (await target.connect(signal)).derive(defaults);
    facts = target.factCache(become?.user ?? '', conn);
  }
  const check = task.check_mode === undefined ? pc.settings.check : toBool(task.check_mode, vars, task.loc);
  const ctx = moduleContext({
    host: target.name,
    reconnect: async () => (await target.reconnect(signal)).derive(defaults),
    conn,
    facts: facts ?? noFacts(task.module),
    vars,
    task,
    playbookDir: pc.playbook.dir,
    check,
    diff: pc.settings.diff,
    signal,
    warn: (message) => pc.settings.emit({ kind: 'warning', host: host.name, message }),
  });

  const plan: Plan = await mod.plan(ctx, args);
  if (plan.facts) Object.assign(host.hostVars, plan.facts);
  const result = planResult(plan, pc.settings.diff);
  if (target !== host) result._delegated_to = target.name;
  if (check) {
    if (plan.unpredictable && plan.changes.length > 0) return skippedResult(`check mode: ${plan.unpredictable}`);
    return result;
  }
  for (const change of plan.changes) {
    try {
      const data = await change.apply();
      if (data) Object.assign(result, data);
    } finally {
      target.invalidateFacts();
    }
  }
  return result;
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

function delegateTarget(pc: PlayContext, task: CompiledTask, host: HostState, vars: Vars): HostState {
  if (task.delegate_to === undefined) return host;
  const name = String(renderString(task.delegate_to, vars, task.loc));
  const target = pc.hosts.get(name);
  if (!target) throw new ModuleFailure(`delegate_to: no host named ${JSON.stringify(name)} in the inventory`);
  return target;
}

/** The sudo wrapper a task needs; none when the login user already is the user to become. */
function becomeSpec(task: CompiledTask, target: HostState, vars: Vars): BecomeSpec | undefined {
  const settings = target.inv.connection;
  const wanted = task.become !== undefined ? task.become : settings.become === true;
  if (!wanted) return undefined;
  const user = task.become_user ?? settings.become_user ?? 'root';
  const login = settings.connection === 'local' ? userInfo().username : (settings.user ?? userInfo().username);
  if (login === user) return undefined;
  const password = settings.become_password === undefined ? undefined : String(renderString(settings.become_password, vars, task.loc));
  return { user, password };
}

function environment(task: CompiledTask, vars: Vars): Record<string, string> | undefined {
  if (task.environment === undefined) return undefined;
  const env = renderDeep(task.environment, vars, task.loc);
  if (env === null || typeof env !== 'object' || Array.isArray(env)) {
    throw new ModuleFailure('environment must be a mapping of variable names to values');
  }
  return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, String(v)]));
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
