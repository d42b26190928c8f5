// One task that runs a module (also the base of a handler): its module and normalised arguments, its
// effective tags, conditions and inherited keywords, and its notify entries for later resolution.

import type { Loc } from '../errors.js';
import { locOf } from '../load/yaml.js';
import { validateDefinition } from '../validate/index.js';
import { argsDefinition } from '../validate/schema/tasks.js';
import { checkControllerFiles } from './controller-files-check.js';
import type { Frame, PlayState } from './frame.js';
import { ignoredArgWarnings } from './ignored-args.js';
import { conditionsOf, inheritedOf, isMapping, mergeTags, stringOr, tagsOf, type Mapping } from './keywords.js';
import { taskLoop } from './loops.js';
import { moduleArgs } from './module-args.js';
import { writtenModule } from './module-forms.js';
import type { CompiledTask, Condition } from './types.js';

export async function compileModuleTask(raw: Mapping, loc: Loc, id: string, frame: Frame, state: PlayState): Promise<CompiledTask | undefined> {
  const { ctx } = state;
  const written = writtenModule(raw, loc, ctx);
  if (!written) return undefined;
  const { mod } = written;
  const margs = moduleArgs(written, raw, ctx.problems);
  if (!margs) return undefined;
  if (!margs.schemaChecked) {
    // k=v strings, free form and `args:` were only a string or a loose mapping to the document schema.
    ctx.report(...validateDefinition('tasks', argsDefinition(mod.name), margs.args, (path) => margs.locs[String(path[0])] ?? margs.loc, ctx.modules));
  }
  await checkControllerFiles(mod, margs, frame.scope.role?.dir, ctx);
  ctx.warn(...ignoredArgWarnings(mod.name, margs));

  const task: CompiledTask = {
    kind: 'task',
    id,
    loc,
    name: stringOr(raw.name, mod.name),
    tags: mergeTags(frame.tags, tagsOf(raw.tags)),
    when: [...frame.when, ...conditionsOf(raw, 'when', ctx)],
    scope: isMapping(raw.vars) ? { ...frame.scope, taskVars: raw.vars } : frame.scope,
    ...inheritedOf(raw, frame.inherited),
    // local_action runs on the controller, as `delegate_to: localhost` says.
    ...(written.local ? { delegate_to: 'localhost' } : {}),
    module: mod.name,
    mod,
    args: margs.args,
    notify: [],
  };
  Object.assign(task, taskLoop(raw, ctx));
  if (typeof raw.register === 'string') task.register = raw.register;
  if (raw.changed_when !== undefined) task.changed_when = conditionsOf(raw, 'changed_when', ctx);
  if (raw.failed_when !== undefined) task.failed_when = conditionsOf(raw, 'failed_when', ctx);
  if (raw.until !== undefined) {
    task.until = allOf(conditionsOf(raw, 'until', ctx));
    // Ansible's defaults when `until` is given without them.
    task.retries = typeof raw.retries === 'number' ? raw.retries : 3;
    task.delay = typeof raw.delay === 'number' ? raw.delay : 5;
  }
  // A task's own notify wins over its block's (Ansible's inheritance of the Notifiable keyword).
  addNotify(task, raw.notify !== undefined ? raw : frame.notifyFrom ?? raw, state);
  return task;
}

/** `until: [a, b]` must all hold: one expression `(a) and (b)`, located at the first. */
function allOf(conditions: Condition[]): Condition | undefined {
  if (conditions.length <= 1) return conditions[0];
  return { expr: conditions.map((c) => `(${String(c.expr)})`).join(' and '), loc: conditions[0]!.loc };
}

function addNotify(task: CompiledTask, raw: Mapping, state: PlayState): void {
  const value = raw.notify;
  const entries = Array.isArray(value) ? value.map((v, i) => ({ v, loc: locOf(value, i) })) : [{ v: value, loc: locOf(raw, 'notify') }];
  for (const { v, loc } of entries) {
    if (typeof v !== 'string' || !loc) continue;
    state.notifies.push({ task, index: task.notify.length, loc });
    task.notify.push(v);
  }
}
