// Turns the parsed definitions and the group_vars/host_vars files into the Inventory the rest of runbook
// uses. Variables merge in Ansible's order: the inventory file's group vars (groups sorted by depth, then
// name: `all` first, parents before children), then the group_vars/ files in the same group order, then
// the host's own vars, then host_vars/. Mappings are replaced, not merged (hash_behaviour=replace).
// group_vars/ and host_vars/ beside the playbook come right after the inventory's at each step, as in
// Ansible's VARIABLE_PRECEDENCE: all's files (inventory, then playbook), the other groups' files (inventory,
// then playbook), the host's inline vars, host_vars/ (inventory, then playbook).

import { InvalidInputError, type Loc, type Problem } from '../errors.js';
import type { Vars } from '../compile/types.js';
import { resolveConnection, type Level } from './connection.js';
import type { GroupDef, Mapping, ParsedInventory } from './parse.js';
import { matchPattern, parsePattern, PatternError, type Pattern, type PatternScope } from './patterns.js';
import type { Inventory, InventoryGroup, InventoryHost } from './types.js';

export interface VarsFromFiles {
  groups: Map<string, Mapping[]>;
  hosts: Map<string, Mapping[]>;
}

const merged = (mappings: Mapping[]): Vars => Object.assign({}, ...mappings);

/** Depth of each group: its longest distance from `all` (Ansible's ordering key). Groups are acyclic here. */
function depths(groups: Map<string, GroupDef>): Map<string, number> {
  const depth = new Map<string, number>();
  const visit = (name: string, d: number) => {
    if ((depth.get(name) ?? -1) >= d) return;
    depth.set(name, d);
    for (const child of groups.get(name)!.children) visit(child, d + 1);
  };
  visit('all', 0);
  return depth;
}

/** Hosts listed only under `all` (in no other group) form `ungrouped`, as in Ansible. */
function addUngrouped(parsed: ParsedInventory): void {
  const grouped = new Set<string>();
  for (const g of parsed.groups.values()) if (g.name !== 'all' && g.name !== 'ungrouped') g.hosts.forEach((h) => grouped.add(h));
  const all = parsed.groups.get('all')!;
  let ungrouped = parsed.groups.get('ungrouped');
  if (!ungrouped) {
    ungrouped = { name: 'ungrouped', hosts: [], children: [], vars: [], settings: { values: {}, locs: {} }, defined: true, refs: [{ parent: 'all' }] };
    parsed.groups.set('ungrouped', ungrouped);
  }
  if (!all.children.includes('ungrouped')) all.children.push('ungrouped');
  for (const h of all.hosts) if (!grouped.has(h) && !ungrouped.hosts.includes(h)) ungrouped.hosts.push(h);
}

/** The inventory, or the problems found while resolving its hosts' connection settings. */
export interface BuildExtras {
  /** group_vars/ and host_vars/ beside the playbook. */
  playbookFiles?: VarsFromFiles;
  /** Connection settings from the configuration (ansible.cfg): below every level of the inventory. */
  connectionDefaults?: Mapping;
}

