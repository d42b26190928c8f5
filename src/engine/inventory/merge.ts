// Several inventory sources (`-i a -i b`, the files of an inventory directory) make one inventory, as in
// Ansible: a group or host named in several sources is one group or host; its hosts, children and vars are
// the union, in source order (later sources win for the same variable).

import type { Problem } from '../errors.js';
import { cycles, nameClashes, type GroupDef, type HostDef, type ParsedInventory } from './parse.js';

export function mergeParsed(parts: ParsedInventory[]): ParsedInventory {
  if (parts.length === 1) return parts[0]!;
  const groups = new Map<string, GroupDef>();
  const hosts = new Map<string, HostDef>();
  const problems: Problem[] = parts.flatMap((p) => p.problems);
  const union = (into: string[], from: string[]) => from.forEach((x) => into.includes(x) || into.push(x));
  for (const part of parts) {
    for (const g of part.groups.values()) {
      const into = groups.get(g.name);
      if (!into) {
        groups.set(g.name, { ...g, hosts: [...g.hosts], children: [...g.children], vars: [...g.vars], refs: [...g.refs], settings: { values: { ...g.settings.values }, locs: { ...g.settings.locs } } });
        continue;
      }
      union(into.hosts, g.hosts);
      union(into.children, g.children);
      into.vars.push(...g.vars);
      into.refs.push(...g.refs);
      Object.assign(into.settings.values, g.settings.values);
      Object.assign(into.settings.locs, g.settings.locs);
      into.defined ||= g.defined;
      into.loc ??= g.loc;
    }
    for (const h of part.hosts.values()) {
      const into = hosts.get(h.name);
      if (!into) {
        hosts.set(h.name, { ...h, vars: [...h.vars], settings: { values: { ...h.settings.values }, locs: { ...h.settings.locs } } });
        continue;
      }
      into.vars.push(...h.vars);
      Object.assign(into.settings.values, h.settings.values);
      Object.assign(into.settings.locs, h.settings.locs);
    }
  }
  // Each source was checked alone; a cycle or a host/group clash can also come from two sources together.
  if (problems.length === 0) problems.push(...cycles(groups), ...nameClashes(groups, hosts));
  return { groups, hosts, problems };
}
