// One long-lived `sh` per host (per become user), fed runbook's own commands one at a time. An SSH exec costs
// the host a session (sshd forks, sets the user up, starts the login shell: ~10 ms of CPU on the lab's hosts)
// before the command even starts; a command sent to a shell that is already running costs one fork.
//
// The protocol, on the shell's stdin; the next request is written only once the previous one has ended:
//
//   { __rb 'SCRIPT' </dev/null; __rb_end $? NONCE          (or <<'NONCE' … NONCE: the command's stdin)
//   }
//
// The braces make a request all or nothing: a shell parses a whole compound command before it runs any of
// it, so a request cut short (runbook killed mid-write, the connection lost) is a syntax error at the end
// of input, never a command run with its last words or its stdin missing.
// `__rb` runs the script with `eval` in a subshell, so its `exit`, `cd`, `set -e`, traps and variables end
// with it, and a syntax error in it is its own exit status 2, not a parser left waiting for a closing quote.
// `__rb_end` prints the random NONCE on stderr, then NONCE and the exit status on stdout, each after a
// newline: the output before them is the command's (that newline taken off). The nonce is new for every
// request and on no command line, so no output can fake the end of a command.
//
// The command's stdin travels as a here-document: bytes as they are (dash, bash and busybox keep every
// byte but NUL), ending in a newline. Stdin that is not like that, or is large, gets a channel of its own
// (ShellConnection decides, with `fitsHereDocument`).

import { randomBytes } from 'node:crypto';
import { InterruptedError, TimeoutError } from '../errors.js';
import { quote } from '../quote.js';
import type { RemoteProcess } from './types.js';

/** Stdin up to this size may go in a here-document (the shell holds it in memory while it parses). */
const HERE_DOCUMENT_MAX = 1024 * 1024;

// `__rb_sh SCRIPT NAME ARGS…` is `sh -c SCRIPT NAME ARGS…` — the form of runbook's own scripts — as a
// subshell of this shell instead of a new program (sent for a request of exactly that form). What differs
// from a new `sh` is invisible to those scripts: `$0` (none of them reads it) and `$$` (this shell's: the
// same umask, which is what the put script reads there). A `sh -c` inside a longer script, a user's
// validate command say, is a real `sh`: `$0` there is the user's.
// `__rb_inline` runs such a script in the subshell it is in, for a write that carries reads after it
// (ShellConnection); `__rb_umask` then restores this shell's umask (the reads report it), from /proc.
export const PRELUDE = `__rb() ( __rb_s=$1; shift; eval "$__rb_s" )
__rb_sh() ( __rb_s=$1; shift; [ $# -eq 0 ] || shift; eval "$__rb_s" )
__rb_inline() { __rb_s=$1; shift; [ $# -eq 0 ] || shift; eval "$__rb_s"; }
__rb_umask() { while read -r __rb_k __rb_v; do [ "$__rb_k" != Umask: ] || { umask "$__rb_v"; return 0; }; done < /proc/$$/status; return 1; } 2>/dev/null
__rb_end() { printf '\\n%s\\n' "$2" >&2; printf '\\n%s %s\\n' "$2" "$1"; }
`;

// A command line that is `sh -c` and words as quote() writes them (bare, or '…' with '\'' for a quote).
const SH_C_WORDS = /^sh -c ((?:[A-Za-z0-9_\-+=.,/:@%]|'[^']*'|\\')+(?: (?:[A-Za-z0-9_\-+=.,/:@%]|'[^']*'|\\')+)*)$/;

export interface ShellRequest {
  script: string;
  stdin?: Buffer;
  timeout?: number;
  signal?: AbortSignal;
}

export interface ShellResult {
  code: number;
  stdout: Buffer;
  stderr: string;
}

/**
 * Whether `stdin` (whole or in chunks) can be a here-document: no NUL byte, a final newline, not large. The
 * size is summed first: a large write is turned away without its chunks being searched or joined.
 */
