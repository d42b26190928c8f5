// What `apply`, `validate` and `inventory` share: the configuration (runbook.cfg / ansible.cfg, environment)
// and the inventory sources it implies. `-i` on the command line wins over the config's `inventory`, which
// wins over the default ./inventory.yaml; without any of them, only the implicit localhost exists.

import { existsSync } from 'node:fs';
import { loadConfig, type RunbookConfig } from '../engine/config/index.js';
import { implicitInventory, loadInventory, type Inventory } from '../engine/inventory/index.js';

export const DEFAULT_INVENTORY = 'inventory.yaml';

export interface Sources {
  config: RunbookConfig;
  /** The sources to read; empty when none was asked for and ./inventory.yaml does not exist. */
  sources: string[];
  /** Named on the command line or in the config (then it must exist). */
  explicit: boolean;
}

export async function inventorySources(cli: string[] | undefined): Promise<Sources> {
  const config = await loadConfig();
  // Roles are looked for by the compiler in RUNBOOK_ROLES_PATH; the config's roles_path (already below the
  // environment's) is handed over there.
  if (config.rolesPath) process.env.RUNBOOK_ROLES_PATH = config.rolesPath.join(':');
  const given = cli && cli.length > 0 ? cli : config.inventory;
  if (given && given.length > 0) return { config, sources: given, explicit: true };
  return { config, sources: existsSync(DEFAULT_INVENTORY) ? [DEFAULT_INVENTORY] : [], explicit: false };
}

/** The inventory of the sources (the implicit one when there are none), with the config's connection defaults. */
export function inventoryOf(s: Sources, playbookDir?: string): Promise<Inventory> {
  const connectionDefaults = s.config.connection;
  if (s.sources.length === 0) return Promise.resolve(implicitInventory({ connectionDefaults }));
  return loadInventory(s.sources, { playbookDir, connectionDefaults });
}

/** How the sources are named in messages. */
export const sourcesLabel = (s: Sources) => (s.sources.length > 0 ? s.sources.join(', ') : DEFAULT_INVENTORY);
