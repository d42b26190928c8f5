// Which hosts a play runs on: its `hosts:` pattern ∩ --limit. Shared by runs and `--list-hosts`.

import type { CompiledPlay, Vars } from '../compile/types.js';
import type { Inventory } from '../inventory/types.js';
import { renderString } from '../expressions/template.js';

/** The play's hosts: its pattern (templated with extra vars, e.g. `hosts: "{{ target }}"`) ∩ --limit. */
export function playHosts(play: CompiledPlay, inventory: Inventory, limit: string | undefined, extraVars: Vars): string[] {
  const pattern = play.hosts.includes('{{') ? String(renderString(play.hosts, extraVars, play.loc)) : play.hosts;
  const hosts = inventory.select(pattern, play.loc);
  if (limit === undefined) return hosts;
  const allowed = new Set(inventory.select(limit));
  return hosts.filter((h) => allowed.has(h));
}

