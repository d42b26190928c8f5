// The one module tester. It builds a module's context the way the executor does (execute/module-context.ts
// over a HostFacts cache, the connection derived with the task's environment and become, params rendered
// and validated as prepare-task does, changes applied by execute/apply-change.ts) over whatever connection
// it is handed: this machine (local-tester.ts), recorded command output (recorded-transport.ts), a lab host
// over SSH. `converge()` is the sequence every change-making module test follows:
//   check-mode plan → apply-mode plan → apply → plan again
// check mode must predict exactly what apply did, the first run must change something, the second nothing
// (saying why, in at most one round trip by default).

import * as assert from 'uvu/assert';
import type { CompiledTask } from '../../src/engine/compile/types.js';
import type { BecomeSpec, Connection } from '../../src/engine/connection/types.js';
import { formatProblem, ModuleFailure, type Loc } from '../../src/engine/errors.js';
import { applyChange } from '../../src/engine/execute/apply-change.js';
import { HostFacts } from '../../src/engine/execute/facts.js';
import { moduleContext } from '../../src/engine/execute/module-context.js';
import { renderDeep } from '../../src/engine/expressions/template.js';
import type { AnyModule, Change, ModuleContext, Plan, ResultData } from '../../src/engine/module-api/module.js';
import { validateModuleArgs } from '../../src/engine/validate/index.js';

export interface TesterOptions {
  /** Inventory name of the host (default: the connection's). */
  host?: string;
  /** The variables the task sees. */
  vars?: Record<string, unknown>;
  /** Where controller files are looked up, as the playbook's directory (`files/`, `templates/`). */
  controllerDir?: string;
  /** The task's `environment:` and `become`, applied to the connection as the executor applies them. */
  env?: Record<string, string>;
  become?: BecomeSpec;
  /** Diff mode (default on, so changes carry their before/after). */
  diff?: boolean;
  /** Open the host's connection again (after a reboot); default: the same connection. */
  reconnect?: () => Promise<Connection>;
  /** The fact reader over a connection; default the executor's HostFacts (a table of values for planning tables). */
  factReader?: (conn: Connection) => HostFacts;
}

/** What a change looks like for comparison: its summary and diff (an action's apply is a function). */
export function describeChanges(plan: Plan): { summary: string; diff?: Change['diff'] }[] {
  return plan.changes.map((c) => ({ summary: c.summary, diff: c.diff }));
}

export const summaries = (plan: Plan): string[] => plan.changes.map((c) => c.summary);

export interface Converged {
  /** The check-mode plan. */
  predicted: Plan;
  /** The plan that was applied, and what applying it returned. */
  first: Plan;
  result: ResultData;
  /** The plan of the second run (no changes), and its round trips. */
  second: Plan;
  noopExecs: number;
}

const LOC: Loc = { file: 'module test', line: 1, col: 1 };

export class ModuleTester {
  /** The module's connection (task defaults applied) and the host's fact cache, replaced by `reconnect`. */
  conn: Connection;
  facts: HostFacts;
  readonly warnings: string[] = [];
  readonly vars: Record<string, unknown>;
  readonly host: string;

  constructor(
    private base: Connection,
    readonly opts: TesterOptions = {},
  ) {
    this.vars = opts.vars ?? {};
    this.host = opts.host ?? base.host;
    [this.conn, this.facts] = this.open(base);
  }

  /** As execute-module's contextFor: commands get become, env; reads are cached on a connection with the same. */
  private open(base: Connection): [Connection, HostFacts] {
    const { become, env } = this.opts;
    const reader = base.derive({ become, env });
    return [base.derive({ become, env }), this.opts.factReader ? this.opts.factReader(reader) : new HostFacts(reader)];
  }

