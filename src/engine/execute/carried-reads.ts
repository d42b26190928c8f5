// Read-ahead for first runs. On a first run most tasks change something, and a change drops every cached
// read of the host, so read-ahead alone still costs two commands per task: the task's reads, then its write.
// Here the next task's reads travel with this task's write (Connection.put's `then`) or with a command of
// runbook's own (ExecOptions.carryReads: a file module's mkdir, never a user's command), read on the host
// once it is done; the next task then finds them cached and costs one command. They are kept only when
// that write was the last thing this task did to the host and nothing else touched the host meanwhile (a
// delegated task of another host): otherwise the next task reads for itself, as before.

import type { BecomeSpec, Connection, ConnectionDefaults, ExecOptions, PutOptions } from '../connection/types.js';
import type { HostFacts } from './facts.js';

type Carried = NonNullable<ReturnType<HostFacts['carried']>>;

/** Below Linux's 128 KiB limit on one argument, with room for quoting. */
const MAX_LINE_CHARS = 96 * 1024;
/** A write's command (atomic-put.ts) with room for a validate command. */
const PUT_SCRIPT_CHARS = 8 * 1024;

interface Slot {
  carried?: Carried;
  /** The reads went with a write. */
  sent: boolean;
  /** A command followed that write: what the reads saw may be stale. */
  spoiled: boolean;
}

/** The module's connection, able to carry reads with its next write once `arm` was called. */
export class CarryingConnection implements Connection {
  private readonly slot: Slot;

  /** `own`: the connection the reads were planned for (derived ones never carry them: another become). */
  constructor(private readonly conn: Connection, slot?: Slot, private readonly own = true) {
    this.slot = slot ?? { sent: false, spoiled: false };
  }

  get host(): string {
    return this.conn.host;
  }

  get plainFacts(): boolean | undefined {
    return this.conn.plainFacts;
  }

  get stats() {
    return this.conn.stats;
  }

  /** Send `carried` with the next write. */
  arm(carried: Carried): void {
    this.slot.carried = carried;
  }

  /** Put the carried answers in the cache, if they are still what the host holds (see the file's comment). */
  adoptIfCurrent(nothingElseChanged: boolean): void {
    if (this.slot.sent && !this.slot.spoiled && nothingElseChanged) this.slot.carried?.adopt();
  }

  exec(command: string, opts: ExecOptions = {}) {
    return this.conn.exec(command, this.carry(opts, command.length));
  }

  execBuffer(command: string, opts: ExecOptions = {}) {
    return this.conn.execBuffer(command, this.carry(opts, command.length));
  }

  get(path: string) {
    this.commandFollows();
    return this.conn.get(path);
  }

  put(path: string, data: string | Buffer, opts: PutOptions = {}): Promise<void> {
    return this.conn.put(path, data, this.carry(opts, PUT_SCRIPT_CHARS, true));
  }

  withBecome(spec: BecomeSpec | undefined): Connection {
    return new CarryingConnection(this.conn.withBecome(spec), this.slot, false);
  }

  derive(defaults: ConnectionDefaults): Connection {
    return new CarryingConnection(this.conn.derive(defaults), this.slot, false);
  }

  close(): Promise<void> {
    return this.conn.close();
  }

  /** A command after the carried reads may change what they read: they are dropped. */
  private commandFollows(): void {
    if (this.slot.sent) this.slot.spoiled = true;
  }

  /** A command is about to run: it carries the reads if it may (a write, or runbook's own command) and none did yet. */
  private carry<O extends { then?: ExecOptions['then']; carryReads?: boolean }>(opts: O, length: number, write = false): O {
    this.commandFollows();
    const carried = this.slot.carried;
    if (!carried || !this.own || this.slot.sent || !(write || opts.carryReads)) return opts;
    // Both go in one argument of `sh -c`, which Linux limits to 128 KiB.
    if (length + carried.then.script.length > MAX_LINE_CHARS) return opts;
    this.slot.sent = true;
    return { ...opts, then: carried.then };
  }
}
