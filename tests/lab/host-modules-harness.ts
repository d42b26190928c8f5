// Running the host modules against a lab host over SSH, with the sequence every change-making module test
// follows: check-mode plan, apply-mode plan + apply, plan again — check mode must predict exactly what
// apply did, the second run must change nothing and cost at most one round trip (counted on the
// connection's own stats). Also builds .deb files locally (dpkg-deb --build), so nothing is downloaded.

import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as assert from 'uvu/assert';
import type { Connection } from '../../src/engine/connection/types.js';
import { HostFacts } from '../../src/engine/execute/facts.js';
import { argsFor } from '../helpers/module-args.js';
import type { AnyModule, ModuleContext, Plan, ResultData } from '../../src/engine/module-api/module.js';
import { applyChange } from '../../src/engine/execute/apply-change.js';

export class LabModuleRunner {
  facts: HostFacts;
  readonly warnings: string[] = [];

  constructor(
    public conn: Connection,
    readonly host: string,
    readonly vars: Record<string, unknown> = {},
    readonly reconnect: () => Promise<Connection> = async () => conn,
  ) {
    this.facts = new HostFacts(conn);
  }

  context(check: boolean): ModuleContext {
    return {
      host: this.host,
      check,
      diff: true,
      conn: this.conn,
      vars: this.vars,
      signal: new AbortController().signal,
      facts: ((...f) => this.facts.fetch(...f)) as ModuleContext['facts'],
      evaluate: () => {
        throw new Error('no conditions in host module tests');
      },
      render: (t) => t,
      findFile: async (_k, p) => p,
      warn: (m) => void this.warnings.push(m),
      reconnect: async () => {
        this.conn = await this.reconnect();
        this.facts = new HostFacts(this.conn);
        return this.conn;
      },
    };
  }

  async plan(module: AnyModule, params: Record<string, unknown>, check = false): Promise<Plan> {
    return module.plan(this.context(check), argsFor(module, params));
  }

  async apply(plan: Plan): Promise<ResultData> {
    let data: ResultData = { ...plan.data };
    try {
      for (const c of plan.changes) data = { ...data, ...((await applyChange(this.conn, c)) ?? {}) };
    } finally {
      this.facts.invalidate();
    }
    return data;
  }

  /** Plan and apply once (a run that may or may not change something), with a fresh fact cache. */
  async run(module: AnyModule, params: Record<string, unknown>): Promise<{ plan: Plan; result: ResultData }> {
    this.facts.invalidate();
    const plan = await this.plan(module, params);
    return { plan, result: await this.apply(plan) };
  }

  /** The required sequence; returns the summaries applied and the no-op's round trips. */
  async converge(module: AnyModule, params: Record<string, unknown>): Promise<{ changes: string[]; result: ResultData; second: Plan; noopExecs: number }> {
    const describe = (p: Plan) => p.changes.map((c) => ({ summary: c.summary, diff: c.diff }));
    this.facts.invalidate();
    const predicted = await this.plan(module, params, true);
    this.facts.invalidate();
    const first = await this.plan(module, params);
    assert.ok(first.changes.length > 0, `${module.name} ${JSON.stringify(params)}: the first run should change something (${first.reason})`);
    assert.equal(describe(predicted), describe(first), `${module.name}: check mode must predict exactly what apply does`);
    const result = await this.apply(first);
    this.facts.invalidate();
    const before = this.conn.stats.execs;
    const second = await this.plan(module, params);
    const noopExecs = this.conn.stats.execs - before;
    assert.equal(describe(second), [], `${module.name} ${JSON.stringify(params)}: the second run must change nothing`);
    assert.ok(second.reason, `${module.name}: a no-op says why`);
    assert.ok(noopExecs <= 1, `${module.name}: a no-op costs at most one round trip (took ${noopExecs})`);
    return { changes: first.changes.map((c) => c.summary), result, second, noopExecs };
  }
}

export interface DebSpec {
  name: string;
  version: string;
  /** Files the package installs: path -> content. */
  files?: Record<string, string>;
}

/** Build `.deb` files on the controller (dpkg-deb --build) plus an apt `Packages` index; returns the dir. */
export function buildDebs(specs: DebSpec[]): { dir: string; files: string[]; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'runbook-debs-'));
  const files: string[] = [];
  for (const s of specs) {
    const root = join(dir, `${s.name}-${s.version}`);
    mkdirSync(join(root, 'DEBIAN'), { recursive: true });
    writeFileSync(
      join(root, 'DEBIAN', 'control'),
      `Package: ${s.name}\nVersion: ${s.version}\nArchitecture: all\nMaintainer: runbook tests <tests@runbook.invalid>\nDescription: runbook test package\n`,
    );
    for (const [path, content] of Object.entries(s.files ?? { [`/usr/share/${s.name}/VERSION`]: `${s.version}\n` })) {
      mkdirSync(join(root, path, '..'), { recursive: true });
      writeFileSync(join(root, path), content);
    }
    const file = `${s.name}_${s.version}_all.deb`;
    execFileSync('dpkg-deb', ['--build', '--root-owner-group', root, join(dir, file)], { stdio: 'pipe' });
    rmSync(root, { recursive: true });
    files.push(file);
  }
  writeFileSync(join(dir, 'Packages'), execFileSync('dpkg-scanpackages', ['-m', '.', '/dev/null'], { cwd: dir, stdio: ['ignore', 'pipe', 'ignore'] }));
  return { dir, files, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Copy a built file to the host. */
export async function putFile(conn: Connection, local: string, remote: string): Promise<void> {
  await conn.put(remote, readFileSync(local));
}