export function fitsHereDocument(stdin: Buffer | readonly Buffer[] | undefined): boolean {
  const chunks = (stdin === undefined ? [] : Buffer.isBuffer(stdin) ? [stdin] : stdin).filter((c) => c.length > 0);
  if (chunks.length === 0) return true;
  if (chunks.reduce((n, c) => n + c.length, 0) > HERE_DOCUMENT_MAX) return false;
  const last = chunks[chunks.length - 1]!;
  return last[last.length - 1] === 10 && !chunks.some((c) => c.includes(0));
}

/** The words after `sh -c` when `line` is exactly `sh -c` and words quoted as quote() does. */
export function shCWords(line: string): string | undefined {
  return SH_C_WORDS.exec(line)?.[1];
}

/** One request, as the shell reads it (exported for the tests of the framing). */
export function shellCommand(script: string, stdin: Buffer | undefined, nonce: string): Buffer {
  const words = shCWords(script);
  const run = words === undefined ? `__rb ${quote(script)}` : `__rb_sh ${words}`;
  const end = `; __rb_end $? ${nonce}\n`;
  if (stdin === undefined || stdin.length === 0) return Buffer.from(`{ ${run} </dev/null${end}}\n`);
  return Buffer.concat([Buffer.from(`{ ${run} <<'${nonce}'${end}`), stdin, Buffer.from(`${nonce}\n}\n`)]);
}

/** The output of one request, read from the shell's stdout and stderr up to its end markers. */
class Frame {
  private readonly out = new StreamPart();
  private readonly err = new StreamPart();
  private code: number | undefined;
  private errDone = false;

  constructor(readonly nonce: string) {}

  get done(): boolean {
    return this.errDone && this.code !== undefined;
  }

  feed(stream: 'out' | 'err', b: Buffer): void {
    if (stream === 'err' && !this.errDone) this.errDone = this.err.push(b, Buffer.from(`\n${this.nonce}\n`)) !== undefined;
    if (stream === 'out' && this.code === undefined) {
      const status = this.out.push(b, Buffer.from(`\n${this.nonce} `), /^(\d+)\n/);
      if (status !== undefined) this.code = Number(status);
    }
  }

  result(): ShellResult {
    return { code: this.code!, stdout: this.out.body(), stderr: this.err.body().toString('utf8') };
  }
}

/** Bytes of one stream up to an end marker, found without joining everything read so far on each chunk. */
class StreamPart {
  private readonly chunks: Buffer[] = [];
  private size = 0;
  private bodyEnd: number | undefined;

  /**
   * Append `b`. Once `needle` (and `tail` right after it, when given) has arrived, the body is what came
   * before the needle and the result is what `tail` captured ('' without one); until then, undefined.
   */
  push(b: Buffer, needle: Buffer, tail?: RegExp): string | undefined {
    this.chunks.push(b);
    this.size += b.length;
    // Only the end can hold a marker that was not there before: the last bytes, enough for needle and tail.
    const all = this.tailBytes(needle.length + 24 + b.length);
    for (let from = 0; ; from++) {
      const at = all.indexOf(needle, from);
      if (at === -1) return undefined;
      const m = tail ? tail.exec(all.subarray(at + needle.length).toString('latin1')) : ['', ''];
      if (!m) continue; // the status is on its way (or this was not the marker)
      this.bodyEnd = this.size - all.length + at;
      return m[1] ?? '';
    }
  }

  body(): Buffer {
    return Buffer.concat(this.chunks).subarray(0, this.bodyEnd);
  }

  private tailBytes(n: number): Buffer {
    const last: Buffer[] = [];
    let got = 0;
    for (let i = this.chunks.length - 1; i >= 0 && got < n; i--) {
      last.unshift(this.chunks[i]!);
      got += this.chunks[i]!.length;
    }
    const joined = Buffer.concat(last);
    return joined.subarray(Math.max(0, joined.length - n));
  }
}

