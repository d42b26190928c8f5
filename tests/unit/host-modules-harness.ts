// A scripted host for planning tests of the host modules: facts are answered from recorded command output
// (matched by the fact's key), commands from a list of (pattern, result) rules, and every command is kept
// so a test can assert what would run on the host and how many round trips a plan took.

import type { Connection, ExecResult } from '../../src/engine/connection/types.js';
import { argsFor } from '../helpers/module-args.js';
import type { AnyModule, Fact, ModuleContext, Plan, ResultData } from '../../src/engine/module-api/module.js';
import { applyChange } from '../../src/engine/execute/apply-change.js';

export interface Raw {
  stdout: string;
  code?: number;
  stderr?: string;
}

export interface FakeHostOptions {
  /** Recorded output of a fact, by a substring of its key (first match wins). */
  facts?: [keyPart: string, raw: Raw | ((command: string) => Raw)][];
  /** Results of commands, by a regex on the command line (first match wins); default exit 0, no output. */
  execs?: [pattern: RegExp, result: Partial<ExecResult> | ((command: string) => Partial<ExecResult> | Promise<Partial<ExecResult>>)][];
  vars?: Record<string, unknown>;
  check?: boolean;
  host?: string;
  reconnect?: () => Promise<Connection>;
}

export class FakeHost {
  /** Fact commands read (one entry per ctx.facts call = one round trip). */
  readonly factCalls: string[][] = [];
  /** Every command line exec'd, in order. */
  readonly commands: string[] = [];
  readonly warnings: string[] = [];
  readonly conn: Connection;

  constructor(readonly o: FakeHostOptions = {}) {
    this.conn = this.connection();
  }

  connection(): Connection {
    const exec = async (command: string): Promise<ExecResult> => {
      this.commands.push(command);
      const rule = (this.o.execs ?? []).find(([re]) => re.test(command));
      const r = typeof rule?.[1] === 'function' ? await rule[1](command) : (rule?.[1] ?? {});
      return { code: r.code ?? 0, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
    };
    const conn = {
      host: this.o.host ?? 'fake',
      stats: { execs: 0 },
      exec,
      execBuffer: async () => ({ code: 0, stdout: Buffer.alloc(0), stderr: '' }),
      put: async (path: string, data: string | Buffer) => {
        this.commands.push(`put ${path} ${JSON.stringify(String(data))}`);
        return {};
      },
      get: async () => null,
      withBecome: () => conn,
      derive: () => conn,
      close: async () => {},
    } as Connection;
    return conn;
  }

  context(check = this.o.check ?? false): ModuleContext {
    const facts = async (...fs: Fact<unknown>[]) => {
      this.factCalls.push(fs.map((f) => f.command));
      return fs.map((f) => {
        const rule = (this.o.facts ?? []).find(([k]) => f.key.includes(k));
        if (!rule) throw new Error(`no recorded output for fact ${f.key}`);
        const raw = typeof rule[1] === 'function' ? rule[1](f.command) : rule[1];
        return f.parse(raw.stdout, raw.code ?? 0, raw.stderr ?? '');
      });
    };
    return {
      host: this.o.host ?? 'fake',
      check,
      diff: true,
      conn: this.conn,
      vars: this.o.vars ?? {},
      signal: new AbortController().signal,
      facts: facts as unknown as ModuleContext['facts'],
      evaluate: () => {
        throw new Error('not in planning tests');
      },
      render: (t) => t,
      findFile: async (_k, p) => p,
      warn: (m) => void this.warnings.push(m),
      reconnect: this.o.reconnect ?? (async () => this.conn),
    };
  }

  /** Validate like the executor (defaults filled in), then plan. */
  async plan(module: AnyModule, params: Record<string, unknown>, check?: boolean): Promise<Plan> {
    return module.plan(this.context(check), argsFor(module, params));
  }

  async apply(plan: Plan): Promise<ResultData> {
    let data: ResultData = { ...plan.data };
    for (const c of plan.changes) data = { ...data, ...((await applyChange(this.conn, c)) ?? {}) };
    return data;
  }
}

export const summaries = (plan: Plan) => plan.changes.map((c) => c.summary);
