// One task on one host: loop items, `when`, the module's plan (and apply, unless in check mode), `until`
// retries, `changed_when`/`failed_when`, `register`. Every failure becomes a result; only an interrupt escapes.

import type { CompiledTask, Vars } from '../compile/types.js';
import { evaluateCondition } from '../expressions/condition.js';
import { InterruptedError } from '../errors.js';
import type { HostStatus, TaskRef, TaskResult } from '../events.js';
import { renderString } from '../expressions/template.js';
import { executeModule } from './execute-module.js';
import { itemVars, loopItems } from './loop-items.js';
import type { HostState } from './host-state.js';
import type { Emit } from '../events.js';
import { errorResult, loopResult, skippedResult, statusOf, taskEmitter } from './outcome.js';
import type { PlayContext } from './play-context.js';
import { elapsedMs, sleep, toBool } from './util.js';

export interface TaskOutcome {
  status: HostStatus;
  result: TaskResult;
  /** The failure was ignored (`ignore_errors`). */
  ignored: boolean;
  /** Reporters must not see the values (`no_log`). */
  noLog: boolean;
  delegatedTo?: string;
}

export async function runTask(pc: PlayContext, task: CompiledTask, host: HostState, ref: TaskRef): Promise<TaskOutcome> {
  const vars = pc.vars(host, task.scope);
  let result: TaskResult;
  let noLog = false;
  try {
    noLog = toBool(task.no_log, vars, task.loc);
    const emit = taskEmitter(pc.settings.emit, noLog);
    result = task.loop === undefined ? await runItem(pc, task, host, undefined, emit) : await runLoop(pc, task, host, ref, vars, emit, noLog);
  } catch (e) {
    if (e instanceof InterruptedError) throw e;
    result = errorResult(e);
  }
  if (task.register) host.hostVars[task.register] = result;
  const ignored = result.failed === true && !result.unreachable && safeBool(task.ignore_errors, vars, task);
  const delegatedTo = typeof result._delegated_to === 'string' ? result._delegated_to : undefined;
  delete result._delegated_to;
  return { status: statusOf(result), result, ignored, noLog, delegatedTo };
}

async function runLoop(pc: PlayContext, task: CompiledTask, host: HostState, ref: TaskRef, vars: Vars, emit: Emit, noLog: boolean): Promise<TaskResult> {
  let items;
  try {
    items = loopItems(task, vars);
  } catch (e) {
    // As Ansible: a loop over an undefined variable is no error when the task's `when` (evaluated
    // without an item) is false — `loop: "{{ entries }}"` with `when: entries is defined`.
    if (!/is undefined/.test((e as Error).message)) throw e;
    const failed = task.when.find((c) => !safeCondition(c.expr, vars, c.loc));
    if (failed) return skippedResult('Conditional result was False', { false_condition: failed.expr });
    throw e;
  }
  if (!Array.isArray(items)) return { changed: false, failed: true, msg: items.failure };
  const control = task.loop_control ?? { loop_var: 'item' };
  const results: TaskResult[] = [];
  for (const [index, item] of items.entries()) {
    const local = itemVars(control, items, index);
    let r: TaskResult;
    const started = performance.now();
    try {
      r = await runItem(pc, task, host, local, emit);
    } catch (e) {
      if (e instanceof InterruptedError) throw e;
      r = errorResult(e);
    }
    r[control.loop_var] = item;
    r.ansible_loop_var = control.loop_var;
    results.push(r);
    // The emitter censors a no_log task's events; its label is not even rendered (it may name the secret).
    const label = noLog ? '(censored)' : itemLabel(pc, task, host, local, item);
    emit({ kind: 'item-result', task: ref, host: host.name, status: statusOf(r), item: label, result: r, durationMs: elapsedMs(started) });
    if (r.unreachable) break;
    if (control.pause) await sleep(control.pause * 1000, pc.settings.signal);
  }
  return loopResult(results);
}

/** One execution (one loop item, or the task itself): `when`, then the module with `until` retries. */
async function runItem(pc: PlayContext, task: CompiledTask, host: HostState, local: Vars | undefined, emit: Emit): Promise<TaskResult> {
  const vars = pc.vars(host, task.scope, local);
  for (const c of task.when) {
    if (!evaluateCondition(c.expr, vars, c.loc)) return skippedResult('Conditional result was False', { false_condition: c.expr });
  }
  if (!task.until) return attempt(pc, task, host, local, vars);
  const attempts = task.retries === undefined ? 3 : task.retries <= 0 ? 1 : task.retries + 1;
  for (let n = 1; ; n++) {
    const r = await attempt(pc, task, host, local, vars);
    r.attempts = n;
    // A skipped attempt (check mode cannot run a command) has nothing for `until` to look at.
    if (r.unreachable || r.skipped) return r;
    if (evaluateCondition(task.until.expr, withResult(pc, task, host, local, r), task.until.loc)) return r;
    if (n >= attempts) return { ...r, failed: true, msg: r.msg ?? `condition still false after ${n} attempts: ${String(task.until.expr)}` };
    emit({ kind: 'retry', task: refOf(task), host: host.name, attempt: n, retries: attempts - 1, msg: r.msg });
    await sleep((task.delay ?? 5) * 1000, pc.settings.signal);
  }
}

/** Run the module once, then let `changed_when` / `failed_when` have the last word, as in Ansible. */
async function attempt(pc: PlayContext, task: CompiledTask, host: HostState, local: Vars | undefined, vars: Vars): Promise<TaskResult> {
  let result: TaskResult;
  try {
    result = await executeModule(pc, task, host, vars);
  } catch (e) {
    if (e instanceof InterruptedError) throw e;
    result = errorResult(e);
  }
  if (result.unreachable || result.skipped) return result;
  if (task.changed_when || task.failed_when) {
    const seen = withResult(pc, task, host, local, result);
    if (task.changed_when) result.changed = task.changed_when.every((c) => evaluateCondition(c.expr, seen, c.loc));
    if (task.failed_when) {
      result.failed = task.failed_when.every((c) => evaluateCondition(c.expr, seen, c.loc));
      if (!result.failed) delete result.msg;
      else result.msg ||= 'failed_when condition was true';
    }
  }
  return result;
}

/** Variables with the task's own result visible under its `register` name (for changed_when, until...). */
function withResult(pc: PlayContext, task: CompiledTask, host: HostState, local: Vars | undefined, result: TaskResult): Vars {
  return task.register ? pc.vars(host, task.scope, { ...local, [task.register]: result }) : pc.vars(host, task.scope, local);
}

function itemLabel(pc: PlayContext, task: CompiledTask, host: HostState, local: Vars, item: unknown): string {
  const label = task.loop_control?.label;
  if (label !== undefined) return String(renderString(label, pc.vars(host, task.scope, local), task.loc));
  const text = typeof item === 'string' ? item : JSON.stringify(item);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function safeBool(value: boolean | string | undefined, vars: Vars, task: CompiledTask): boolean {
  try {
    return toBool(value, vars, task.loc);
  } catch {
    return false;
  }
}

export function refOf(task: CompiledTask, handler = false): TaskRef {
  return {
    id: task.id,
    name: task.name || task.module,
    ...(task.scope.role ? { role: task.scope.role.name } : {}),
    module: task.module,
    loc: task.loc,
    handler,
    tags: task.tags,
  };
}

/** A condition evaluated without the loop item: one that cannot be (it needs the item) counts as true. */
function safeCondition(expr: string | boolean, vars: Vars, loc: CompiledTask['loc']): boolean {
  try {
    return evaluateCondition(expr, vars, loc);
  } catch {
    return true;
  }
}
