// A host made of recorded command output, as a Transport: ShellConnection and HostFacts run on top of it
// unchanged, so a module reads, batches, counts round trips and applies exactly as on a real host. A fact
// batch (execute/facts.ts) is taken apart into its fact commands, each answered from the recorded output
// whose pattern it matches, and put back together with the batch's own separators; an atomic put is kept
// as `put PATH "DATA"`; any other command is answered by the first matching rule.

import { PassThrough } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { ExecResult, RemoteProcess, Transport } from '../../src/engine/connection/types.js';
import { ShellConnection } from '../../src/engine/connection/shell-connection.js';
import { batchScript } from '../../src/engine/execute/facts.js';
import { shlexSplit } from '../../src/modules/commands/command-line.js';

export interface Raw {
  stdout: string;
  code?: number;
  stderr?: string;
}

export type Answer = Partial<ExecResult> | ((command: string) => Partial<ExecResult> | Promise<Partial<ExecResult>>);

export interface RecordedOptions {
  host?: string;
  /** Recorded output of a fact, by a substring of (or a regex on) its command; first match wins. */
  facts?: [match: string | RegExp, raw: Raw | ((command: string) => Raw)][];
  /** Results of other commands, by a regex on the command line; first match wins. */
  execs?: [pattern: RegExp, result: Answer][];
  /** A command no rule matches: exit 0 with no output (default), or refused (planning must need only facts). */
  unmatched?: 'ok' | 'refuse';
}

export class RecordedTransport implements Transport {
  /** Every command run, in order (puts as `put PATH "DATA"`); fact batches are in `factCalls`. */
  readonly commands: string[] = [];
  /** The fact commands of each batch: one entry per round trip that read facts. */
  readonly factCalls: string[][] = [];
  /** The rules; a test may replace them between steps. */
  facts: NonNullable<RecordedOptions['facts']>;
  execs: NonNullable<RecordedOptions['execs']>;
  readonly host: string;
  /** Facts are answered by their commands: batches keep them (no builtin answers). */
  readonly plainFacts = true;

  constructor(readonly o: RecordedOptions = {}) {
    this.host = o.host ?? 'fake';
    this.facts = o.facts ?? [];
    this.execs = o.execs ?? [];
  }

  async spawn(command: string): Promise<RemoteProcess> {
    const words = shellWords(command);
    const marker = words?.length === 3 ? /RUNBOOK-FACT-[0-9a-f]{32}/.exec(words[2]!)?.[0] : undefined;
    if (marker) return this.answerFacts(words![2]!, marker);
    if (words?.[3] === 'runbook-put') {
      this.refuseIfStrict(`write ${words[4]}`);
      return respond(async (stdin) => {
        // The temp file's random name comes first, on a line of its own (atomic-put.ts).
        this.commands.push(`put ${words[4]} ${JSON.stringify(stdin.slice(stdin.indexOf('\n') + 1))}`);
        return {};
      });
    }
    const rule = this.execs.find(([re]) => re.test(command));
    if (!rule) this.refuseIfStrict(`run ${command}`);
    this.commands.push(command);
    return respond(async () => (typeof rule?.[1] === 'function' ? rule[1](command) : (rule?.[1] ?? {})));
  }

  private refuseIfStrict(what: string): void {
    if (this.o.unmatched === 'refuse') throw new Error(`planning tried to ${what} on the host`);
  }

  private answerFacts(script: string, marker: string): Promise<RemoteProcess> {
    const commands = splitBatch(script, marker);
    this.factCalls.push(commands);
    let stdout = '';
    let stderr = '';
    commands.forEach((command, i) => {
      const rule = this.facts.find(([m]) => (typeof m === 'string' ? command.includes(m) : m.test(command)));
      if (!rule) throw new Error(`no recorded output for the fact ${command.split('\n')[0]}`);
      const raw = typeof rule[1] === 'function' ? rule[1](command) : rule[1];
      stdout += `${raw.stdout}\n${marker} ${i} ${raw.code ?? 0}\n`;
      stderr += `${raw.stderr ?? ''}\n${marker} ${i}\n`;
    });
    return respond(async () => ({ stdout, stderr }));
  }

  async close(): Promise<void> {}
}

/** A connection over recorded output, and its transport (for what was run). */
export function recordedConnection(o: RecordedOptions = {}): { conn: ShellConnection; transport: RecordedTransport } {
  const transport = new RecordedTransport(o);
  return { conn: new ShellConnection(transport), transport };
}

/** `sh -c SCRIPT [ARGS]` split into words; undefined for any other command line. */
function shellWords(command: string): string[] | undefined {
  if (!command.startsWith('sh -c ')) return undefined;
  try {
    return shlexSplit(command);
  } catch {
    return undefined;
  }
}

/** The fact commands of a batch script; it must be exactly what batchScript builds of them. */
function splitBatch(script: string, marker: string): string[] {
  const commands: string[] = [];
  let at = 0;
  while (at < script.length) {
    const tail = `\n) </dev/null\nrc=$?\nprintf '\\n%s %s %s\\n' ${marker} ${commands.length} "$rc"\nprintf '\\n%s %s\\n' ${marker} ${commands.length} >&2`;
    const end = script.indexOf(tail, at);
    if (!script.startsWith('(\n', at) || end === -1) throw new Error('a fact batch the recorded host cannot read');
    commands.push(script.slice(at + 2, end));
    at = end + tail.length + 1;
  }
  const rebuilt = batchScript(commands.map((command) => ({ key: command, command, parse: () => undefined })), marker);
  if (rebuilt !== script) throw new Error('a fact batch the recorded host cannot read (execute/facts.ts changed its format?)');
  return commands;
}

/** A finished process: stdin is read to its end, then `answer` gives the exit code and output. */
function respond(answer: (stdin: string) => Promise<Partial<ExecResult>>): Promise<RemoteProcess> {
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const chunks: Buffer[] = [];
  stdin.on('data', (b: Buffer) => chunks.push(b));
  const done = finished(stdin).then(() => answer(Buffer.concat(chunks).toString('utf8')));
  const exit = done.then(async (r) => {
    stdout.end(r.stdout ?? '');
    stderr.end(r.stderr ?? '');
    await Promise.all([finished(stdout), finished(stderr)]);
    return { code: r.code ?? 0, signal: null };
  });
  return Promise.resolve({ stdin, stdout, stderr, exit, kill: () => stdin.destroy() });
}
