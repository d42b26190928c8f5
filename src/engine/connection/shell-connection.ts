// Connection on top of any Transport: stdin, cwd, env, timeouts, become (with prompt detection) and atomic
// file writes are implemented once here, so local and SSH hosts behave identically.

import { BecomeError, TimeoutError, InterruptedError, ModuleFailure } from '../errors.js';
import { cmd, quote, shC, withEnv } from '../quote.js';
import { atomicPut, PUT_CHANGED_SINCE_READ, PUT_VALIDATE_FAILED } from './atomic-put.js';
import { wrapBecome } from './become.js';
import { fitsHereDocument, shCWords, type ShellResult } from './persistent-shell.js';
import { envExports, privateScript, stdinChunks } from './private-script.js';
import { ShellPool } from './shell-pool.js';
import type {
  BecomeSpec,
  Connection,
  ConnectionDefaults,
  ConnectionStats,
  ExecOptions,
  ExecResult,
  PutOptions,
  RemoteProcess,
  ThenRead,
  Transport,
} from './types.js';

export class ShellConnection implements Connection {
  constructor(
    private readonly transport: Transport,
    private readonly defaults: ConnectionDefaults = {},
    readonly stats: ConnectionStats = { execs: 0 },
    /** The host's persistent shells, when its transport offers them (shared with derived connections). */
    private readonly shells: ShellPool | undefined = transport.persistentShell ? new ShellPool(transport) : undefined,
  ) {}

  get host(): string {
    return this.transport.host;
  }

  get plainFacts(): boolean {
    return this.transport.plainFacts === true;
  }

  withBecome(spec: BecomeSpec | undefined): Connection {
    return this.derive({ become: spec });
  }

  derive(defaults: ConnectionDefaults): Connection {
    return new ShellConnection(this.transport, { ...this.defaults, ...defaults }, this.stats, this.shells);
  }

  async exec(command: string, opts: ExecOptions = {}): Promise<ExecResult> {
    const r = await this.execBuffer(command, opts);
    return { code: r.code, stdout: r.stdout.toString('utf8'), stderr: r.stderr };
  }

  async execBuffer(command: string, options: ExecOptions = {}): Promise<{ code: number; stdout: Buffer; stderr: string }> {
    const opts = this.withDefaults(options);
    const then = options.then;
    const r = (await this.runInShell(then ? carrying(command, then, true) : command, opts)) ?? (await this.run(then ? shC(carrying(command, then, false)) : command, opts));
    if (!then) return r;
    const at = r.stdout.lastIndexOf(`\n${then.marker}\n`);
    // stderr's separator may have lost its newline (become trims the start of stderr).
    const errAt = r.stderr.lastIndexOf(`${then.marker}\n`);
    if (at === -1 || errAt === -1) return r;
    then.take({ stdout: r.stdout.subarray(at + then.marker.length + 2), stderr: r.stderr.slice(errAt + then.marker.length + 1), code: r.code });
    const errHead = r.stderr.slice(0, errAt);
    return { code: r.code, stdout: r.stdout.subarray(0, at), stderr: errHead.endsWith('\n') ? errHead.slice(0, -1) : errHead };
  }

  /** The options with this connection's defaults (environment merged, the command's own winning). */
  private withDefaults(options: ExecOptions): ExecOptions {
    const { env, timeout, signal } = this.defaults;
    return {
      ...options,
      env: env || options.env ? { ...env, ...options.env } : undefined,
      timeout: options.timeout ?? timeout,
      signal: options.signal ?? signal,
    };
  }

  /** The command on a channel (a process) of its own. */
  private async run(command: string, opts: ExecOptions): Promise<{ code: number; stdout: Buffer; stderr: string }> {
    const { become } = this.defaults;
    let line: string;
    if (this.defaults.private) {
      const p = privateScript(inScript(command, opts), opts.stdin);
      line = p.command;
      opts = { ...opts, stdin: p.stdin };
    } else {
      line = withEnv(opts.env, command);
      if (opts.cwd !== undefined) line = `cd -- ${quote(opts.cwd)} && ${line}`;
    }
    const wrapped = become ? wrapBecome(line, become) : undefined;
    this.stats.execs++;
    const proc = await this.transport.spawn(wrapped ? wrapped.command : line);
    return collect(proc, this.host, opts, wrapped, become?.password);
  }

  /**
   * The command in the host's persistent shell (a POSIX sh, which needs no `sh -c` around a script), with
   * `then` in the same round trip; undefined when it must or does run on a channel of its own.
   */
  private async runInShell(command: string, opts: ExecOptions): Promise<ShellResult | undefined> {
    if (!this.shells || opts.ownChannel) return undefined;
    const chunks = stdinChunks(opts.stdin).map((c) => Buffer.from(c));
    // Checked before joined: a large write goes to a channel without being copied first.
    if (!fitsHereDocument(chunks)) return undefined;
    const stdin = chunks.length ? Buffer.concat(chunks) : undefined;
    // The environment as statements of the script: never in a process list (the subshell starts no program).
    const r = await this.shells.tryRun(this.defaults.become, { script: inScript(command, opts), stdin, timeout: opts.timeout, signal: opts.signal });
    if (r) {
      this.stats.execs++;
      this.stats.shellRuns = (this.stats.shellRuns ?? 0) + 1;
    }
    return r;
  }

