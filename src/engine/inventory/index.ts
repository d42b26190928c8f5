// Load an inventory file (YAML or Ansible's INI), its group_vars/ and host_vars/ (beside the inventory and,
// as in Ansible, beside the playbook), and resolve connection settings. Every problem of every file is
// collected and thrown at once as one InvalidInputError, located.

import { dirname, resolve } from 'node:path';
import { InvalidInputError, type Problem } from '../errors.js';
import { buildInventory, type VarsFromFiles } from './model.js';
import { parseInventory, type ParsedInventory } from './parse.js';
import { readInventoryFile } from './source.js';
import type { Inventory } from './types.js';
import { loadVarsFiles } from './vars-files.js';

export type { Inventory, InventoryGroup, InventoryHost, HostConnection } from './types.js';
export { parsePattern, type Pattern } from './patterns.js';

export interface LoadInventoryOptions {
  /** The playbook's directory: its group_vars/ and host_vars/ win over the inventory's (Ansible's order). */
  playbookDir?: string;
}

export async function loadInventory(file: string, options: LoadInventoryOptions = {}): Promise<Inventory> {
  const { parsed, problems } = await readInventoryFile(file);
  // Locations in vars files stay relative like the path given, so messages match what the user typed.
  const dir = dirname(file);
  const inventoryFiles = await varsFilesBeside(dir, parsed, problems);
  const playbookDir = options.playbookDir !== undefined && resolve(options.playbookDir) !== resolve(dir) ? options.playbookDir : undefined;
  const playbookFiles = playbookDir === undefined ? undefined : await varsFilesBeside(playbookDir, parsed, problems);
  if (problems.length > 0) throw new InvalidInputError(problems);

  const built = buildInventory(resolve(file), resolve(dir), parsed, inventoryFiles, playbookFiles);
  if (Array.isArray(built)) throw new InvalidInputError(built);
  return built;
}

/** `<dir>/group_vars/` and `<dir>/host_vars/` for the inventory's groups and hosts; problems are added. */
async function varsFilesBeside(dir: string, parsed: ParsedInventory, problems: Problem[]): Promise<VarsFromFiles> {
  const groupFiles = await loadVarsFiles(dir, 'group_vars', new Set([...parsed.groups.keys(), 'ungrouped']));
  const hostFiles = await loadVarsFiles(dir, 'host_vars', new Set([...parsed.hosts.keys(), 'localhost']));
  problems.push(...groupFiles.problems, ...hostFiles.problems);
  return { groups: groupFiles.byName, hosts: hostFiles.byName };
}

/** The inventory when there is no inventory file: only the implicit `localhost` (as Ansible without -i). */
export function implicitInventory(): Inventory {
  const built = buildInventory('', process.cwd(), parseInventory(null), { groups: new Map(), hosts: new Map() });
  if (Array.isArray(built)) throw new InvalidInputError(built);
  return built;
}
