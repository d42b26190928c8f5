// Module parameter aliases (ModuleDef.aliases), looked up the same way by compile (renaming arguments),
// the schema generator (accepting alias keys) and the module reference (listing them).

import type { AnyModule } from './module.js';

/** The param `key` names: the param an alias stands for, or `key` itself. */
export function paramOf(mod: AnyModule, key: string): string {
  const aliases = mod.aliases ?? {};
  return Object.hasOwn(aliases, key) ? aliases[key]! : key;
}

/** The aliases of `param`, in declaration order (empty when it has none). */
export function aliasesOf(mod: AnyModule, param: string): string[] {
  return Object.entries(mod.aliases ?? {})
    .filter(([, target]) => target === param)
    .map(([alias]) => alias);
}