export function buildInventory(file: string, baseDir: string, parsed: ParsedInventory, files: VarsFromFiles, extras: BuildExtras = {}): Inventory | Problem[] {
  const { playbookFiles } = extras;
  const defaults: Level[] = extras.connectionDefaults ? [{ settings: { values: extras.connectionDefaults, locs: {} }, vars: [] }] : [];
  addUngrouped(parsed);
  const depth = depths(parsed.groups);
  const order = (a: string, b: string) => depth.get(a)! - depth.get(b)! || (a < b ? -1 : a > b ? 1 : 0);

  const parents = new Map<string, string[]>();
  for (const g of parsed.groups.values()) for (const c of g.children) parents.set(c, [...(parents.get(c) ?? []), g.name]);
  const ancestorsOf = (groups: Iterable<string>): string[] => {
    const seen = new Set<string>();
    const up = (g: string) => {
      if (seen.has(g)) return;
      seen.add(g);
      (parents.get(g) ?? []).forEach(up);
    };
    for (const g of groups) up(g);
    seen.add('all');
    return [...seen].sort(order);
  };

  const directGroups = new Map<string, string[]>();
  for (const g of parsed.groups.values()) for (const h of g.hosts) directGroups.set(h, [...(directGroups.get(h) ?? []), g.name]);

  const problems: Problem[] = [];
  const sources = playbookFiles ? [files, playbookFiles] : [files];
  const groupFiles = (g: string) => sources.flatMap((s) => s.groups.get(g) ?? []);
  const hostFiles = (h: string) => sources.flatMap((s) => s.hosts.get(h) ?? []);
  // Every group's inventory files before any group's playbook files (Ansible merges source by source).
  const filesOf = (gs: string[]) => sources.flatMap((s) => gs.flatMap((g) => s.groups.get(g) ?? []));
  const level = (g: string): Level => ({ settings: parsed.groups.get(g)!.settings, vars: [...parsed.groups.get(g)!.vars, ...groupFiles(g)] });

  const hosts = new Map<string, InventoryHost>();
  for (const def of parsed.hosts.values()) {
    const groups = ancestorsOf(directGroups.get(def.name) ?? []);
    const hostVars = [...def.vars, ...hostFiles(def.name)];
    const others = groups.filter((g) => g !== 'all');
    const vars = merged([...groups.flatMap((g) => parsed.groups.get(g)!.vars), ...filesOf(['all']), ...filesOf(others), ...hostVars]);
    const levels = [...defaults, ...groups.map(level), { settings: def.settings, vars: hostVars }];
    hosts.set(def.name, { name: def.name, groups, vars, connection: resolveConnection(def.name, levels, baseDir, problems), loc: def.loc });
  }

  const groups = new Map<string, InventoryGroup>();
  for (const g of [...parsed.groups.values()].sort((a, b) => order(a.name, b.name))) {
    groups.set(g.name, { name: g.name, hosts: g.hosts, children: g.children, vars: merged([...g.vars, ...groupFiles(g.name)]), loc: g.loc });
  }

  // Not listed, localhost still exists (Ansible's implicit localhost): local, with all's vars, in no group.
  const localVars = hostFiles('localhost');
  const implicitLocalhost: InventoryHost | undefined = hosts.has('localhost')
    ? undefined
    : {
        name: 'localhost',
        groups: [],
        vars: merged([...parsed.groups.get('all')!.vars, ...groupFiles('all'), ...localVars]),
        connection: resolveConnection('localhost', [...defaults, level('all'), { settings: { values: { connection: 'local' }, locs: {} }, vars: localVars }], baseDir, problems),
      };

  if (problems.length > 0) return problems;
  return new LoadedInventory(file, hosts, groups, implicitLocalhost);
}

class LoadedInventory implements Inventory {
  private readonly patterns = new Map<string, Pattern>();
  private readonly members = new Map<string, string[]>();
  private readonly scope: PatternScope;

  constructor(
    readonly file: string,
    readonly hosts: Map<string, InventoryHost>,
    readonly groups: Map<string, InventoryGroup>,
    private readonly implicitLocalhost: InventoryHost | undefined,
  ) {
    this.scope = {
      hosts: [...hosts.keys()],
      groups: [...groups.keys()],
      membersOf: (g) => this.membersOf(g),
      implicitLocalhost: implicitLocalhost !== undefined,
    };
  }

  /** Every host of a group and of its descendants, in inventory order. */
  private membersOf(group: string): string[] {
    let list = this.members.get(group);
    if (!list) {
      const set = new Set<string>();
      const add = (g: string) => {
        const def = this.groups.get(g);
        def?.hosts.forEach((h) => set.add(h));
        def?.children.forEach(add);
      };
      add(group);
      list = [...this.hosts.keys()].filter((h) => set.has(h));
      this.members.set(group, list);
    }
    return list;
  }

  select(pattern: string, loc?: Loc): string[] {
    try {
      let parsed = this.patterns.get(pattern);
      if (!parsed) this.patterns.set(pattern, (parsed = parsePattern(pattern)));
      return matchPattern(parsed, this.scope);
    } catch (e) {
      if (e instanceof PatternError) throw new InvalidInputError([{ loc, message: e.message, hint: e.hint }]);
      throw e;
    }
  }

  host(name: string): InventoryHost | undefined {
    return this.hosts.get(name) ?? (name === 'localhost' ? this.implicitLocalhost : undefined);
  }
}
