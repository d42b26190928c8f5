// Everything about a task on a host that can be decided without touching the host: the module, its rendered
// and validated arguments, where it runs (delegate_to), how (become, environment, timeout) and whether in
// check mode. Shared by the real run and by the read-ahead (prefetch), so both see the same task.

import { userInfo } from 'node:os';
import type { CompiledTask, Vars } from '../compile/types.js';
import type { BecomeSpec, ConnectionDefaults } from '../connection/types.js';
import { formatProblem, ModuleFailure } from '../errors.js';
import { renderDeep, renderString } from '../expressions/template.js';
import { validateModuleArgs } from '../validate/index.js';
import type { AnyModule } from '../module-api/module.js';
import { commandTimeoutMs } from '../inventory/types.js';
import type { HostState } from './host-state.js';
import type { PlayContext } from './play-context.js';
import { toBool } from './util.js';

export interface PreparedTask {
  mod: AnyModule;
  args: Record<string, unknown>;
  /** The host the module runs on: the task's host, or its delegate_to target. */
  target: HostState;
  become?: BecomeSpec;
  /** Connection defaults without the abort signal (added by the caller). */
  defaults: Omit<ConnectionDefaults, 'signal'>;
  check: boolean;
}

export function prepareTask(pc: PlayContext, task: CompiledTask, host: HostState, vars: Vars): PreparedTask {
  const mod = task.mod;
  const args = renderDeep(task.args, vars, task.loc) as Record<string, unknown>;
  const problems = validateModuleArgs(mod, args, task.loc);
  if (problems.length > 0) throw new ModuleFailure(problems.map(formatProblem).join('\n'));
  const target = delegateTarget(pc, task, host, vars);
  if (!mod.controllerOnly) target.useRemoteUser(task.remote_user);
  const become = mod.controllerOnly ? undefined : becomeSpec(task, target, vars);
  return {
    mod,
    args,
    target,
    become,
    defaults: { become, private: toBool(task.no_log, vars, task.loc), env: environment(task, vars), timeout: task.timeout ? task.timeout * 1000 : commandTimeoutMs(target.inv.connection) },
    check: task.check_mode === undefined ? pc.settings.check : toBool(task.check_mode, vars, task.loc),
  };
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
  const wanted = task.become !== undefined ? toBool(task.become, vars, task.loc) : settings.become === true;
  if (!wanted) return undefined;
  // A template (`become_user: "{{ user.name }}"`, per loop item) is rendered like any keyword.
  const written = task.become_user ?? settings.become_user ?? 'root';
  const user = String(renderString(written, vars, task.loc));
  const login = settings.connection === 'local' ? userInfo().username : (target.loginUser ?? userInfo().username);
  if (login === user) return undefined;
  const password = settings.become_password === undefined ? undefined : renderSecret('become_password', settings.become_password, vars, task);
  return { user, password };
}

/**
 * A secret setting's value. A template error quotes its template, which may be the secret itself (a
 * password with a stray `{{`): the error says what went wrong without the text.
 */
function renderSecret(name: string, source: string, vars: Vars, task: CompiledTask): string {
  try {
    return String(renderString(source, vars, task.loc));
  } catch (e) {
    const undefinedVar = /^('[^']*' is undefined) in /.exec((e as Error).message)?.[1];
    throw new ModuleFailure(
      `${name} could not be rendered: ${undefinedVar ?? 'its template is invalid'} (its text is not shown: it is a secret)`,
      {},
      { hint: undefinedVar ? 'define the variable it uses' : `check the ${name} setting (a literal {{ in a password is written \\{{)` },
    );
  }
}

function environment(task: CompiledTask, vars: Vars): Record<string, string> | undefined {
  if (task.environment === undefined) return undefined;
  const env = renderDeep(task.environment, vars, task.loc);
  if (env === null || typeof env !== 'object' || Array.isArray(env)) {
    throw new ModuleFailure('environment must be a mapping of variable names to values');
  }
  return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, String(v)]));
}
