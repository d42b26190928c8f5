// Load inventory sources (YAML or Ansible's INI files, directories, scripts), their group_vars/ and host_vars/
// (beside each source and, as in Ansible, beside the playbook), and resolve connection settings. Every
// problem of every file is collected and thrown at once as one InvalidInputError, located.

import { dirname, resolve } from 'node:path';
import { InvalidInputError, type Problem } from '../errors.js';
import { buildInventory, type VarsFromFiles } from './model.js';
import { mergeParsed } from './merge.js';
import { parseInventory, type ParsedInventory } from './parse.js';
import { readInventorySource } from './source.js';
import type { Inventory } from './types.js';
import { loadVarsFiles } from './vars-files.js';

export type { Inventory, InventoryGroup, InventoryHost, HostConnection } from './types.js';
export { parsePattern, type Pattern } from './patterns.js';

export interface LoadInventoryOptions {
  /** The playbook's directory: its group_vars/ and host_vars/ win over the inventory's (Ansible's order). */
  playbookDir?: string;
  /** Connection settings from the configuration, below everything the inventory says. */
  connectionDefaults?: Record<string, unknown>;
}

/**
 * Load one inventory source or several (merged in order, as Ansible's repeated -i): files in either format,
 * directories of them, executable scripts, `host1,host2,` lists.
 */
export async function loadInventory(sources: string | readonly string[], options: LoadInventoryOptions = {}): Promise<Inventory> {
  const list = typeof sources === 'string' ? [sources] : [...sources];
  const read = await Promise.all(list.map((s) => readInventorySource(s, dirname)));
  const parsed = mergeParsed(read.flatMap((r) => r.parts));
  const problems: Problem[] = [...parsed.problems];
  // Locations in vars files stay relative like the path given, so messages match what the user typed.
  const dirs = [...new Set(read.map((r) => r.varsDir).filter((d): d is string => d !== undefined))];
  const inventoryFiles = concat(await Promise.all(dirs.map((d) => varsFilesBeside(d, parsed, problems, true))));
  const { playbookDir } = options;
  const beside = playbookDir !== undefined && dirs.some((d) => resolve(d) === resolve(playbookDir));
  const playbookFiles = playbookDir === undefined || beside ? undefined : await varsFilesBeside(playbookDir, parsed, problems, false);
  if (problems.length > 0) throw new InvalidInputError(problems);

  const first = list[0]!;
  const built = buildInventory(first.includes(',') && !dirs.length ? '' : resolve(first), resolve(dirs[0] ?? '.'), parsed, inventoryFiles, { playbookFiles, connectionDefaults: options.connectionDefaults });
  if (Array.isArray(built)) throw new InvalidInputError(built);
  return built;
}

/** The vars files of several sources as one, source by source (a later source's files win). */
function concat(all: VarsFromFiles[]): VarsFromFiles {
  const out: VarsFromFiles = { groups: new Map(), hosts: new Map() };
  for (const files of all) {
    for (const [kind, map] of [['groups', files.groups], ['hosts', files.hosts]] as const) {
      for (const [name, list] of map) out[kind].set(name, [...(out[kind].get(name) ?? []), ...list]);
    }
  }
  return out;
}

/** `<dir>/group_vars/` and `<dir>/host_vars/` for the inventory's groups and hosts; problems are added. */
async function varsFilesBeside(dir: string, parsed: ParsedInventory, problems: Problem[], strict: boolean): Promise<VarsFromFiles> {
  const groupFiles = await loadVarsFiles(dir, 'group_vars', new Set([...parsed.groups.keys(), 'ungrouped']), strict);
  const hostFiles = await loadVarsFiles(dir, 'host_vars', new Set([...parsed.hosts.keys(), 'localhost']), strict);
  problems.push(...groupFiles.problems, ...hostFiles.problems);
  return { groups: groupFiles.byName, hosts: hostFiles.byName };
}

/** The inventory when there is no inventory file: only the implicit `localhost` (as Ansible without -i). */
export function implicitInventory(options: LoadInventoryOptions = {}): Inventory {
  const none = { groups: new Map(), hosts: new Map() };
  const built = buildInventory('', process.cwd(), parseInventory(null), none, { connectionDefaults: options.connectionDefaults });
  if (Array.isArray(built)) throw new InvalidInputError(built);
  return built;
}