  async put(path: string, data: string | Buffer, opts: PutOptions = {}): Promise<void> {
    const bytes = typeof data === 'string' ? Buffer.from(data) : data;
    const p = atomicPut(path, bytes, opts);
    const r = await this.exec(p.command, { stdin: p.stdin, then: opts.then });
    if (r.code === PUT_VALIDATE_FAILED) {
      // Ansible's words: the validator's exit code and its output; the file at path is as it was.
      throw new ModuleFailure(`failed to validate: ${r.stderr.trim()}`, { rc: r.code }, { hint: `${path} was left untouched: the validate command refused the new content` });
    }
    if (r.code !== 0) {
      const why = r.stderr.trim() || `exit code ${r.code}`;
      const hint = r.code === PUT_CHANGED_SINCE_READ ? 'run again: the task plans from the file as it is now' : undefined;
      throw new ModuleFailure(`writing ${path} failed: ${why}`, { rc: r.code }, { hint });
    }
  }

  async get(path: string): Promise<Buffer | null> {
    // Exit 3 tells "missing" apart from "unreadable", which must fail loudly.
    const r = await this.execBuffer(cmd`if [ -e ${path} ]; then cat -- ${path}; else exit 3; fi`);
    if (r.code === 3) return null;
    if (r.code !== 0) throw new Error(`reading ${path} failed: ${r.stderr.trim() || `exit code ${r.code}`}`);
    return r.stdout;
  }

  async close(): Promise<void> {
    await this.shells?.close();
    return this.transport.close();
  }
}

/** `command` as a script that sets its environment (`export` statements) and directory itself. */
function inScript(command: string, opts: ExecOptions): string {
  const cd = opts.cwd === undefined ? '' : `cd -- ${quote(opts.cwd)} || exit 1; `;
  return `${envExports(opts.env)}${cd}${command}`;
}

/**
 * `command`, then the reads of `then` behind a separator line on stdout and stderr: a POSIX sh script that
 * exits with the command's status (the reads are skipped when the command itself exits). In the host's
 * persistent shell, a command of the form `sh -c SCRIPT NAME ARGS` runs inline, in the request's own subshell
 * (no second one), and the options and umask it may have set are undone before the reads (they report the
 * umask); where the umask cannot be restored, the reads are not sent along.
 */
function carrying(command: string, then: ThenRead, inShell: boolean): string {
  const sep = `printf '\\n%s\\n' ${then.marker}`;
  const reads = `${sep}\n${sep} >&2\n${then.script}`;
  if (!inShell) return `${command}\n__rb_rc=$?\n${reads}\nexit $__rb_rc`;
  const words = shCWords(command);
  return `${words === undefined ? command : `__rb_inline ${words}`}\n__rb_rc=$?\nset +e +u +f +x +C\nif __rb_umask; then\n${reads}\nfi\nexit $__rb_rc`;
}

/** Feed stdin, gather output, answer the become prompt, enforce timeout and abort. */
function collect(
  proc: RemoteProcess,
  host: string,
  opts: ExecOptions,
  become: ReturnType<typeof wrapBecome> | undefined,
  password: string | undefined,
): Promise<{ code: number; stdout: Buffer; stderr: string }> {
  return new Promise((resolve, reject) => {
    const out: Buffer[] = [];
    let err = '';
    let prompts = 0;
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      if (timer) clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      fn();
    };
    const fail = (e: Error) => finish(() => {
      proc.kill();
      reject(e);
    });
    const onAbort = () => fail(new InterruptedError(`interrupted while running a command on ${host}`));
    if (opts.signal?.aborted) return onAbort();
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    if (opts.timeout) {
      timer = setTimeout(() => fail(new TimeoutError(`command timed out after ${opts.timeout} ms on ${host}`)), opts.timeout);
    }

    let stdinSent = false;
    const sendStdin = () => {
      if (stdinSent) return;
      stdinSent = true;
      for (const chunk of stdinChunks(opts.stdin)) proc.stdin.write(chunk);
      proc.stdin.end();
    };
    proc.stdin.on('error', () => {}); // the command may exit without reading stdin
    if (become?.prompt === undefined) sendStdin();

    proc.stdout.on('data', (b: Buffer) => {
      out.push(b);
      // sudo let us in without asking (NOPASSWD, cached credentials): the marker shows it, and the
      // command is waiting for its stdin, which would otherwise only be sent after a password prompt.
      if (!stdinSent && become && Buffer.concat(out).includes(become.marker)) sendStdin();
    });
    proc.stderr.on('data', (b: Buffer) => {
      err += b.toString('utf8');
      if (!become?.prompt || !err.includes(become.prompt)) return;
      const seen = err.split(become.prompt).length - 1;
      if (seen <= prompts) return;
      prompts = seen;
      if (prompts > 1) return fail(new BecomeError(`sudo on ${host}: incorrect password`, undefined, 'check become_password'));
      proc.stdin.write(`${password ?? ''}\n`);
      sendStdin();
    });

    proc.exit.then(
      ({ code, signal }) => finish(() => {
        let stdout = Buffer.concat(out);
        let stderr = become?.prompt ? err.split(become.prompt).join('') : err;
        if (become) {
          const mark = Buffer.from(`${become.marker}\n`);
          const at = stdout.indexOf(mark);
          if (at === -1) {
            const why = /password is required|a terminal is required/.test(stderr)
              ? 'sudo needs a password (set become_password, or NOPASSWD in sudoers)'
              : stderr.trim() || `sudo exited with ${code}`;
            return reject(new BecomeError(`become failed on ${host}: ${why}`));
          }
          stdout = Buffer.concat([stdout.subarray(0, at), stdout.subarray(at + mark.length)]);
          stderr = stderr.replace(/^\s+/, '');
        }
        resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr });
      }),
      (e: Error) => finish(() => reject(e)),
    );
  });
}
