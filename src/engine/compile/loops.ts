// A task's loop, in either of Ansible's forms: `loop:` (a list) or `with_<lookup>:` (the lookup's terms,
// turned into items at run time), and its `loop_control`. A task may loop only one way.

import { locOf } from '../load/yaml.js';
import type { CompileContext } from './context.js';
import { isMapping, type Mapping } from './keywords.js';
import type { CompiledTask, LoopControl } from './types.js';

type TaskLoop = Pick<CompiledTask, 'loop' | 'loop_with' | 'loop_control'>;

/** The loop fields of the compiled task; empty when it does not loop (or loops two ways, reported). */
export function taskLoop(raw: Mapping, ctx: CompileContext): TaskLoop {
  // The schema only lets through with_<name> keys of lookups runbook has.
  const keys = Object.keys(raw).filter((k) => k === 'loop' || (k.startsWith('with_') && raw[k] !== undefined));
  if (keys.length === 0) return {};
  if (keys.length > 1) {
    ctx.report({ loc: locOf(raw, keys[1]!, 'key'), message: `a task loops one way only, and this one has ${keys.join(' and ')}`, hint: 'keep one of them' });
    return {};
  }
  const key = keys[0]!;
  return {
    loop: raw[key],
    ...(key === 'loop' ? {} : { loop_with: key.slice('with_'.length) }),
    loop_control: loopControl(raw.loop_control),
  };
}

function loopControl(value: unknown): LoopControl {
  const lc: LoopControl = { loop_var: 'item' };
  if (!isMapping(value)) return lc;
  if (typeof value.loop_var === 'string') lc.loop_var = value.loop_var;
  if (typeof value.index_var === 'string') lc.index_var = value.index_var;
  if (typeof value.label === 'string') lc.label = value.label;
  if (typeof value.pause === 'number') lc.pause = value.pause;
  if (typeof value.extended === 'boolean') lc.extended = value.extended;
  if (typeof value.extended_allitems === 'boolean') lc.extended_allitems = value.extended_allitems;
  return lc;
}
