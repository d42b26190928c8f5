// Everything the run knows about one host: its one connection (opened on first use, kept for the whole run),
// its fact cache, gathered facts, registered results, and whether it has failed or become unreachable.

import type { Connection } from '../connection/types.js';
import type { Fact } from '../module-api/module.js';
import type { InventoryHost } from '../inventory/types.js';
import type { Vars } from '../compile/types.js';
import { emptyStats, type HostStats } from '../events.js';
import { userInfo } from 'node:os';
import { ModuleFailure } from '../errors.js';
import { HostFacts } from './facts.js';

export type OpenConnection = (host: InventoryHost, signal: AbortSignal) => Promise<Connection>;

export class HostState {
  /** Facts from gather_facts (gathered once per run) and those modules added (service_facts). */
  facts: Vars | undefined;
  /** gather_facts ran on this host (facts a module added do not count). */
  gathered = false;
  /** Registered results and set_fact values: they outlive the play, as in Ansible. */
  readonly hostVars: Vars = {};
  /** The host failed a task in the current play (not ignored, not rescued): it runs nothing more in it. */
  failed = false;
  /** `meta: end_host`: the host runs nothing more in the current play (reset when a play starts). */
  ended = false;
  /** The connection is gone: the host runs nothing more in this run. */
  unreachable = false;
  readonly stats: HostStats = emptyStats();
  private connection: Promise<Connection> | undefined;
  /** Commands run over connections closed so far (a reboot reconnects). */
  private closedCommands = 0;
  private settled: Connection | undefined;
  /** One fact cache per way of reading (privilege, environment): see readerKey. */
  private readonly caches = new Map<string, HostFacts>();

  constructor(
    readonly inv: InventoryHost,
    private readonly open: OpenConnection,
  ) {}

  get name(): string {
    return this.inv.name;
  }

  /** The host's connection; the first call opens it. A failed open is remembered (no retry storm). */
  connect(signal: AbortSignal): Promise<Connection> {
    const inv = this.remoteUser === undefined ? this.inv : { ...this.inv, connection: { ...this.inv.connection, user: this.remoteUser } };
    this.connection ??= this.open(inv, signal).then((c) => (this.settled = c));
    return this.connection;
  }

  /** `remote_user:` of the play or task that connected first, used when the inventory names no user. */
  private remoteUser: string | undefined;

  /** The user the connection logs in as, when the inventory or a remote_user names one. */
  get loginUser(): string | undefined {
    return this.inv.connection.user ?? this.remoteUser;
  }

  /**
   * A play's or task's `remote_user:`. The inventory's user wins, as Ansible's ansible_user does; otherwise
   * it is the login user, and, since runbook keeps one connection per host, a different one later is refused.
   */
  useRemoteUser(user: string | undefined): void {
    if (user === undefined || this.inv.connection.user !== undefined || this.inv.connection.connection === 'local') return;
    if (this.connection === undefined) this.remoteUser = user;
    else if ((this.remoteUser ?? userInfo().username) !== user) {
      throw new ModuleFailure(
        `remote_user ${user}: this host's connection is already logged in as ${this.remoteUser ?? userInfo().username}, and runbook keeps one connection per host for the run; set the user for the host in the inventory (user: or ansible_user), or use become_user`,
      );
    }
  }

  /** How many commands this run has sent to the host. */
  get commands(): number {
    return this.closedCommands + (this.settled?.stats.execs ?? 0);
  }

  /** The fact cache for reads made the way `key` says (user, environment); `conn` builds its connection. */
  factCache(key: string, conn: () => Connection): HostFacts {
    let cache = this.caches.get(key);
    if (!cache) this.caches.set(key, (cache = new HostFacts(conn(), this.predicted)));
    return cache;
  }

  /** Check mode: what the changes planned so far will make the host read (see Change.predicts). */
  private readonly predicted = new Map<string, unknown>();
  /**
   * Check mode: changes planned on the host so far, none applied. A later task that finds something missing
   * may be waiting for one of them: not all of what a change makes can be predicted (a package's unit, a
   * .deb's contents, a command's output).
   */
  pendingChanges = 0;

  /** Check mode: a task planned these changes; the following tasks read what they predict. */
  planned(changes: readonly { predicts?: Readonly<Record<string, unknown>> }[]): void {
    if (changes.length === 0) return;
    for (const c of changes) {
      this.pendingChanges++;
      for (const [key, value] of Object.entries(c.predicts ?? {})) this.predicted.set(key, value);
    }
    // Read-ahead covered its window with the host's reads; predicted values replace some of them.
    this.factGeneration++;
  }

  /**
   * Set while a task runs on this host: the reads the next task will make with this privilege and environment
   * (readerKey), for its write to carry (carried-reads.ts).
   */
  nextReads?: (readerKey: string) => Promise<Fact<unknown>[]>;

  /** Bumped whenever cached reads are dropped, so read-ahead knows its reads are gone. */
  factGeneration = 0;

  /** After a change was applied, every cached read of this host may be stale. */
  invalidateFacts(): void {
    this.factGeneration++;
    for (const cache of this.caches.values()) cache.invalidate();
  }

  /** Close the connection and open a fresh one (the host rebooted). Fact caches start empty. */
  async reconnect(signal: AbortSignal): Promise<Connection> {
    await this.close();
    this.caches.clear();
    this.factGeneration++;
    return this.connect(signal);
  }

  get active(): boolean {
    return !this.failed && !this.unreachable && !this.ended;
  }

  async close(): Promise<void> {
    const c = this.connection;
    this.connection = undefined;
    this.closedCommands += this.settled?.stats.execs ?? 0;
    this.settled = undefined;
    if (c) await c.then((conn) => conn.close(), () => undefined);
  }
}

/** Every host the run has touched, created on first use (a play's hosts, or a `delegate_to` target). */
export class HostRegistry {
  private readonly states = new Map<string, HostState>();

  constructor(
    private readonly lookup: (name: string) => InventoryHost | undefined,
    private readonly open: OpenConnection,
  ) {}

  /** The state of an inventory host (or the implicit localhost); undefined for an unknown name. */
  ensure(name: string): HostState | undefined {
    let s = this.states.get(name);
    if (!s) {
      const inv = this.lookup(name);
      if (!inv) return undefined;
      this.states.set(name, (s = new HostState(inv, this.open)));
    }
    return s;
  }

  get(name: string): HostState | undefined {
    return this.states.get(name) ?? this.ensure(name);
  }

  has(name: string): boolean {
    return this.lookup(name) !== undefined;
  }

  /** States created so far, in creation order. */
  all(): HostState[] {
    return [...this.states.values()];
  }

  async closeAll(): Promise<void> {
    await Promise.all(this.all().map((s) => s.close()));
  }
}
