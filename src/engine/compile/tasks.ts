// A list of tasks as written → compiled nodes: blocks (with rescue/always), import_tasks (inlined here at
// compile time, relative to the including file; import_role in include-role.ts), include_tasks and
// include_role (nodes resolved on each host, include-dynamic.ts), `meta:` and module tasks. Blocks and imports pass tags, conditions and keywords down.

import { dirname, resolve } from 'node:path';
import type { Loc } from '../errors.js';
import { locOf } from '../load/yaml.js';
import { validateDocument } from '../validate/index.js';
import { displayPath } from './context.js';
import { IdGen, type Frame, type PlayState } from './frame.js';
import { conditionsOf, inheritedOf, isMapping, mergeTags, stringOr, tagsOf, tasksFileOf, type Mapping } from './keywords.js';
import { builtinKeyIn } from '../module-api/collections.js';
import { compileDynamicInclude } from './include-dynamic.js';
import { compileRoleInclude } from './include-role.js';
import { compileModuleTask } from './module-task.js';
import { META_ACTIONS, type CompiledBlock, type FlushHandlers, type MetaAction, type MetaTask, type TaskNode } from './types.js';

export async function compileTasks(list: unknown, frame: Frame, state: PlayState, ids: IdGen): Promise<TaskNode[]> {
  if (!Array.isArray(list)) return [];
  const out: TaskNode[] = [];
  for (let i = 0; i < list.length; i++) {
    const raw: unknown = list[i];
    if (!isMapping(raw)) continue; // the document schema reported it
    const loc = locOf(list, i)!;
    // Each kind may be written qualified, as Ansible content does: `ansible.builtin.import_tasks:`.
    const importKey = builtinKeyIn(raw, 'import_tasks');
    const roleKey = builtinKeyIn(raw, 'import_role');
    const includeKey = builtinKeyIn(raw, 'include_tasks') ?? builtinKeyIn(raw, 'include_role');
    const metaKey = builtinKeyIn(raw, 'meta');
    if ('block' in raw) out.push(await compileBlock(raw, loc, ids.next(), frame, state));
    else if (importKey) out.push(...(await compileImport(raw, importKey, loc, frame, state, ids)));
    else if (includeKey) {
      const include = await compileDynamicInclude(raw, includeKey, loc, ids.next(), frame, state, compileTasks);
      if (include) out.push(include);
    }
    else if (roleKey) out.push(...(await compileRoleInclude(raw, roleKey, loc, frame, state, ids, compileTasks)));
    else if (metaKey) {
      const meta = metaTask(raw, metaKey, loc, ids.next(), frame, state);
      if (meta) out.push(meta);
    } else {
      const task = await compileModuleTask(raw, loc, ids.next(), frame, state);
      if (task) out.push(task);
    }
  }
  return out;
}

/** The frame for what is inside a block or an import: its tags, conditions, keywords and vars added. */
function innerFrame(raw: Mapping, frame: Frame, state: PlayState): Frame {
  const vars = isMapping(raw.vars) ? raw.vars : undefined;
  return {
    ...frame,
    tags: mergeTags(frame.tags, tagsOf(raw.tags)),
    when: [...frame.when, ...conditionsOf(raw, 'when', state.ctx)],
    inherited: inheritedOf(raw, frame.inherited),
    scope: vars ? { ...frame.scope, blockVars: [...frame.scope.blockVars, vars] } : frame.scope,
    ...('block' in raw && raw.notify !== undefined ? { notifyFrom: raw } : {}),
  };
}

async function compileBlock(raw: Mapping, loc: Loc, id: string, frame: Frame, state: PlayState): Promise<CompiledBlock> {
  const inner = innerFrame(raw, frame, state);
  return {
    kind: 'block',
    id,
    loc,
    name: stringOr(raw.name, 'block'),
    tags: inner.tags,
    when: inner.when,
    scope: inner.scope,
    ...inner.inherited,
    block: await compileTasks(raw.block, inner, state, new IdGen(`${id}.`, 'b')),
    rescue: await compileTasks(raw.rescue, inner, state, new IdGen(`${id}.`, 'r')),
    always: await compileTasks(raw.always, inner, state, new IdGen(`${id}.`, 'a')),
  };
}

/** The imported file's tasks, in place of the import; they share the including list's ids. */
async function compileImport(raw: Mapping, writtenKey: string, loc: Loc, frame: Frame, state: PlayState, ids: IdGen): Promise<TaskNode[]> {
  const named = tasksFileOf(raw, writtenKey);
  if (!named) return []; // the document schema reported it
  const at = locOf(named.container, named.key) ?? loc;
  const path = state.ctx.renderPath(named.file, frame.vars, at);
  if (path === undefined) return [];
  const file = resolve(dirname(frame.file), path);
  if (frame.imports.includes(file) || file === frame.file) {
    const cycle = [...frame.imports, frame.file, file].map(displayPath).join(' → ');
    state.ctx.report({ loc: at, message: `import_tasks cycle: ${cycle}`, hint: 'a tasks file must not import itself, directly or through other files' });
    return [];
  }
  const doc = await state.ctx.load(file, (d) => validateDocument('tasks', d, state.ctx.modules), { loc: at, what: 'import_tasks file' }, 'tasks');
  if (!doc) return [];
  const inner = { ...innerFrame(raw, frame, state), file, imports: [...frame.imports, frame.file] };
  return compileTasks(doc.value, inner, state, ids);
}

function metaTask(raw: Mapping, key: string, loc: Loc, id: string, frame: Frame, state: PlayState): FlushHandlers | MetaTask | undefined {
  const action = raw[key];
  const base = { id, loc, name: stringOr(raw.name, `meta: ${String(action)}`), tags: mergeTags(frame.tags, tagsOf(raw.tags)) };
  if (action === 'flush_handlers') return { kind: 'flush_handlers', ...base, implicit: false };
  if (action === 'refresh_inventory') {
    state.ctx.report({ loc: locOf(raw, key), message: 'meta: refresh_inventory is not supported: runbook reads the inventory once, before the run', hint: 'split the playbook in two runs, or add the hosts to the inventory beforehand' });
    return undefined;
  }
  if (!(META_ACTIONS as readonly unknown[]).includes(action)) return undefined; // the document schema reported it
  return { kind: 'meta', action: action as MetaAction, ...base, when: [...frame.when, ...conditionsOf(raw, 'when', state.ctx)], scope: frame.scope };
}
