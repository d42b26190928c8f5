// `runbook inventory [-i FILE] [--graph | --host NAME | --list]`: what runbook understood of the inventory,
// in the shapes `ansible-inventory` prints: a tree (the default), one host's variables and connection, or
// the whole inventory as JSON. An invalid inventory prints every problem and exits 1.

import { stringify } from 'yaml';
import { ExitCode, InvalidInputError } from '../../engine/errors.js';
import { redacted } from '../../engine/inventory/secrets.js';
import type { HostConnection, Inventory } from '../../engine/inventory/types.js';
import { closest } from '../../engine/validate/did-you-mean.js';
import { inventoryOf, inventorySources } from '../inventory-source.js';
import { useVaultOptions, type VaultOptions } from '../vault-secrets.js';

interface Options extends VaultOptions {
  inventory?: string[];
  playbookDir?: string;
  graph?: boolean;
  host?: string;
  list?: boolean;
}

const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** `ansible-inventory --graph`: child groups first, then hosts, each sorted by name; `all` lists no hosts itself. */
export function graph(inventory: Inventory): string {
  const lines: string[] = [];
  const line = (text: string, depth: number) => lines.push(depth === 0 ? text : `${'  |'.repeat(depth)}--${text}`);
  const walk = (name: string, depth: number) => {
    const group = inventory.groups.get(name)!;
    line(`@${name}:`, depth);
    for (const child of [...group.children].sort(byName)) walk(child, depth + 1);
    if (name !== 'all') for (const host of [...group.hosts].sort(byName)) line(host, depth + 1);
  };
  walk('all', 0);
  return lines.join('\n');
}


/** `ansible-inventory --list`: groups with hosts and children, and `_meta.hostvars`; plus runbook's connections. */
export function list(inventory: Inventory): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const hostvars: Record<string, unknown> = {};
  const connections: Record<string, unknown> = {};
  for (const h of inventory.hosts.values()) {
    // Secrets stay out of terminals and CI logs, under every name they can be given.
    hostvars[h.name] = redacted(h.vars);
    connections[h.name] = redacted(h.connection);
  }
  out._meta = { hostvars, connections };
  for (const g of inventory.groups.values()) {
    const entry: Record<string, unknown> = {};
    if (g.name !== 'all' && g.hosts.length > 0) entry.hosts = g.hosts;
    if (g.children.length > 0) entry.children = g.children;
    out[g.name] = entry;
  }
  return out;
}

function describeHost(inventory: Inventory, name: string): string {
  const host = inventory.host(name);
  if (!host) {
    const [near] = closest(name, inventory.hosts.keys());
    throw new InvalidInputError([
      { message: `no host "${name}" in ${inventory.file || 'the inventory'}${near ? ` (did you mean "${near}"?)` : ''}`, hint: 'runbook inventory --graph lists the hosts' },
    ]);
  }
  const listed = inventory.hosts.has(name) ? '' : ' (implicit: not listed in the inventory)';
  return `# ${host.name}${listed}\n${stringify({ groups: host.groups, connection: redacted(host.connection), vars: redacted(host.vars) }, { version: '1.1' })}`;
}

export async function run(options: Options): Promise<number> {
  const sources = await inventorySources(options.inventory);
  await useVaultOptions(options, sources.config);
  const inventory = await inventoryOf(sources, options.playbookDir);
  if (options.host !== undefined) process.stdout.write(describeHost(inventory, options.host));
  else if (options.list) process.stdout.write(`${JSON.stringify(list(inventory), null, 2)}\n`);
  else process.stdout.write(`${graph(inventory)}\n`);
  return ExitCode.ok;
}
