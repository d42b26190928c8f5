// One play → CompiledPlay: vars and vars_files, roles (with dependencies), the task sections with the
// implicit handler flushes Ansible inserts (after pre_tasks, after roles+tasks, after post_tasks),
// handlers (roles' first, then the play's, as Ansible orders them) and notify resolution.

import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Loc } from '../errors.js';
import { PatternError, parsePattern } from '../inventory/patterns.js';
import { locOf } from '../load/yaml.js';
import { validateDocument } from '../validate/index.js';
import type { CompileContext } from './context.js';
import { IdGen, type Frame, type PlayState } from './frame.js';
import { compileHandlers, resolveNotifies } from './handlers.js';
import { inheritedOf, isMapping, mergeTags, stringOr, tagsOf, type Mapping } from './keywords.js';
import { expandRoles } from './play-roles.js';
import { compileTasks } from './tasks.js';
import type { CompiledHandler, CompiledPlay, Condition, FlushHandlers, PlayOptions, TaskNode, Vars, VarsPrompt } from './types.js';

/** What an `import_playbook:` entry adds to each play it brings in. */
export interface ImportedBy {
  vars: Vars;
  tags: string[];
  when: Condition[];
}

export async function compilePlay(raw: Mapping, loc: Loc, file: string, id: string, importedBy: ImportedBy, ctx: CompileContext): Promise<CompiledPlay> {
  const dir = dirname(file);
  const hosts = hostPattern(raw, ctx);
  const vars = { ...importedBy.vars, ...(isMapping(raw.vars) ? raw.vars : {}) };
  Object.assign(vars, await varsFiles(raw, dir, vars, ctx));
  const frame: Frame = {
    file,
    tags: mergeTags(importedBy.tags, tagsOf(raw.tags)),
    when: importedBy.when,
    inherited: inheritedOf(raw, {}),
    scope: { blockVars: [] },
    imports: [],
    vars,
  };
  const state: PlayState = { ctx, notifies: [], declaredHandlers: new Set(), playDir: dir, includedHandlers: [] };
  const ids = new IdGen(`${id}.`, 't');
  const flush = (): FlushHandlers => ({ kind: 'flush_handlers', id: ids.next(), loc, name: 'flush handlers', tags: [], implicit: true });

  const tasks: TaskNode[] = [...(await compileTasks(raw.pre_tasks, frame, state, ids)), flush()];
  const roles = await expandRoles(raw.roles, frame, dir, state);
  for (const r of roles) tasks.push(...(await compileTasks(r.role.tasks?.value, r.frame, state, ids)));
  tasks.push(...(await compileTasks(raw.tasks, frame, state, ids)), flush());
  tasks.push(...(await compileTasks(raw.post_tasks, frame, state, ids)), flush());

  const handlerIds = new IdGen(`${id}.`, 'h');
  const handlers: CompiledHandler[] = [];
  const seenRoles = new Set<string>();
  const roleHandlers = [
    ...roles.map((r) => ({ roleDir: r.role.dir, file: r.role.handlersFile, value: r.role.handlers?.value, frame: r.frame })),
    ...state.includedHandlers,
  ];
  for (const r of roleHandlers) {
    if (seenRoles.has(`${r.roleDir}\0${r.file}`)) continue;
    seenRoles.add(`${r.roleDir}\0${r.file}`);
    handlers.push(...(await compileHandlers(r.value, { ...r.frame, file: r.file, tags: [], when: [] }, state, handlerIds)));
  }
  handlers.push(...(await compileHandlers(raw.handlers, { ...frame, tags: [], when: [] }, state, handlerIds)));
  resolveNotifies(handlers, state);
  state.handlers = handlers;

  return {
    id,
    loc,
    name: stringOr(raw.name, hosts),
    hosts,
    vars,
    prompts: varsPrompts(raw.vars_prompt),
    roleDefaults: Object.assign({}, ...roles.map((r) => r.frame.scope.roleDefaults)) as Vars,
    options: playOptions(raw, frame),
    tags: frame.tags,
    tasks,
    handlers,
  };
}

/** `hosts:` as one pattern (a list is a union), syntax-checked unless it is a template. */
function hostPattern(raw: Mapping, ctx: CompileContext): string {
  const value = raw.hosts;
  const hosts = Array.isArray(value) ? value.filter((h) => typeof h === 'string').join(':') : typeof value === 'string' ? value : '';
  if (value === undefined || hosts.includes('{{')) return hosts; // missing: the schema said so; templated: run time
  try {
    parsePattern(hosts);
  } catch (e) {
    if (!(e instanceof PatternError)) throw e;
    ctx.report({ loc: locOf(raw, 'hosts'), message: `invalid host pattern: ${e.message}`, hint: e.hint });
  }
  return hosts;
}

/** Each vars file (relative to the playbook) merged in order; a list item is "the first that exists". */
async function varsFiles(raw: Mapping, dir: string, vars: Vars, ctx: CompileContext): Promise<Vars> {
  const list = raw.vars_files;
  if (!Array.isArray(list)) return {};
  const merged: Vars = {};
  for (let i = 0; i < list.length; i++) {
    const item: unknown = list[i];
    const at = locOf(list, i);
    const choices = (Array.isArray(item) ? item : [item]).filter((p): p is string => typeof p === 'string');
    const paths = choices.map((p) => ctx.renderPath(p, { ...vars, ...merged }, at)).filter((p) => p !== undefined);
    if (paths.length < choices.length) continue; // a path that could not be rendered was reported
    const files = paths.map((p) => resolve(dir, p));
    const file = files.length === 1 ? files[0] : files.find(existsSync);
    if (file === undefined) {
      if (files.length > 1) ctx.report({ loc: at, message: `none of these vars files exists: ${paths.join(', ')}`, hint: `looked in ${dir}` });
      continue;
    }
    const doc = await ctx.load(file, (d) => validateDocument('vars', d), { loc: at, what: 'vars file' }, 'vars');
    if (doc && isMapping(doc.value)) Object.assign(merged, doc.value);
  }
  return merged;
}

function varsPrompts(list: unknown): VarsPrompt[] {
  if (!Array.isArray(list)) return [];
  return list.flatMap((p, i): VarsPrompt[] => {
    if (!isMapping(p) || typeof p.name !== 'string') return []; // the document schema reported it
    const prompt = typeof p.prompt === 'string' ? p.prompt : p.name;
    return [{ name: p.name, prompt, private: p.private !== false, confirm: p.confirm === true, loc: locOf(list, i)!, ...(p.default !== undefined ? { default: p.default } : {}) }];
  });
}

function playOptions(raw: Mapping, frame: Frame): PlayOptions {
  const options: PlayOptions = { ...frame.inherited, gather_facts: raw.gather_facts !== false };
  const serial = Array.isArray(raw.serial) ? raw.serial : raw.serial === undefined ? [] : [raw.serial];
  const batches = serial.filter((s): s is number | string => typeof s === 'number' || typeof s === 'string');
  if (batches.length > 0) options.serial = batches;
  if (raw.connection === 'local' || raw.connection === 'ssh') options.connection = raw.connection;
  if (typeof raw.max_fail_percentage === 'number') options.max_fail_percentage = raw.max_fail_percentage;
  return options;
}
