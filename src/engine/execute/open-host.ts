// How the executor opens a host's connection. Connection settings may be templates over the host's inventory
// variables (`ansible_host: "{{ vm_ip }}"`, as in Ansible): they are rendered just before connecting. The SSH
// stack (ssh2, ssh-config: ~40 ms of start-up) is loaded only when some host needs it.

import type { Vars } from '../compile/types.js';
import { localConnection } from '../connection/local.js';
import type { Connection } from '../connection/types.js';
import { commandTimeoutMs, type HostConnection, type InventoryHost } from '../inventory/types.js';
import { hasTemplate, renderDeep } from '../expressions/template.js';
import { mergeVars } from './vars.js';

export function renderedConnection(host: InventoryHost, extraVars: Vars): HostConnection {
  if (!hasTemplate(host.connection)) return host.connection;
  const vars = mergeVars({ inventory: host.vars, extra: extraVars, magic: { inventory_hostname: host.name } });
  return renderDeep(host.connection, vars, host.loc) as HostConnection;
}

export async function openHost(host: InventoryHost, extraVars: Vars, signal: AbortSignal): Promise<Connection> {
  const settings = renderedConnection(host, extraVars);
  // Every command of the host, fact reads included, stops after command_timeout (a task's timeout: wins).
  const timeout = commandTimeoutMs(settings);
  if (settings.connection === 'local') return localConnection(host.name).derive({ timeout });
  const { openConnection } = await import('../connection/open.js');
  return (await openConnection(host.name, settings, { signal })).derive({ timeout });
}
