// Channels on one SSH connection. sshd's default MaxSessions is 10 and a closed session lingers a moment,
// so even 8 concurrent channels fail at random: a gate keeps at most N (4) open, and an open that the
// server still refuses is retried a few times with a short back-off. Each exec channel becomes a
// RemoteProcess for ShellConnection; a channel that closes without an exit status because the connection
// died rejects with UnreachableError, so the executor marks the host unreachable instead of failing a task.

import type { Client, ClientChannel } from 'ssh2';
import { UnreachableError } from '../errors.js';
import { stripPgid } from './ssh-kill.js';
import type { RemoteProcess } from './types.js';

/** A counting semaphore that also remembers its high-water mark (tests and benchmarks read it). */
export class ChannelGate {
  active = 0;
  peak = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly max: number) {}

  async acquire(): Promise<() => void> {
    if (this.active >= this.max) await new Promise<void>((r) => this.waiting.push(r));
    this.active++;
    this.peak = Math.max(this.peak, this.active);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.active--;
      this.waiting.shift()?.();
    };
  }
}

const OPEN_RETRIES = 8;

function isOpenFailure(e: Error): boolean {
  return /channel open failure|no free channels|unable to exec/i.test(e.message);
}

/**
 * `client.exec` with retries when the server refuses to open a session channel (MaxSessions). `wrap` runs
 * synchronously inside ssh2's callback: a short command's output, exit status and close can arrive in the
 * same TCP read as the channel confirmation, and an `exit` listener attached one tick later misses them.
 */
export async function openExec<T>(client: Client, command: string, wrap: (ch: ClientChannel) => T, onRetry: () => void): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await new Promise<T>((resolve, reject) => {
        try {
          client.exec(command, (err, ch) => (err ? reject(err) : resolve(wrap(ch))));
        } catch (e) {
          reject(e as Error); // "Not connected"
        }
      });
    } catch (e) {
      if (!isOpenFailure(e as Error) || attempt >= OPEN_RETRIES) throw e;
      onRetry();
      await new Promise((r) => setTimeout(r, 20 * attempt));
    }
  }
}

export interface ChannelHooks {
  /** Frees the gate slot (idempotent); called once the channel is closed. */
  release: () => void;
  /** Why the connection is gone, if it is (a channel closing without an exit status then means "lost"). */
  lost: () => UnreachableError | undefined;
  /** The marker of the command's process-group report (see ssh-kill.ts). */
  marker: string;
  /** Signal a process group on the host through another channel. */
  killGroup: (pgid: number, signal: 'TERM' | 'KILL') => void;
}

/** Wrap an open exec channel as a RemoteProcess. */
export function channelProcess(ch: ClientChannel, hooks: ChannelHooks): RemoteProcess {
  const { release, lost } = hooks;
  const stderr = stripPgid(ch.stderr, hooks.marker);
  let status: { code: number | null; signal: string | null } | undefined;
  ch.on('exit', (code: number | null, signal?: string) => {
    status = { code: typeof code === 'number' ? code : null, signal: signal ?? null };
  });
  let closed = false;
  const exit = new Promise<{ code: number | null; signal: string | null }>((resolve, reject) => {
    ch.once('close', () => {
      closed = true;
      release();
      // "Settles when … its output streams have ended": stderr passes through a transform.
      const settle = () => {
        if (status) return resolve(status);
        const why = lost();
        if (why) return reject(why);
        // The server closed the channel without an exit status (e.g. after a signal): no code to report.
        resolve({ code: null, signal: null });
      };
      // Wait for the filtered stderr to drain, unless nobody reads it (then it would never end).
      if (stderr.stream.readableEnded || stderr.stream.readableFlowing !== true) settle();
      else stderr.stream.once('end', settle).once('error', settle);
    });
  });
  // A consumer that gave up on the command (interrupted, timed out before it awaited `exit`) never reads this
  // rejection; a lost connection must not then surface as an unhandled rejection that ends the process.
  // Whoever awaits `exit` still gets the error.
  exit.catch(() => {});
  const signal = (sig: 'TERM' | 'KILL') => {
    const pgid = stderr.pgid();
    if (pgid) hooks.killGroup(pgid, sig);
    else sendSignal(ch, sig); // the report did not come (yet): the protocol's own request, where sshd allows it
  };
  return {
    stdin: ch,
    stdout: ch,
    stderr: stderr.stream,
    exit,
    // TERM first, so scripts' traps clean up (atomic put's temp file); KILL if it is still there after 2 s.
    kill: () => {
      if (closed) return;
      signal('TERM');
      setTimeout(() => {
        if (closed) return;
        signal('KILL');
        ch.close();
        // A command that survives even that keeps its channel: stop counting it against our bound.
        setTimeout(release, 1000).unref();
      }, 2000).unref();
    },
  };
}

/**
 * ssh2's `channel.signal()` does nothing once we sent EOF (stdin closed), which is almost always the case
 * here; the request is still valid until the channel is closed, so send it through ssh2's protocol object.
 */
export function sendSignal(ch: ClientChannel, name: 'TERM' | 'KILL'): void {
  const c = ch as unknown as { outgoing?: { id: number; state: string }; _client?: { _protocol?: { signal(id: number, name: string): void } } };
  if (c.outgoing && (c.outgoing.state === 'open' || c.outgoing.state === 'eof')) c._client?._protocol?.signal(c.outgoing.id, name);
}
