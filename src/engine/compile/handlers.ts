// Handlers: compiled like tasks plus `listen` topics. Every `notify:` entry must name a handler or a
// topic of the same play (a role's handler may also be named `role : handler`, as in Ansible);
// anything else is a compile error at the entry, with "did you mean".

import { locOf } from '../load/yaml.js';
import { didYouMean } from '../validate/did-you-mean.js';
import type { Frame, IdGen, PlayState } from './frame.js';
import { conditionsOf, inheritedOf, isMapping, stringsOf, type Mapping } from './keywords.js';
import { compileModuleTask } from './module-task.js';
import type { CompiledHandler } from './types.js';

export async function compileHandlers(list: unknown, frame: Frame, state: PlayState, ids: IdGen): Promise<CompiledHandler[]> {
  if (!Array.isArray(list)) return [];
  const out: CompiledHandler[] = [];
  for (let i = 0; i < list.length; i++) {
    const raw: unknown = list[i];
    if (!isMapping(raw)) continue;
    if ('block' in raw) {
      out.push(...(await handlerBlock(raw, frame, state, ids)));
      continue;
    }
    for (const name of [...stringsOf(raw.name), ...stringsOf(raw.listen)]) state.declaredHandlers.add(name);
    const task = await compileModuleTask(raw, locOf(list, i)!, ids.next(), frame, state);
    if (task) out.push({ ...task, listen: stringsOf(raw.listen) });
  }
  return out;
}

/**
 * A block in handlers: each handler inside answers to its own name, with the block's keywords, vars and
 * `when`. Its rescue/always are checked but not run: runbook runs handlers one by one, not as a block.
 */
async function handlerBlock(raw: Mapping, frame: Frame, state: PlayState, ids: IdGen): Promise<CompiledHandler[]> {
  const vars = isMapping(raw.vars) ? raw.vars : undefined;
  const inner: Frame = {
    ...frame,
    when: [...frame.when, ...conditionsOf(raw, 'when', state.ctx)],
    inherited: inheritedOf(raw, frame.inherited),
    scope: vars ? { ...frame.scope, blockVars: [...frame.scope.blockVars, vars] } : frame.scope,
  };
  for (const key of ['rescue', 'always']) {
    if (raw[key] === undefined) continue;
    await compileHandlers(raw[key], inner, state, ids);
    state.ctx.warn({ loc: locOf(raw, key, 'key'), message: `${key}: of a block of handlers is not run: runbook runs each notified handler on its own`, hint: 'a failed handler fails the host; put what rescue: does in the handler itself if it is needed' });
  }
  return compileHandlers(raw.block, inner, state, ids);
}

/**
 * Check every notify entry of the play against its handlers, and rewrite `role : handler` entries to the
 * handler's own name, which is what the executor matches.
 */
export function resolveNotifies(handlers: readonly CompiledHandler[], state: PlayState): void {
  const known = new Map<string, string>();
  for (const h of handlers) {
    known.set(h.name, h.name);
    for (const topic of h.listen) known.set(topic, topic);
  }
  for (const h of handlers) if (h.scope.role && !known.has(`${h.scope.role.name} : ${h.name}`)) known.set(`${h.scope.role.name} : ${h.name}`, h.name);
  for (const ref of state.notifies) {
    const written = ref.task.notify[ref.index]!;
    const target = known.get(written);
    if (target !== undefined) {
      ref.task.notify[ref.index] = target;
      continue;
    }
    if (state.declaredHandlers.has(written)) continue; // that handler has a problem of its own
    const names = [...new Set(handlers.flatMap((h) => [h.name, ...h.listen]))];
    state.ctx.report({
      loc: ref.loc,
      message: `notify names no handler of this play: ${JSON.stringify(written)}`,
      hint:
        didYouMean(written, known.keys()) ??
        (names.length > 0 ? `handlers and listen topics of this play: ${names.join(', ')}` : 'this play has no handlers: add them under handlers: (or in a role\'s handlers/main.yaml)'),
    });
  }
}