  /** The context the executor would hand the module for this task. */
  context(check = false, diff = this.opts.diff ?? true, module?: AnyModule, args: Record<string, unknown> = {}): ModuleContext {
    const task = { kind: 'task', id: 't0', loc: LOC, name: module?.name ?? 'test', tags: [], when: [], notify: [], scope: { blockVars: [] }, module: module?.name ?? 'test', mod: module, args } as unknown as CompiledTask;
    return moduleContext({
      host: this.host,
      conn: this.conn,
      facts: this.facts,
      vars: this.vars,
      task,
      playbookDir: this.opts.controllerDir ?? '/nonexistent-controller-dir',
      check,
      diff,
      signal: new AbortController().signal,
      warn: (m) => void this.warnings.push(m),
      reconnect: async () => {
        const fresh = this.opts.reconnect ? await this.opts.reconnect() : this.base;
        this.base = fresh;
        [this.conn, this.facts] = this.open(fresh);
        return this.conn;
      },
    });
  }

  /** Params as prepare-task hands them over: rendered with the task's variables, validated, defaults filled in. */
  args(module: AnyModule, params: Record<string, unknown>): Record<string, unknown> {
    const args = renderDeep(structuredClone(params), this.vars, LOC) as Record<string, unknown>;
    const problems = validateModuleArgs(module, args, LOC);
    if (problems.length) throw new ModuleFailure(`invalid params for ${module.name}: ${problems.map(formatProblem).join('\n')}`);
    return args;
  }

  async plan(module: AnyModule, params: Record<string, unknown>, check = false, diff?: boolean): Promise<Plan> {
    const args = this.args(module, params);
    return module.plan(this.context(check, diff, module, args), args);
  }

  /** Apply every change in order, as execute-module does: the fact cache is dropped after each. */
  async apply(plan: Plan): Promise<ResultData> {
    let data: ResultData = { ...plan.data };
    for (const c of plan.changes) {
      try {
        data = { ...data, ...((await applyChange(this.conn, c)) ?? {}) };
      } finally {
        this.facts.invalidate();
      }
    }
    return data;
  }

  /** One run that may or may not change something (plan and apply), with a fresh fact cache. */
  async run(module: AnyModule, params: Record<string, unknown>): Promise<{ plan: Plan; result: ResultData }> {
    this.facts.invalidate();
    const plan = await this.plan(module, params);
    return { plan, result: await this.apply(plan) };
  }

  /** Round trips to the host made by `fn` (the connection's own count). */
  async countExecs<T>(fn: () => Promise<T>): Promise<{ value: T; execs: number }> {
    const before = this.conn.stats.execs;
    const value = await fn();
    return { value, execs: this.conn.stats.execs - before };
  }

  /** The required sequence, each run on a fresh fact cache as separate runs would have. */
  async converge(module: AnyModule, params: Record<string, unknown>, opts: { noopRoundTrips?: number } = {}): Promise<Converged> {
    const maxExecs = opts.noopRoundTrips ?? 1;
    const what = `${module.name} ${JSON.stringify(params)}`;
    this.facts.invalidate();
    const predicted = await this.plan(module, params, true);
    this.facts.invalidate();
    const first = await this.plan(module, params, false);
    assert.ok(first.changes.length > 0, `${what}: the first run should change something (reason: ${first.reason})`);
    assert.equal(describeChanges(predicted), describeChanges(first), `${module.name}: check mode must predict exactly what apply does`);
    const result = await this.apply(first);
    this.facts.invalidate();
    const { value: second, execs } = await this.countExecs(() => this.plan(module, params, false));
    assert.equal(describeChanges(second), [], `${what}: the second run must change nothing`);
    assert.ok(second.reason && second.reason.length > 0, `${module.name}: a no-op must say why`);
    assert.ok(execs <= maxExecs, `${module.name}: a no-op must cost at most ${maxExecs} round trip(s), took ${execs}`);
    return { predicted, first, result, second, noopExecs: execs };
  }
}

/** The ModuleFailure a plan or apply threw (fails the test when nothing, or something else, was thrown). */
export async function failure(fn: () => Promise<unknown>): Promise<ModuleFailure> {
  try {
    await fn();
  } catch (e) {
    if (e instanceof ModuleFailure) return e;
    throw e;
  }
  assert.unreachable('expected a ModuleFailure');
  throw new Error('unreachable');
}
