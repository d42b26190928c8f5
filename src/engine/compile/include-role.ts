// `include_role:` / `import_role:` as a task: the role's tasks (tasks/main or `tasks_from`) in place of the
// task, after its meta dependencies, with its handlers joining the play's, `vars_from`/`defaults_from`
// instead of vars/main and defaults/main, and the task's vars as role parameters. Both are resolved when
// the playbook is compiled, so the task's `when:` and `tags:` apply to every task of the role.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Loc, Problem } from '../errors.js';
import type { LoadedYaml } from '../load/yaml.js';
import { locOf } from '../load/yaml.js';
import { validateDefinition, validateDocument } from '../validate/index.js';
import type { Frame, IdGen, PlayState } from './frame.js';
import { isMapping, type Mapping } from './keywords.js';
import { expandIncludedRole, type RoleFiles } from './play-roles.js';
import type { Role } from './roles.js';
import type { TaskNode, Vars } from './types.js';

type Compile = (list: unknown, frame: Frame, state: PlayState, ids: IdGen) => Promise<TaskNode[]>;

export async function compileRoleInclude(raw: Mapping, writtenKey: string, loc: Loc, frame: Frame, state: PlayState, ids: IdGen, compileTasks: Compile): Promise<TaskNode[]> {
  const spec = raw[writtenKey];
  if (!isMapping(spec) || typeof spec.name !== 'string') return []; // the document schema reported it
  const { ctx } = state;
  const at = locOf(spec, 'name') ?? loc;
  const name = ctx.renderPath(spec.name, frame.vars, at);
  if (name === undefined) return [];
  const chosen: { tasks?: LoadedYaml; tasksFile?: string; handlers?: LoadedYaml; handlersFile?: string } = {};
  const filesOf = async (role: Role): Promise<RoleFiles> => {
    const from = async (option: string, sub: string, check: (d: LoadedYaml) => Problem[], checkName: string) => {
      const written = spec[option];
      if (typeof written !== 'string') return undefined;
      const file = fromFile(role.dir, sub, written);
      const doc = await ctx.load(file, check, { loc: locOf(spec, option), what: `${option} file of role ${role.name}` }, checkName);
      return { file, doc };
    };
    const vars = async (option: string) => {
      const found = await from(option, option.replace('_from', ''), (d) => validateDocument('vars', d), 'vars');
      return found && isMapping(found.doc?.value) ? (found.doc.value as Vars) : found ? {} : undefined;
    };
    const tasks = await from('tasks_from', 'tasks', (d) => validateDocument('tasks', d, ctx.modules), 'tasks');
    const handlers = await from('handlers_from', 'handlers', (d) => validateDefinition('tasks', 'handlers', d.value, d.locate, ctx.modules), 'handlers');
    chosen.tasks = tasks ? tasks.doc : role.tasks;
    chosen.tasksFile = tasks?.file ?? role.tasksFile;
    chosen.handlers = handlers ? handlers.doc : role.handlers;
    chosen.handlersFile = handlers?.file ?? role.handlersFile;
    return { vars: await vars('vars_from'), defaults: await vars('defaults_from') };
  };
  const instances = await expandIncludedRole(name, at, raw, frame, state.playDir, state, filesOf);
  const out: TaskNode[] = [];
  for (const [i, r] of instances.entries()) {
    // The last instance is the included role itself; those before it are its dependencies (main files).
    const own = i === instances.length - 1;
    const value = own ? chosen.tasks?.value : r.role.tasks?.value;
    const file = own ? chosen.tasksFile! : r.role.tasksFile;
    out.push(...(await compileTasks(value, { ...r.frame, file }, state, ids)));
    const handlers = own ? chosen.handlers : r.role.handlers;
    state.includedHandlers.push({ roleDir: r.role.dir, file: own ? chosen.handlersFile! : r.role.handlersFile, value: handlers?.value, frame: r.frame });
  }
  return out;
}

/** `tasks_from: setup` → `<role>/tasks/setup.yaml`, `.yml`, or the name as written. */
function fromFile(roleDir: string, sub: string, name: string): string {
  const base = join(roleDir, sub, name);
  return [`${base}.yaml`, `${base}.yml`, base].find(existsSync) ?? `${base}.yaml`;
}
