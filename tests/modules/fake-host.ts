// A host made of data, for pure planning tables (pyinfra style): facts are answered from the case's table
// by fact key, and any command a plan would run is refused — planning a no-op or a change must need
// nothing but facts. Builders make FileStat values short to write.

import { createHash } from 'node:crypto';
import type { Connection, ExecResult } from '../../src/engine/connection/types.js';
import { evaluateExpression } from '../../src/engine/expressions/condition.js';
import { renderText } from '../../src/engine/expressions/template.js';
import { argsFor } from '../helpers/module-args.js';
import type { FileStat } from '../../src/modules/files/file-state.js';
import type { AnyModule, Fact, ModuleContext, Plan } from '../../src/engine/module-api/module.js';

export type FactTable = [Fact<unknown>, unknown][];

const base: FileStat = { type: 'file', mode: 0o644, uid: 0, gid: 0, owner: 'root', group: 'root', size: 0, inode: 1, dev: 1, nlink: 1, umask: 0o022 };

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** A regular file; `content` sets its sha256 and size. */
export function fileSt(over: Partial<FileStat> & { content?: string } = {}): FileStat {
  const { content, ...rest } = over;
  return { ...base, ...(content !== undefined ? { sha256: sha256(content), size: content.length } : {}), ...rest };
}
export const dirSt = (over: Partial<FileStat> = {}): FileStat => ({ ...base, type: 'directory', mode: 0o755, ...over });
export const linkSt = (target: string, over: Partial<FileStat> = {}): FileStat => ({ ...base, type: 'link', mode: 0o777, target, ...over });

export interface FakeHostOptions {
  facts?: FactTable;
  vars?: Record<string, unknown>;
  check?: boolean;
  /** Answers for commands a plan runs itself (wait_for's loop); anything else is refused. */
  exec?: (command: string) => ExecResult;
  findFile?: (kind: string, path: string) => string;
}

function refusingConnection(exec?: (command: string) => ExecResult): Connection {
  const refuse = (what: string) => () => Promise.reject(new Error(`planning tried to ${what} on the host`));
  return {
    host: 'fake',
    stats: { execs: 0 },
    exec: exec ? async (command) => exec(command) : refuse('run a command'),
    execBuffer: refuse('run a command'),
    put: refuse('write a file'),
    get: refuse('read a file'),
    withBecome: () => refusingConnection(exec),
    derive: () => refusingConnection(exec),
    close: async () => undefined,
  };
}

export function fakeContext(opts: FakeHostOptions): ModuleContext {
  const known = new Map((opts.facts ?? []).map(([f, v]) => [f.key, v]));
  const vars = opts.vars ?? {};
  return {
    host: 'fake',
    check: opts.check ?? false,
    diff: false,
    conn: refusingConnection(opts.exec),
    vars,
    signal: new AbortController().signal,
    facts: (async (...facts: Fact<unknown>[]) =>
      facts.map((f) => {
        if (!known.has(f.key)) throw new Error(`the case gives no fact ${f.key}`);
        return known.get(f.key);
      })) as ModuleContext['facts'],
    evaluate: (e) => evaluateExpression(e, vars),
    render: (t, n) => renderText(t, vars, n),
    findFile: async (kind, path) => {
      if (!opts.findFile) throw new Error(`the case gives no controller file ${kind}/${path}`);
      return opts.findFile(kind, path);
    },
    warn: () => undefined,
    reconnect: () => Promise.reject(new Error('no reconnect in planning tables')),
  };
}

/** Validate params as the executor does (defaults filled in), then plan against the fake host. */
export async function planOn(module: AnyModule, params: Record<string, unknown>, opts: FakeHostOptions): Promise<Plan> {
  return module.plan(fakeContext(opts), argsFor(module, params));
}
