// The connection contract. A transport (local, ssh) only knows how to start one shell command and hand back
// its streams; everything else — stdin, timeouts, become prompts, atomic writes — is written once in
// ShellConnection on top of it, so every transport behaves the same.

import type { Readable, Writable } from 'node:stream';

/** One running command on a host. */
export interface RemoteProcess {
  stdin: Writable;
  stdout: Readable;
  stderr: Readable;
  /** Settles when the command has exited (and its output streams have ended). */
  exit: Promise<{ code: number | null; signal: string | null }>;
  /** Stop the command (timeout, Ctrl-C). */
  kill(): void;
}

/** What a transport must provide: run one `sh` command line, close. */
export interface Transport {
  /** Inventory name of the host, for messages. */
  readonly host: string;
  /** Start `command` (already a complete POSIX shell command line) on the host. */
  spawn(command: string): Promise<RemoteProcess>;
  close(): Promise<void>;
  /**
   * Fact batches must keep each fact's own command (a host of recorded output answers facts by their
   * commands): no builtin answers (execute/fact-script.ts).
   */
  readonly plainFacts?: boolean;
  /**
   * Commands may run in one long-lived `sh` started with `spawn('exec sh')` (persistent-shell.ts) instead of
   * one spawn each.
   */
  readonly persistentShell?: boolean;
}

export interface ExecOptions {
  /** Bytes written to the command's stdin, then stdin is closed (chunks: written one after the other). */
  stdin?: string | Buffer | readonly Buffer[];
  /** Passed as `env K=V ...` (sshd drops variables it doesn't AcceptEnv). */
  env?: Record<string, string>;
  /** Run in this directory; fails (does not run) when it does not exist. */
  cwd?: string;
  /** Milliseconds; the command is killed and a TimeoutError thrown. */
  timeout?: number;
  signal?: AbortSignal;
  /** Another command run right after this one, in the same round trip (see ThenRead). */
  then?: ThenRead;
  /**
   * The command is runbook's own, whole (no user text in it): the executor may send the next task's reads
   * after it (carried-reads.ts). Connections themselves ignore it.
   */
  carryReads?: boolean;
  /**
   * Run on a channel (a process) of its own, never in the host's persistent shell: the user's own command
   * lines (they may leave processes behind that keep writing, or end the shell they run in), a reboot.
   */
  ownChannel?: boolean;
}

export interface ExecResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface PutOptions {
  /** Octal string ('0644', '644') or number (0o644) or symbolic ('u+x'). Default: keep the existing file's, else umask. */
  mode?: string | number;
  owner?: string;
  group?: string;
  /** Create missing parent directories (in the same command). */
  parents?: boolean;
  /**
   * What the plan read at `path`: its sha256, or 'absent'. The write fails ("changed since read") when the
   * file is no longer that, instead of overwriting someone else's change.
   */
  expect?: string;
  /**
   * A command, as its words, run on the host on the finished temp file before it replaces `path` (`%s` in a
   * word is the temp file's path): `['visudo', '-cf', '%s']`. When it fails, `path` is untouched and put
   * fails with the command's exit code and output.
   */
  validate?: readonly string[];
  /** Another command run right after the write, in the same round trip (see ThenRead). */
  then?: ThenRead;
}

/**
 * Reads sent along with a write, run on the host once the write is done (their exit code does not change the
 * write's): the executor carries the next task's facts this way, so a first run costs one command per task.
 * Their output, after a line holding `marker`, is handed to `take` — or nothing is, when the command never
 * got that far.
 */
export interface ThenRead {
  script: string;
  marker: string;
  take(output: { stdout: Buffer; stderr: string; code: number }): void;
}

/** How to gain privileges; a pure description, applied by ShellConnection as a command wrapper. */
export interface BecomeSpec {
  user?: string; // default root
  method?: 'sudo';
  /** When set, `sudo -S` answers its (random) prompt with this; otherwise `sudo -n` (fails fast). */
  password?: string;
}

export interface ConnectionDefaults {
  become?: BecomeSpec;
  /** Send commands and environment on stdin, out of the host's process list (no_log tasks). */
  private?: boolean;
  env?: Record<string, string>;
  timeout?: number;
  signal?: AbortSignal;
}

/** Counters a benchmark reads: how many commands (channel opens) a run made. */
export interface ConnectionStats {
  execs: number;
  /** How many of those ran in the host's persistent shell. */
  shellRuns?: number;
  /** What the user must be told about this connection (a changed host key accepted with checking off). */
  warnings?: string[];
}

export interface Connection {
  readonly host: string;
  /** See `Transport.plainFacts`. */
  readonly plainFacts?: boolean;
  readonly stats: ConnectionStats;
  exec(command: string, opts?: ExecOptions): Promise<ExecResult>;
  /** Like exec but stdout as raw bytes (for `get` and binary-safe reads). */
  execBuffer(command: string, opts?: ExecOptions): Promise<{ code: number; stdout: Buffer; stderr: string }>;
  /** Write a file atomically: temp file in the same directory, then rename. */
  put(path: string, data: string | Buffer, opts?: PutOptions): Promise<void>;
  /** Read a file; null when it does not exist. */
  get(path: string): Promise<Buffer | null>;
  /** The same host, with privileges from `spec` (or without, when spec is undefined). Shares the transport. */
  withBecome(spec: BecomeSpec | undefined): Connection;
  /**
   * The same host (same transport, same stats) with defaults for every command: become, environment,
   * timeout, abort signal. The executor uses it to apply task keywords; modules never need to know.
   */
  derive(defaults: ConnectionDefaults): Connection;
  close(): Promise<void>;
}