interface Pending {
  frame: Frame;
  settle: (r: ShellResult | Error) => void;
}

export class PersistentShell {
  private pending: Pending | undefined;
  /** Set once the shell has ended (killed, lost, exited): it takes no more requests. */
  ended = false;

  private constructor(private readonly proc: RemoteProcess, private readonly host: string) {
    proc.stdin.on('error', () => {}); // a shell that ended: exit tells why
    proc.stdout.on('data', (b: Buffer) => this.onOutput('out', b));
    proc.stderr.on('data', (b: Buffer) => this.onOutput('err', b));
    proc.exit.then(
      ({ code }) => this.end(new Error(`the shell on ${host} ended (exit code ${code ?? 'none'}) while a command ran`)),
      (e: Error) => this.end(e),
    );
  }

  /**
   * Start the shell with `spawn` (a command line that ends up running `sh` on its stdin) and wait until it
   * answers. `expectFirst`: a line the start prints before the shell runs (become's marker), required.
   */
  static async start(spawn: () => Promise<RemoteProcess>, host: string, expectFirst?: string): Promise<PersistentShell> {
    const proc = await spawn();
    const shell = new PersistentShell(proc, host);
    // The prelude's functions, then an answer from the shell itself (no subshell: a ready shell costs the
    // host no process).
    const ready = await shell.request((nonce) => Buffer.from(`${PRELUDE}{ __rb_end 0 ${nonce}\n}\n`), 30_000, undefined);
    const head = expectFirst === undefined ? '' : `${expectFirst}\n`;
    if (ready.code !== 0 || ready.stdout.toString('latin1') !== head) {
      shell.close();
      throw new Error(`the shell on ${host} did not start: ${ready.stderr.trim()}`);
    }
    return shell;
  }

  get busy(): boolean {
    return this.pending !== undefined;
  }

  run(req: ShellRequest): Promise<ShellResult> {
    return this.request((nonce) => shellCommand(req.script, req.stdin, nonce), req.timeout, req.signal);
  }

  private request(text: (nonce: string) => Buffer, timeout: number | undefined, signal: AbortSignal | undefined): Promise<ShellResult> {
    if (this.ended || this.pending) return Promise.reject(new Error(`the shell on ${this.host} is ${this.ended ? 'gone' : 'busy'}`));
    const frame = new Frame(`__RB_${randomBytes(12).toString('hex')}`);
    return new Promise<ShellResult>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const onAbort = () => this.kill(new InterruptedError(`interrupted while running a command on ${this.host}`));
      this.pending = {
        frame,
        settle: (r) => {
          this.pending = undefined;
          if (timer) clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
          if (r instanceof Error) reject(r);
          else resolve(r);
        },
      };
      if (signal?.aborted) return onAbort();
      signal?.addEventListener('abort', onAbort, { once: true });
      if (timeout) timer = setTimeout(() => this.kill(new TimeoutError(`command timed out after ${timeout} ms on ${this.host}`)), timeout);
      this.proc.stdin.write(text(frame.nonce));
    });
  }

  /** End the shell (its stdin closed: `sh` exits at the end of its input). */
  close(): void {
    if (this.ended) return;
    this.ended = true;
    this.proc.stdin.end();
  }

  private onOutput(stream: 'out' | 'err', b: Buffer): void {
    const p = this.pending;
    if (!p) return; // output of nothing we asked for (a background process of an earlier command): dropped
    p.frame.feed(stream, b);
    if (p.frame.done) p.settle(p.frame.result());
  }

  /** Stop the running command by ending the whole shell (a new one starts for the next command). */
  private kill(why: Error): void {
    this.ended = true;
    this.proc.kill();
    this.pending?.settle(why);
  }

  private end(why: Error): void {
    this.ended = true;
    this.pending?.settle(why);
  }
}
