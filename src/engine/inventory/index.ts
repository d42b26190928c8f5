// Load an inventory file: YAML, schema, structure, group_vars/ and host_vars/ beside it, connection
// settings. Every problem of every file is collected and thrown at once as one InvalidInputError, located.

import { dirname, resolve } from 'node:path';
import { InvalidInputError, type Problem } from '../errors.js';
import { loadYaml } from '../load/yaml.js';
import { validateDocument } from '../validate/index.js';
import { ANSIBLE_ALIASES } from './connection.js';
import { buildInventory } from './model.js';
import { parseInventory } from './parse.js';
import type { Inventory } from './types.js';
import { loadVarsFiles } from './vars-files.js';

export type { Inventory, InventoryGroup, InventoryHost, HostConnection } from './types.js';
export { parsePattern, type Pattern } from './patterns.js';

export async function loadInventory(file: string): Promise<Inventory> {
  const doc = await loadYaml(file); // YAML errors (duplicate keys, indentation) are thrown, located, from here
  const problems: Problem[] = validateDocument('inventory', doc).map(withPortingHint);
  const parsed = parseInventory(doc.value);
  problems.push(...parsed.problems);

  // Locations in vars files stay relative like the path given, so messages match what the user typed.
  const dir = dirname(file);
  const groupFiles = await loadVarsFiles(dir, 'group_vars', new Set([...parsed.groups.keys(), 'ungrouped']));
  const hostFiles = await loadVarsFiles(dir, 'host_vars', new Set([...parsed.hosts.keys(), 'localhost']));
  problems.push(...groupFiles.problems, ...hostFiles.problems);
  if (problems.length > 0) throw new InvalidInputError(problems);

  const built = buildInventory(resolve(file), resolve(dir), parsed, { groups: groupFiles.byName, hosts: hostFiles.byName });
  if (Array.isArray(built)) throw new InvalidInputError(built);
  return built;
}

/**
 * Ansible writes host variables directly on the host (`web1: {ansible_host: …, http_port: 80}`); runbook
 * takes connection settings there and variables under `vars:`. Say so where the schema found nothing closer.
 */
function withPortingHint(p: Problem): Problem {
  const key = /^unknown key "([^"]+)" in (?:host|group)$/.exec(p.message)?.[1];
  if (!key || p.hint) return p;
  const setting = ANSIBLE_ALIASES[key];
  const hint = setting
    ? `write the connection setting \`${setting}:\` here, or put ${key} under vars:`
    : `variables go under vars: (${key} is not a connection setting)`;
  return { ...p, hint };
}

/** The inventory when there is no inventory file: only the implicit `localhost` (as Ansible without -i). */
export function implicitInventory(): Inventory {
  const built = buildInventory('', process.cwd(), parseInventory(null), { groups: new Map(), hosts: new Map() });
  if (Array.isArray(built)) throw new InvalidInputError(built);
  return built;
}
