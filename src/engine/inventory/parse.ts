// Reads the (schema-valid) inventory document into group and host definitions, in the order they were
// written, and checks what a schema cannot: child groups that are named but defined nowhere, cycles between
// groups, a name used for both a host and a group. Like Ansible, a group or host may appear in several
// places; its definitions are merged (later ones win).

import type { Loc, Problem } from '../errors.js';
import { locOf, positionsOf, withPositions } from '../load/yaml.js';
import { closest, editDistance } from '../validate/did-you-mean.js';

export type Mapping = Record<string, unknown>;

/** Connection settings written on a level (all, a group, a host), with where each was written. */
export interface Settings {
  values: Mapping;
  locs: Record<string, Loc | undefined>;
}

export const SETTING_KEYS = ['host', 'port', 'user', 'private_key', 'password', 'connection', 'become', 'become_user', 'become_password', 'host_key_checking', 'known_hosts', 'timeout', 'command_timeout'] as const;

export interface GroupDef {
  name: string;
  hosts: string[];
  children: string[];
  /** Each `vars:` mapping written for the group, in order (kept whole: they carry their YAML positions). */
  vars: Mapping[];
  settings: Settings;
  loc?: Loc;
  /** False while the group has only been named as someone's child with an empty value. */
  defined: boolean;
  /** Where it was named as a child (for "unknown group" and cycle errors). */
  refs: { parent: string; loc?: Loc }[];
}

export interface HostDef {
  name: string;
  vars: Mapping[];
  settings: Settings;
  loc?: Loc;
}

export interface ParsedInventory {
  groups: Map<string, GroupDef>;
  hosts: Map<string, HostDef>;
  problems: Problem[];
}

const asMapping = (v: unknown): Mapping => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Mapping) : {});

function addSettings(into: Settings, body: Mapping): void {
  for (const key of SETTING_KEYS) {
    if (key in body) {
      into.values[key] = body[key];
      into.locs[key] = locOf(body, key);
    }
  }
}

export function parseInventory(doc: unknown): ParsedInventory {
  const groups = new Map<string, GroupDef>();
  const hosts = new Map<string, HostDef>();
  const problems: Problem[] = [];

  const group = (name: string): GroupDef => {
    let g = groups.get(name);
    if (!g) groups.set(name, (g = { name, hosts: [], children: [], vars: [], settings: { values: {}, locs: {} }, defined: false, refs: [] }));
    return g;
  };

  const addHost = (g: GroupDef, name: string, body: unknown, loc: Loc | undefined) => {
    let h = hosts.get(name);
    if (!h) hosts.set(name, (h = { name, vars: [], settings: { values: {}, locs: {} }, loc }));
    if (!g.hosts.includes(name)) g.hosts.push(name);
    const b = asMapping(body);
    if (b.vars) h.vars.push(asMapping(b.vars));
    const direct = ansibleHostVars(b, problems);
    if (direct) h.vars.push(direct);
    addSettings(h.settings, b);
  };

  const walk = (name: string, body: unknown, parent: string | undefined, loc: Loc | undefined, topLevel = false) => {
    const g = group(name);
    if (parent !== undefined) {
      if (!group(parent).children.includes(name)) group(parent).children.push(name);
      g.refs.push({ parent, loc });
    }
    // A child named with an empty value is a reference to a group defined elsewhere; an empty top-level
    // group is a definition (of an empty group).
    if ((body === null || body === undefined) && !topLevel) return;
    g.defined = true;
    g.loc ??= loc;
    const b = asMapping(body);
    const hostsMap = asMapping(b.hosts);
    for (const h of Object.keys(hostsMap)) addHost(g, h, hostsMap[h], locOf(hostsMap, h, 'key'));
    if (b.vars) g.vars.push(asMapping(b.vars));
    addSettings(g.settings, b);
    const children = asMapping(b.children);
    for (const child of Object.keys(children)) walk(child, children[child], name, locOf(children, child, 'key'));
  };

  const top = asMapping(doc);
  group('all').defined = true;
  for (const name of Object.keys(top)) walk(name, top[name], undefined, locOf(top, name, 'key'), true);
  // As in Ansible, a top-level group is a child of all only when no other group claims it (`prod:
  // {children: {east:}}` makes east prod's child, not all's); one written under all: stays all's.
  for (const g of groups.values()) {
    if (g.name === 'all' || g.refs.length > 0) continue;
    if (!group('all').children.includes(g.name)) group('all').children.push(g.name);
    g.refs.push({ parent: 'all', loc: g.loc });
  }
  const all = group('all');
  all.loc ??= locOf(top, 'all', 'key');

  problems.push(...undefinedGroups(groups), ...cycles(groups), ...nameClashes(groups, hosts));
  return { groups, hosts, problems };
}

