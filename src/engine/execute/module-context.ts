// The ModuleContext a module plans with: the host's connection (with the task's become, environment and
// timeout already applied), its fact cache, the task's variables, and controller-side file lookup.

import type { Connection } from '../connection/types.js';
import type { CompiledTask, Vars } from '../compile/types.js';
import { ModuleFailure } from '../errors.js';
import { findControllerFile, type ControllerFileKind } from '../compile/controller-files.js';
import { evaluateExpression } from '../expressions/condition.js';
import { renderText } from '../expressions/template.js';
import type { ModuleContext } from '../module-api/module.js';
import type { HostFacts } from './facts.js';

export interface ModuleContextInput {
  host: string;
  /** Reopen the host's connection, with the task's defaults applied again. */
  reconnect(): Promise<Connection>;
  conn: Connection;
  facts: HostFacts;
  vars: Vars;
  task: CompiledTask;
  playbookDir: string;
  check: boolean;
  diff: boolean;
  signal: AbortSignal;
  warn(message: string): void;
}

export function moduleContext(input: ModuleContextInput): ModuleContext {
  const { task, vars } = input;
  return {
    host: input.host,
    playbookDir: input.playbookDir,
    check: input.check,
    diff: input.diff,
    conn: input.conn,
    vars,
    signal: input.signal,
    facts: ((...facts) => input.facts.fetch(...facts)) as ModuleContext['facts'],
    evaluate: (expression) => evaluateExpression(expression, vars, task.loc),
    render: (text, name) => renderText(text, vars, name),
    findFile: (kind, path) => findFile(kind, path, task, input.playbookDir),
    warn: input.warn,
    reconnect: input.reconnect,
  };
}

async function findFile(kind: ControllerFileKind, path: string, task: CompiledTask, playbookDir: string): Promise<string> {
  const { found, searched } = await findControllerFile(kind, path, task.scope.role?.dir, playbookDir);
  if (found) return found;
  throw new ModuleFailure(`could not find ${path}`, {}, { hint: `looked in: ${searched.join(', ')}` });
}
