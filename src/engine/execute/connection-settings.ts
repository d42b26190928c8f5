// A host's connection settings may be templates over its inventory variables (`ansible_host: "{{ vm_ip }}"`,
// as in Ansible); they are rendered just before connecting.

import type { Vars } from '../compile/types.js';
import type { HostConnection, InventoryHost } from '../inventory/types.js';
import { hasTemplate, renderDeep } from '../template.js';
import { mergeVars } from '../vars.js';

export function renderedConnection(host: InventoryHost, extraVars: Vars): HostConnection {
  if (!hasTemplate(host.connection)) return host.connection;
  const vars = mergeVars({ inventory: host.vars, extra: extraVars, magic: { inventory_hostname: host.name } });
  return renderDeep(host.connection, vars, host.loc) as HostConnection;
}