const RUNBOOK_HOST_KEYS = new Set<string>([...SETTING_KEYS, 'vars']);

/**
 * Ansible writes a host's variables directly on it (`web1: {ansible_host: 10.0.0.1, http_port: 80}`): every
 * key that is not one of runbook's is such a variable. A runbook connection-setting name among them is
 * ambiguous (Ansible would read `port: 8080` as a variable, runbook as the SSH port): a problem at that key.
 */
function ansibleHostVars(body: Mapping, problems: Problem[]): Mapping | undefined {
  const keys = Object.keys(body).filter((k) => !RUNBOOK_HOST_KEYS.has(k));
  if (keys.length === 0) return undefined;
  // `hostt:` is a typo of runbook's `host:`, not a variable: only close misses (no prefix rule, so
  // `hostname` or `user_name` stay variables).
  const typos = keys.filter((k) => !k.startsWith('ansible_') && [...RUNBOOK_HOST_KEYS].some((r) => editDistance(k, r) <= Math.max(1, Math.floor(k.length / 3))));
  for (const k of typos) {
    const [near] = closest(k, RUNBOOK_HOST_KEYS);
    problems.push({ loc: locOf(body, k, 'key'), message: `unknown key "${k}" in host`, hint: `did you mean "${near}"? (a variable of this name goes under vars:)` });
  }
  for (const k of Object.keys(body).filter((k) => SETTING_KEYS.includes(k as (typeof SETTING_KEYS)[number]))) {
    problems.push({
      loc: locOf(body, k, 'key'),
      message: `"${k}" is runbook's connection setting, but this host's other keys (${keys.join(', ')}) are written as Ansible's variables`,
      hint: `put the variables under vars: to keep ${k} a connection setting, or put ${k} under vars: to make it a variable as Ansible does`,
    });
  }
  const vars: Mapping = {};
  for (const k of keys) vars[k] = body[k];
  const positions = positionsOf(body);
  return positions ? withPositions(vars, positions) : vars;
}

function undefinedGroups(groups: Map<string, GroupDef>): Problem[] {
  const defined = [...groups.values()].filter((g) => g.defined).map((g) => g.name);
  const problems: Problem[] = [];
  for (const g of groups.values()) {
    if (g.defined) continue;
    for (const ref of g.refs) {
      const [near] = closest(g.name, defined);
      problems.push({
        loc: ref.loc,
        message: `unknown group "${g.name}" in the children of "${ref.parent}"${near ? ` (did you mean "${near}"?)` : ''}`,
        hint: 'a child written with an empty value must be defined elsewhere in the inventory, with hosts: or children:',
      });
    }
  }
  return problems;
}

/** Groups that contain themselves, each cycle reported once, at the child entry that closes it. */
export function cycles(groups: Map<string, GroupDef>): Problem[] {
  const problems: Problem[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const path: string[] = [];
  const visit = (name: string) => {
    state.set(name, 'visiting');
    path.push(name);
    for (const child of groups.get(name)?.children ?? []) {
      if (state.get(child) === 'visiting') {
        const chain = [...path.slice(path.indexOf(child)), child].join(' → ');
        const loc = groups.get(child)!.refs.find((r) => r.parent === name)?.loc;
        problems.push({ loc, message: `group cycle: ${chain}`, hint: 'a group cannot be its own child, directly or through other groups' });
      } else if (!state.has(child)) visit(child);
    }
    path.pop();
    state.set(name, 'done');
  };
  visit('all');
  // Groups out of all's reach (an INI `[a:children]` loop that nothing else claims) are checked too.
  for (const name of groups.keys()) if (!state.has(name)) visit(name);
  return problems;
}

export function nameClashes(groups: Map<string, GroupDef>, hosts: Map<string, HostDef>): Problem[] {
  return [...hosts.values()]
    .filter((h) => groups.has(h.name))
    .map((h) => ({
      loc: h.loc,
      message: `"${h.name}" is both a host and a group`,
      hint: 'host patterns (hosts:, --limit) could not tell them apart: rename one of them',
    }));
}
