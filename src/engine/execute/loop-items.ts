// A looping task's items on one host, and the variables each item runs with. `loop:` is templated and
// must give a list; `with_<name>:` is Ansible's lookup form: its terms are templated and listified (a
// string is one term), then the lookup turns them into the items, as Ansible's task executor does.

import type { CompiledTask, LoopControl, Vars } from '../compile/types.js';
import { queryLookup, renderDeep } from '../expressions/template.js';

/** The items, or a failure message when `loop:` is not a list. Template and lookup errors throw, located. */
export function loopItems(task: Pick<CompiledTask, 'loop' | 'loop_with' | 'loc'> & { module?: string }, vars: Vars): unknown[] | { failure: string } {
  const value = renderDeep(task.loop, vars, task.loc);
  if (task.loop_with === undefined) return Array.isArray(value) ? value : { failure: `loop must be a list, got ${describeType(value)}` };
  return queryLookup(task.loop_with, listify(value, task.loop_with), vars, task.loc, { _subdir: subdirOf(task.module ?? '') });
}

/** The folder a with_<lookup> searches for relative files, as Ansible's task executor picks it from the action's name. */
function subdirOf(module: string): string {
  return module.includes('template') ? 'templates' : module.includes('var') ? 'vars' : 'files';
}

/** listify_lookup_plugin_terms: a list stays, anything else is one term (a mapping iterates its keys, except for dict). */
function listify(value: unknown, lookup: string): unknown[] {
  if (Array.isArray(value)) return value;
  if (value !== null && typeof value === 'object' && lookup !== 'dict') return Object.keys(value);
  return [value];
}

/** The variables of item `index`: the loop variable, ansible_loop (extended on request), the index variable. */
export function itemVars(control: LoopControl, items: readonly unknown[], index: number): Vars {
  const last = index === items.length - 1;
  const loop: Vars = { index: index + 1, index0: index, first: index === 0, last, length: items.length };
  if (control.extended) {
    Object.assign(loop, { revindex: items.length - index, revindex0: items.length - index - 1 });
    if (control.extended_allitems !== false) loop.allitems = items;
    if (index > 0) loop.previtem = items[index - 1];
    if (!last) loop.nextitem = items[index + 1];
  }
  return {
    [control.loop_var]: items[index],
    ansible_loop_var: control.loop_var,
    ansible_loop: loop,
    ...(control.index_var ? { [control.index_var]: index, ansible_index_var: control.index_var } : {}),
  };
}

function describeType(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'a list' : typeof v === 'object' ? 'a mapping' : `${typeof v} ${JSON.stringify(v)}`;
}
