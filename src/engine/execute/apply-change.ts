// Apply one planned change on its host: a command change is run here, once for every module, so a failed
// step always reads the same way; an action change applies itself.

import type { Connection } from '../connection/types.js';
import { ModuleFailure } from '../errors.js';
import type { Change, CommandChange, ResultData } from '../module-api/module.js';

/** `conn` is the module's connection: the task's become, environment, timeout and abort signal applied. */
export async function applyChange(conn: Connection, change: Change): Promise<ResultData | void> {
  return 'run' in change ? runCommandChange(conn, change) : change.apply();
}

async function runCommandChange(conn: Connection, change: CommandChange): Promise<ResultData> {
  const r = await conn.exec(change.run, change.cwd === undefined ? {} : { cwd: change.cwd });
  if (r.code !== 0) {
    const why = (r.stderr.trim() || r.stdout.trim()).split('\n').slice(-5).join('\n');
    const failure = change.failure ?? `${change.summary} failed (exit ${r.code})`;
    throw new ModuleFailure(`${failure}: ${why}`, { rc: r.code, stdout: r.stdout, stderr: r.stderr, cmd: change.run });
  }
  return { rc: r.code, stdout: r.stdout.trimEnd() };
}
