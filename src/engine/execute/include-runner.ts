// `include_tasks:` / `include_role:` on a batch of hosts, as Ansible runs them: on each host its `when`
// decides, its loop gives the items, and its target is rendered with the host's vars (facts included);
// then the hosts that include the same target with the same item run its tasks together, target after
// target, in the order hosts first reached them. A target that fails to compile (a module runbook lacks,
// a missing file) fails only the hosts that reach it.

import type { CompiledInclude, TaskNode, Vars } from '../compile/types.js';
import { selectTasks, type TagFilter } from '../compile/select.js';
import { evaluateCondition } from '../expressions/condition.js';
import { renderString } from '../expressions/template.js';
import { InterruptedError } from '../errors.js';
import type { TaskRef } from '../events.js';
import type { HostState } from './host-state.js';
import { itemVars, loopItems } from './loop-items.js';
import { errorResult, statusOf } from './outcome.js';
import type { PlayContext } from './play-context.js';
import type { TaskOutcome } from './run-task.js';

/** What the include runner needs of the play runner. */
export interface IncludeHost {
  readonly filter: TagFilter;
  runNodes(nodes: TaskNode[], hosts: HostState[]): Promise<void>;
  /** An include's own result (resolving its target, on the controller) takes no time worth reporting: durationMs 0. */
  record(task: { notify?: string[] }, ref: TaskRef, host: HostState, outcome: TaskOutcome, durationMs?: number): void;
}

interface Group {
  target: string;
  vars: Vars | undefined;
  hosts: HostState[];
}

export async function runInclude(pc: PlayContext, runner: IncludeHost, node: CompiledInclude, hosts: HostState[]): Promise<void> {
  const active = hosts.filter((h) => h.active);
  if (active.length === 0) return;
  const ref: TaskRef = { id: node.id, name: node.name, ...(node.scope.role ? { role: node.scope.role.name } : {}), module: node.action, loc: node.loc, handler: false, tags: node.tags };
  pc.settings.emit({ kind: 'task-start', task: ref, hosts: active.map((h) => h.name) });
  const groups = new Map<string, Group>();
  for (const host of active) {
    let result;
    try {
      const targets = includesOn(pc, node, host);
      for (const t of targets) {
        const key = `${t.target}\0${JSON.stringify(t.vars ?? null)}`;
        const group = groups.get(key) ?? { target: t.target, vars: t.vars, hosts: [] };
        group.hosts.push(host);
        groups.set(key, group);
      }
      result = targets === SKIPPED ? { changed: false, failed: false, skipped: true } : { changed: false, failed: false, include: targets.map((t) => t.target) };
    } catch (e) {
      if (e instanceof InterruptedError) throw e;
      result = errorResult(e);
    }
    runner.record({}, ref, host, { status: statusOf(result), result, ignored: false, noLog: false });
  }
  for (const group of groups.values()) {
    let nodes: TaskNode[];
    try {
      nodes = node.resolved[group.target] ?? (await node.load(group.target));
    } catch (e) {
      const result = errorResult(e);
      for (const host of group.hosts.filter((h) => h.active)) runner.record({}, ref, host, { status: 'failed', result, ignored: false, noLog: false });
      continue;
    }
    await runner.runNodes(selectTasks(group.vars ? withVars(nodes, group.vars, node.outerVars) : nodes, runner.filter), group.hosts);
  }
}

const SKIPPED: { target: string; vars?: Vars }[] = [];

/** The targets `host` includes: none when `when` is false (SKIPPED), one per loop item, or one. */
function includesOn(pc: PlayContext, node: CompiledInclude, host: HostState): { target: string; vars?: Vars }[] {
  const vars = pc.vars(host, node.scope);
  for (const c of node.when) if (!evaluateCondition(c.expr, vars, c.loc)) return SKIPPED;
  const render = (local: Vars | undefined) => String(renderString(node.target, local ? pc.vars(host, node.scope, local) : vars, node.loc));
  if (node.loop === undefined) return [{ target: render(undefined) }];
  const items = loopItems(node, vars);
  if (!Array.isArray(items)) throw new Error(items.failure);
  const control = node.loop_control ?? { loop_var: 'item' };
  return items.map((_, i) => {
    const local = itemVars(control, items, i);
    return { target: render(local), vars: local };
  });
}

/** The nodes with an item's variables visible to every task inside, just above the vars from outside the include. */
function withVars(nodes: TaskNode[], vars: Vars, at: number): TaskNode[] {
  return nodes.map((n): TaskNode => {
    if (n.kind === 'flush_handlers') return n;
    const blockVars = [...n.scope.blockVars.slice(0, at), vars, ...n.scope.blockVars.slice(at)];
    const scope = { ...n.scope, blockVars };
    if (n.kind === 'block') return { ...n, scope, block: withVars(n.block, vars, at), rescue: withVars(n.rescue, vars, at), always: withVars(n.always, vars, at) };
    if (n.kind === 'include') {
      const resolved = Object.fromEntries(Object.entries(n.resolved).map(([k, v]) => [k, withVars(v, vars, at)]));
      return { ...n, scope, resolved, outerVars: n.outerVars + 1, load: (t) => n.load(t).then((ns) => withVars(ns, vars, at)) };
    }
    return { ...n, scope };
  });
}
