// The module test harness: a real ModuleContext over the local connection (HostFacts for facts, the real
// template and condition engines, a temporary controller directory for files/ and templates/), and the
// required sequence for every change-making module:
//   check-mode plan → apply-mode plan and apply → plan again
// asserting that check mode predicted exactly what apply did, that the first run changed something, that
// the second changed nothing (and says why, in at most one round trip), and leaving the files to check.

import { mkdtempSync, mkdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import * as assert from 'uvu/assert';
import { localConnection } from '../../src/engine/connection/local.js';
import type { Connection } from '../../src/engine/connection/types.js';
import { evaluateExpression } from '../../src/engine/expressions/condition.js';
import { ModuleFailure } from '../../src/engine/errors.js';
import { HostFacts } from '../../src/engine/execute/facts.js';
import { renderText } from '../../src/engine/expressions/template.js';
import { argsFor } from '../helpers/module-args.js';
import type { AnyModule, Change, ModuleContext, Plan, ResultData } from '../../src/engine/module-api/module.js';
import { applyChange } from '../../src/engine/execute/apply-change.js';

export interface HarnessOptions {
  vars?: Record<string, unknown>;
  /** Controller files, by path relative to the controller dir: `{ 'files/a.txt': '…', 'templates/b.hbs': '…' }`. */
  controllerFiles?: Record<string, string>;
  /** Task environment, applied by the connection as the executor does (`environment:`); may use the temp dir. */
  env?: Record<string, string> | ((dir: string) => Record<string, string>);
}

/** What a change looks like for comparison: its summary and diff (apply is a function). */
export function describeChanges(plan: Plan): { summary: string; diff?: Change['diff'] }[] {
  return plan.changes.map((c) => ({ summary: c.summary, diff: c.diff }));
}

export class Harness {
  readonly conn: Connection;
  readonly facts: HostFacts;
  readonly warnings: string[] = [];
  /** A fresh temporary directory on the "host" (this machine), removed by `cleanup()`. */
  readonly dir = mkdtempSync(join(tmpdir(), 'runbook-module-'));
  /** The controller side: role-like `files/` and `templates/`. */
  readonly controller = mkdtempSync(join(tmpdir(), 'runbook-controller-'));
  vars: Record<string, unknown>;

  constructor(opts: HarnessOptions = {}) {
    const local = localConnection();
    const env = typeof opts.env === 'function' ? opts.env(this.dir) : opts.env;
    this.conn = env ? local.derive({ env }) : local;
    this.facts = new HostFacts(this.conn);
    this.vars = opts.vars ?? {};
    for (const [rel, text] of Object.entries(opts.controllerFiles ?? {})) this.writeController(rel, text);
  }

  path(...parts: string[]): string {
    return join(this.dir, ...parts);
  }

  writeController(rel: string, text: string): void {
    mkdirSync(dirname(join(this.controller, rel)), { recursive: true });
    writeFileSync(join(this.controller, rel), text);
  }

  context(check: boolean, diff = true): ModuleContext {
    const vars = this.vars;
    return {
      host: 'localhost',
      check,
      diff,
      conn: this.conn,
      vars,
      signal: new AbortController().signal,
      facts: ((...facts) => this.facts.fetch(...facts)) as ModuleContext['facts'],
      evaluate: (expression) => evaluateExpression(expression, vars),
      render: (text, name) => renderText(text, vars, name),
      findFile: async (kind, path) => {
        const found = join(this.controller, kind, path);
        if (!existsSync(found)) throw new ModuleFailure(`could not find ${path}`, {}, { hint: `looked in ${join(this.controller, kind)}` });
        return found;
      },
      warn: (m) => void this.warnings.push(m),
      reconnect: async () => this.conn,
    };
  }

  /** Validate params as the executor does (ajv, defaults filled in), then plan. */
  async plan(module: AnyModule, params: Record<string, unknown>, check = false, diff = true): Promise<Plan> {
    return module.plan(this.context(check, diff), argsFor(module, params));
  }

  /** Apply every change in order, as the executor does, then forget cached facts. */
  async apply(plan: Plan): Promise<ResultData> {
    let data: ResultData = { ...plan.data };
    try {
      for (const c of plan.changes) data = { ...data, ...((await applyChange(this.conn, c)) ?? {}) };
    } finally {
      if (plan.changes.length) this.facts.invalidate();
    }
    return data;
  }

  /** Execs made by `fn` (round trips to the host). */
  async countExecs<T>(fn: () => Promise<T>): Promise<{ value: T; execs: number }> {
    const before = this.conn.stats.execs;
    const value = await fn();
    return { value, execs: this.conn.stats.execs - before };
  }

  /**
   * The required sequence. Returns the plans and the applied result so a test can check the files too.
   * A fresh fact cache for each run, as separate runs would have.
   */
  async converge(module: AnyModule, params: Record<string, unknown>, opts: { noopRoundTrips?: number } = {}): Promise<Converged> {
    const maxExecs = opts.noopRoundTrips ?? 1;
    this.facts.invalidate();
    const predicted = await this.plan(module, params, true);
    this.facts.invalidate();
    const first = await this.plan(module, params, false);
    assert.ok(first.changes.length > 0, `${module.name}: the first run should change something (reason: ${first.reason})`);
    assert.equal(describeChanges(predicted), describeChanges(first), `${module.name}: check mode must predict exactly what apply does`);
    const result = await this.apply(first);
    this.facts.invalidate();
    const { value: second, execs } = await this.countExecs(() => this.plan(module, params, false));
    assert.equal(describeChanges(second), [], `${module.name}: the second run must change nothing`);
    assert.ok(second.reason && second.reason.length > 0, `${module.name}: a no-op must say why`);
    assert.ok(execs <= maxExecs, `${module.name}: a no-op must cost at most ${maxExecs} round trip(s), took ${execs}`);
    return { predicted, first, result, second, noopExecs: execs };
  }

  cleanup(): void {
    rmSync(this.dir, { recursive: true, force: true });
    rmSync(this.controller, { recursive: true, force: true });
  }
}

export interface Converged {
  predicted: Plan;
  first: Plan;
  result: ResultData;
  second: Plan;
  noopExecs: number;
}

/** Run `fn` with a fresh harness, always cleaning up. */
export async function withHarness<T>(fn: (h: Harness) => Promise<T>, opts?: HarnessOptions): Promise<T> {
  const h = new Harness(opts);
  try {
    return await fn(h);
  } finally {
    h.cleanup();
  }
}

/** The failure a plan or apply threw (fails the test when nothing was thrown). */
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
