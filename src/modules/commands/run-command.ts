// Running a command for the command and shell modules, with Ansible's result (rc stdout stderr
// stdout_lines stderr_lines cmd start end delta msg) and its creates/removes guards, which are read on the
// host as facts so check mode can decide them. Without a guard, what a command does cannot be predicted:
// the plan says so and check mode reports the task skipped, as Ansible does.

import { ModuleFailure } from '../../engine/errors.js';
import { cmd } from '../../engine/quote.js';
import type { ModuleContext, Plan, ResultData } from '../../engine/module-api/module.js';
import { formatDelta, formatTime } from './command-line.js';
import { fetchSome, globExistsFact } from '../files/file-state.js';

export interface RunSpec {
  /** The complete command line, every value already quoted. */
  line: string;
  /** What the result shows as `cmd`: the argument list (command) or the string (shell). */
  display: string | string[];
  chdir?: string;
  creates?: string;
  removes?: string;
  stdin?: string;
  stdin_add_newline: boolean;
  strip_empty_ends: boolean;
}

const CHDIR_FAILED = 'runbook: could not change directory before running the command';

/** Python's `str.splitlines()`: every line separator Python knows, no trailing empty line. */
export function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split(/\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]/);
  if (/(?:\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029])$/.test(text)) lines.pop();
  return lines;
}

export async function planRun(ctx: ModuleContext, spec: RunSpec): Promise<Plan> {
  const guard = (pattern: string | undefined) => (pattern === undefined ? undefined : globExistsFact(pattern, spec.chdir));
  const [created, removable] = await fetchSome(ctx, [guard(spec.creates), guard(spec.removes)]);
  // The wording only: a skipped command says "Would not run" in check mode, as Ansible 2.19 does.
  const did = ctx.check ? 'Would' : 'Did';
  const skip = (msg: string, stdout: string): Plan => ({
    changes: [],
    reason: msg,
    data: { cmd: spec.display, msg, rc: 0, stdout, stdout_lines: [stdout], stderr: '', stderr_lines: [] },
  });
  if (spec.creates !== undefined && created) return skip(`${did} not run command since '${spec.creates}' exists`, `skipped, since ${spec.creates} exists`);
  if (spec.removes !== undefined && !removable) return skip(`${did} not run command since '${spec.removes}' does not exist`, `skipped, since ${spec.removes} does not exist`);
  const shown = typeof spec.display === 'string' ? spec.display : spec.display.join(' ');
  return {
    changes: [{ summary: `run ${shown}`, diff: { header: 'command', before: '', after: `${shown}\n` }, apply: () => run(ctx, spec) }],
    unpredictable: spec.creates === undefined && spec.removes === undefined ? 'a command is not run in check mode (creates or removes let check mode decide)' : undefined,
  };
}

async function run(ctx: ModuleContext, spec: RunSpec): Promise<ResultData> {
  const script = spec.chdir === undefined ? spec.line : `${cmd`if ! cd -- ${spec.chdir}; then printf '%s\\n' ${CHDIR_FAILED} >&2; exit 1; fi`}\n${spec.line}`;
  // The script is the command line itself: the connection runs it under one `sh -c` (behind `env K=V …`),
  // or, for a no_log task, sends it on stdin, so no extra shell shows it in the host's process list. The
  // task's environment reaches the whole script, including the $VAR expansion of arguments, as in Ansible.
  const line = script;
  const stdin = spec.stdin === undefined ? undefined : spec.stdin_add_newline ? `${spec.stdin}\n` : spec.stdin;
  const start = new Date();
  // The command module's line is runbook's own (quoted words): the next task's reads may follow it in the same
  // command (ExecOptions.carryReads). A shell module's text is the user's, and nothing is appended to it.
  // Either way the program is the user's: it gets a channel of its own (it may leave a daemon behind that
  // keeps writing to its output), not the host's persistent shell.
  const r = await ctx.conn.exec(line, { stdin, signal: ctx.signal, carryReads: typeof spec.display !== 'string', ownChannel: true });
  const end = new Date();
  if (r.code !== 0 && r.stderr.trimEnd().endsWith(CHDIR_FAILED)) {
    throw new ModuleFailure(`Unable to change directory before execution: ${r.stderr.trim().split('\n')[0]}`, { rc: r.code, cmd: spec.display });
  }
  const strip = (s: string) => (spec.strip_empty_ends ? s.replace(/[\r\n]+$/, '') : s);
  const stdout = strip(r.stdout);
  const stderr = strip(r.stderr);
  const data: ResultData = {
    cmd: spec.display,
    rc: r.code,
    stdout,
    stderr,
    stdout_lines: splitLines(stdout),
    stderr_lines: splitLines(stderr),
    start: formatTime(start),
    end: formatTime(end),
    delta: formatDelta(end.getTime() - start.getTime()),
    msg: '',
  };
  if (r.code !== 0) throw new ModuleFailure('non-zero return code', { ...data, msg: 'non-zero return code' });
  return data;
}
