// package_facts: the installed packages as Ansible's package_facts returns them — `ansible_facts.packages`,
// each name mapped to a list (several versions or architectures may be installed) — in one round trip.
// Never changes anything.

import { ModuleFailure } from '../../engine/errors.js';
import { defineModule } from '../../engine/module-api/module.js';
import { MANAGERS, packageFactsFact, type Manager, type PackageFact } from './package-facts-state.js';

export const packageFacts = defineModule({
  name: 'package_facts',
  summary: 'Read the installed packages (dpkg/apt, rpm, apk) into ansible_facts.packages.',
  params: {
    type: 'object',
    additionalProperties: false,
    properties: {
      manager: {
        anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
        default: ['auto'],
        description: "Package managers to read: auto (every one this module knows, in order: apt, rpm, apk) or a list of apt, rpm, apk.",
      },
      strategy: { enum: ['first', 'all'], default: 'first', description: 'first: the first usable manager only; all: every usable one.' },
    },
  },
  async plan(ctx, p) {
    const asked = (Array.isArray(p.manager) ? p.manager : [p.manager]).map((m) => m.toLowerCase());
    const expanded = asked.flatMap((m) => (m === 'auto' ? [...MANAGERS] : [m]));
    const unknown = expanded.filter((m) => !(MANAGERS as readonly string[]).includes(m));
    if (unknown.length) throw new ModuleFailure(`Unsupported package managers requested: ${unknown.join(', ')}`);
    const managers = [...new Set(expanded)] as Manager[];
    const [found] = await ctx.facts(packageFactsFact(managers, p.strategy));
    if (Object.keys(found).length === 0) {
      throw new ModuleFailure(`Could not detect a supported package manager from the following list: ${managers.join(', ')}`);
    }
    const packages: Record<string, PackageFact[]> = {};
    for (const m of managers) for (const pkg of found[m] ?? []) (packages[pkg.name] ??= []).push(pkg);
    return { changes: [], reason: `${Object.keys(packages).length} packages`, data: { ansible_facts: { packages } }, hostFacts: { packages } };
  },
});
