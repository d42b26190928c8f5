// What every task of a play needs to know besides its host: the play, the run's options, every host's state,
// and the variables a task sees on a host (the DESIGN.md precedence, plus Ansible's magic variables).

import { dirname } from 'node:path';
import type { CompiledPlay, CompiledPlaybook, TaskScope, Vars } from '../compile/types.js';
import type { Emit } from '../events.js';
import type { PlanObserver } from './plan-observer.js';
import type { Inventory } from '../inventory/types.js';
import { mergeVars } from './vars.js';
import { namespaceFacts } from './gather-facts.js';
import type { HostRegistry, HostState } from './host-state.js';

export interface RunSettings {
  check: boolean;
  diff: boolean;
  forks: number;
  extraVars: Vars;
  emit: Emit;
  signal: AbortSignal;
  /** Sees every module plan (saved plans); may refuse one in apply mode. */
  observer?: PlanObserver;
}

export class PlayContext {
  /** Group name → host names, including `all` (computed once per play). */
  private readonly groups: Record<string, string[]>;
  private readonly hostvars: Record<string, unknown>;

  constructor(
    readonly playbook: CompiledPlaybook,
    readonly play: CompiledPlay,
    readonly inventory: Inventory,
    readonly hosts: HostRegistry,
    readonly settings: RunSettings,
    /** Every host the play targets (ansible_play_hosts_all). */
    readonly playHosts: string[],
  ) {
    this.groups = { all: [...inventory.hosts.keys()] };
    for (const name of inventory.groups.keys()) this.groups[name] = inventory.select(name);
    this.hostvars = lazyHostvars(this);
  }

  /** The variables a task sees on `host`. `local` holds loop variables (highest precedence). */
  vars(host: HostState, scope: TaskScope | undefined, local?: Vars, batch?: string[]): Vars {
    const play = this.play;
    return mergeVars({
      roleDefaults: scope?.roleDefaults ? [play.roleDefaults, scope.roleDefaults] : [play.roleDefaults],
      inventory: host.inv.vars,
      facts: host.facts,
      play: play.vars,
      roleVars: scope?.roleVars,
      blockVars: scope?.blockVars,
      taskVars: scope?.taskVars,
      host: host.hostVars,
      extra: this.settings.extraVars,
      magic: { ...this.magic(host, scope, batch), ...local },
    });
  }

  private magic(host: HostState, scope: TaskScope | undefined, batch: string[] | undefined): Vars {
    const active = this.playHosts.filter((h) => this.hosts.get(h)?.active);
    return {
      inventory_hostname: host.name,
      inventory_hostname_short: host.name.split('.')[0],
      group_names: host.inv.groups.filter((g) => g !== 'all' && g !== 'ungrouped'),
      // Always defined in Ansible (the play context's connection: ssh unless told otherwise); roles test it bare.
      ansible_connection: host.inv.connection.connection,
      groups: this.groups,
      hostvars: this.hostvars,
      ansible_facts: namespaceFacts(host.facts),
      // ansible.cfg's default `ansible_managed` string, which Ansible's template module sets for every template.
      ansible_managed: 'Ansible managed',
      play_hosts: active,
      ansible_play_hosts: active,
      ansible_play_hosts_all: this.playHosts,
      ansible_play_batch: batch ?? active,
      ansible_play_name: this.play.name,
      ansible_check_mode: this.settings.check,
      ansible_diff_mode: this.settings.diff,
      playbook_dir: this.playbook.dir,
      inventory_dir: this.inventory.file ? dirname(this.inventory.file) : '',
      ...(scope?.role ? { role_name: scope.role.name, role_path: scope.role.dir } : {}),
    };
  }
}

/**
 * `hostvars.<name>`: another host's play-level variables, computed when a template asks (not cached: that
 * host's facts and registered results may change during the play, and the view is lazy anyway).
 */
function lazyHostvars(pc: PlayContext): Record<string, unknown> {
  const get = (name: string): Vars | undefined => {
    const h = pc.hosts.get(name);
    return h ? pc.vars(h, undefined) : undefined;
  };
  return new Proxy({} as Record<string, unknown>, {
    get: (_t, key) => (typeof key === 'string' ? get(key) : undefined),
    has: (_t, key) => typeof key === 'string' && pc.hosts.has(key),
    ownKeys: () => [...pc.inventory.hosts.keys()],
    getOwnPropertyDescriptor: (_t, key) =>
      typeof key === 'string' && pc.hosts.has(key) ? { configurable: true, enumerable: true, value: get(key) } : undefined,
  });
}
