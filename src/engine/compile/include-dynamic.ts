// `include_tasks:` and `include_role:` with Ansible's run-time semantics: the include is a node of its own
// whose `when`, `tags` and `loop` are the include's only; its target (`setup-{{ ansible_os_family }}.yml`,
// a role name) is rendered on each host when reached. A target that needs no fact (no template, or one over
// play and extra vars) is compiled now, so validate checks it; any other is compiled on the first host
// that reaches it, and validate says so in a note — a task file for another OS family never loads on Debian.

import { dirname, resolve } from 'node:path';
import { InvalidInputError, type Loc } from '../errors.js';
import { locOf } from '../load/yaml.js';
import { validateDocument } from '../validate/index.js';
import { CompileContext, displayPath, tryRender } from './context.js';
import { IdGen, type Frame, type PlayState } from './frame.js';
import { resolveNotifies } from './handlers.js';
import { compileRoleInclude } from './include-role.js';
import { conditionsOf, inheritedOf, isMapping, mergeTags, stringOr, tagsOf, tasksFileOf, type Mapping } from './keywords.js';
import { taskLoop } from './loops.js';
import type { CompiledInclude, TaskNode } from './types.js';

type Compile = (list: unknown, frame: Frame, state: PlayState, ids: IdGen) => Promise<TaskNode[]>;

export async function compileDynamicInclude(raw: Mapping, writtenKey: string, loc: Loc, id: string, frame: Frame, state: PlayState, compileTasks: Compile): Promise<CompiledInclude | undefined> {
  const action = writtenKey.endsWith('include_role') ? 'include_role' : 'include_tasks';
  const spec = raw[writtenKey];
  const named = action === 'include_tasks' ? tasksFileOf(raw, writtenKey) : isMapping(spec) && typeof spec.name === 'string' ? { file: spec.name, container: spec, key: 'name' } : undefined;
  if (!named) return undefined; // the document schema reported it
  const target = named.file;
  const at = locOf(named.container, named.key) ?? loc;
  const ctx = state.ctx;
  // The children run once the include decided to: its own when and tags are not theirs (Ansible's `apply:`
  // is the way to pass keywords down); its vars are, as include parameters.
  const vars = action === 'include_tasks' && isMapping(raw.vars) ? raw.vars : undefined;
  // apply: is written in include_role's options, or in include_tasks' mapping form.
  const apply: Mapping = isMapping(spec) && isMapping(spec.apply) ? spec.apply : {};
  const inner: Frame = {
    ...frame,
    tags: mergeTags(frame.tags, tagsOf(apply.tags)),
    when: conditionsOf(apply, 'when', ctx),
    inherited: inheritedOf(apply, inheritedOf(raw, frame.inherited)),
    scope: vars ? { ...frame.scope, blockVars: [...frame.scope.blockVars, vars] } : frame.scope,
  };
  // include_role's role parameters and keywords are read from the task by compileRoleInclude: not its when/tags.
  const roleTask: Mapping = Object.fromEntries(Object.entries(raw).filter(([k]) => k !== 'when' && k !== 'tags'));

  const compileTarget = async (rendered: string, st: PlayState, ids: IdGen): Promise<TaskNode[]> => {
    if (action === 'include_role') {
      const named = rendered === target ? spec : { ...(spec as Mapping), name: rendered };
      return compileRoleInclude({ ...roleTask, [writtenKey]: named }, writtenKey, loc, inner, st, ids, compileTasks);
    }
    const file = resolve(dirname(frame.file), rendered);
    if (frame.imports.includes(file) || file === frame.file) {
      const cycle = [...frame.imports, frame.file, file].map(displayPath).join(' → ');
      st.ctx.report({ loc: at, message: `include_tasks cycle: ${cycle}`, hint: 'a tasks file must not include itself, directly or through other files' });
      return [];
    }
    const doc = await st.ctx.load(file, (d) => validateDocument('tasks', d), { loc: at, what: 'include_tasks file' }, 'tasks');
    if (!doc) return [];
    return compileTasks(doc.value, { ...inner, file, imports: [...frame.imports, frame.file] }, st, ids);
  };

  const resolved: Record<string, TaskNode[]> = {};
  const now = tryRender(ctx, target, frame.vars);
  if ('value' in now) {
    const before = ctx.problems.length;
    const nodes = await compileTarget(now.value, state, new IdGen(`${id}.`, 'i'));
    const found = ctx.problems.slice(before);
    if (found.length > 0 && found.every((p) => p.missingModule)) {
      // Ansible loads an included file only on a host that reaches the include: a module runbook lacks
      // there (a task file for another OS family) fails that host, not the run. validate notes it.
      ctx.problems.splice(before);
      ctx.note(...found.map((p) => ({ ...p, message: `${p.message}; in ${displayPath(resolve(dirname(frame.file), now.value))}, included by ${action}: a host that reaches this include fails there` })));
    } else resolved[now.value] = nodes;
  } else {
    ctx.note({
      loc: at,
      message: `${action} ${JSON.stringify(target)} is resolved on each host when reached (${needs(now.reason)}): its tasks are checked there, on the hosts that reach it`,
      hint: 'a file or role named without facts is checked by validate; this one is not',
    });
  }

  // A target known only on a host compiles once, on the first host that reaches it; its problems fail that host.
  const loaded = new Map<string, Promise<TaskNode[]>>();
  let n = 0;
  const load = (rendered: string): Promise<TaskNode[]> => {
    let pending = loaded.get(rendered);
    if (!pending) {
      const sub = new CompileContext(ctx.playbookDir, ctx.extraVars, ctx.modules);
      const st: PlayState = { ...state, ctx: sub, notifies: [], includedHandlers: [] };
      pending = compileTarget(rendered, st, new IdGen(`${id}.${n++}`, 'i')).then((nodes) => {
        resolveNotifies(state.handlers ?? [], st);
        if (sub.problems.length > 0) throw new InvalidInputError(sub.problems);
        return nodes;
      });
      loaded.set(rendered, pending);
    }
    return pending;
  };

  const written = action === 'include_tasks' ? target : `role ${target}`;
  return {
    kind: 'include',
    action,
    id,
    loc,
    name: stringOr(raw.name, `${action}: ${written}`),
    tags: mergeTags(frame.tags, tagsOf(raw.tags)),
    when: [...frame.when, ...conditionsOf(raw, 'when', ctx)],
    scope: frame.scope,
    ...inheritedOf(raw, frame.inherited),
    target,
    ...taskLoop(raw, ctx),
    // A role's tasks have a scope of their own (blockVars start empty there).
    outerVars: action === 'include_role' ? 0 : inner.scope.blockVars.length,
    resolved,
    load,
  };
}

/** `'family' is undefined in "…"` → `it needs family`; any other reason as it is. */
function needs(reason: string): string {
  const undefinedVar = /'([^']+)' is undefined/.exec(reason);
  return undefinedVar ? `it needs ${undefinedVar[1]}, known only on the host` : reason;
}
