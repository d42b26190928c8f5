// The loaded inventory: what the executor, the connections and `runbook inventory` see. Connection
// settings may be written at any level (all, group, host) and are inherited like variables.

import type { Loc } from '../errors.js';
import type { Vars } from '../compile/types.js';

export type HostKeyChecking = 'accept-new' | 'strict' | 'off';

export interface HostConnection {
  connection: 'local' | 'ssh';
  /** Address or ~/.ssh/config alias to connect to; defaults to the inventory name. */
  host: string;
  port?: number;
  user?: string;
  /** Path of a private key file (`~` expanded). */
  private_key?: string;
  /** SSH password (password auth, only when given). */
  password?: string;
  become?: boolean;
  become_user?: string;
  become_password?: string;
  /** accept-new (default): record unknown keys, refuse changed ones; strict: refuse unknown too; off. */
  host_key_checking: HostKeyChecking;
  /** known_hosts file; default ~/.ssh/known_hosts. */
  known_hosts?: string;
  /** Connect timeout in seconds. */
  timeout?: number;
  /** Seconds one command may run (default DEFAULT_COMMAND_TIMEOUT_S; 0: no limit). */
  command_timeout?: number;
}

/** A command that hangs must not hang the run: it is stopped after this long unless told otherwise. */
export const DEFAULT_COMMAND_TIMEOUT_S = 3600;

/** The host's limit for one command in milliseconds; undefined: none. */
export function commandTimeoutMs(c: HostConnection): number | undefined {
  const s = c.command_timeout ?? DEFAULT_COMMAND_TIMEOUT_S;
  return s > 0 ? s * 1000 : undefined;
}

export interface InventoryHost {
  name: string;
  /** Every group the host is in, `all` first, parents before children. */
  groups: string[];
  /** Inventory variables merged: all, groups (parent before child), host, host_vars/. */
  vars: Vars;
  connection: HostConnection;
  loc?: Loc;
}

export interface InventoryGroup {
  name: string;
  /** Hosts listed directly in the group. */
  hosts: string[];
  children: string[];
  vars: Vars;
  loc?: Loc;
}

export interface Inventory {
  /** Absolute path of the inventory file ('' for the implicit one). */
  file: string;
  /** In the order they were first written. */
  hosts: Map<string, InventoryHost>;
  groups: Map<string, InventoryGroup>;
  /**
   * Hosts matching a pattern (`all`, `web`, `db*`, `web:db`, `web:&prod`, `web:!db1`), in inventory order.
   * Throws InvalidInputError for bad syntax or a name that is neither a host nor a group (with did-you-mean).
   */
  select(pattern: string, loc?: Loc): string[];
  /** A host by name, including the implicit `localhost` (local connection) when it is not listed. */
  host(name: string): InventoryHost | undefined;
}
