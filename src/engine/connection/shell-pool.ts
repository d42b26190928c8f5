// The persistent shells of one host (persistent-shell.ts), one per become user, shared by every connection
// derived from the host's first one. A command runs in the shell when the shell is free; otherwise (another
// command of this host is running there, the shell could not be started: sudo wants a password, say) the
// caller gives it a channel of its own, as every command had before.

import { wrapBecome } from './become.js';
import { PersistentShell, type ShellRequest, type ShellResult } from './persistent-shell.js';
import type { BecomeSpec, Transport } from './types.js';

/**
 * Shells per host: each holds one of the transport's few channels for the whole run (SSH: 4), so the
 * others must stay free for the commands that need their own. A third become user gets channels.
 */
const MAX_SHELLS = 2;

export class ShellPool {
  /** Per become user ('' without become); undefined once the shell could not be started (not retried). */
  private readonly shells = new Map<string, Promise<PersistentShell | undefined>>();
  private closed = false;

  constructor(private readonly transport: Transport) {}

  /** Run `req` in the shell for `become`, or undefined when it cannot run there now (use a channel). */
  async tryRun(become: BecomeSpec | undefined, req: ShellRequest): Promise<ShellResult | undefined> {
    if (this.closed || become?.password !== undefined) return undefined; // a password prompt needs its own channel
    const key = become ? (become.user ?? 'root') : '';
    let started = this.shells.get(key);
    if (started === undefined) {
      if (this.shells.size >= MAX_SHELLS) return undefined;
      started = this.start(become);
      this.shells.set(key, started);
    }
    const shell = await started;
    if (shell?.ended) {
      this.shells.delete(key); // killed by a timeout or an interrupt: the next command starts a new one
      return undefined;
    }
    // Checked and taken in one synchronous step: no other command can slip in between.
    if (!shell || shell.busy) return undefined;
    return shell.run(req);
  }

  private async start(become: BecomeSpec | undefined): Promise<PersistentShell | undefined> {
    const wrapped = become ? wrapBecome('exec sh', become) : undefined;
    try {
      return await PersistentShell.start(() => this.transport.spawn(wrapped?.command ?? 'exec sh'), this.transport.host, wrapped?.marker);
    } catch {
      return undefined;
    }
  }

  /** End every shell (their `sh` exits at the end of its input). */
  async close(): Promise<void> {
    this.closed = true;
    for (const started of this.shells.values()) (await started)?.close();
    this.shells.clear();
  }
}
