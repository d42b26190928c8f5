// The module registry: an explicit literal, no directory scanning. Add a module here and regenerate the
// schemas (`npm run schemas`).

import type { AnyModule } from './types.js';
import { debug } from './debug.js';

export const modules = {
  debug,
} satisfies Record<string, AnyModule>;

export type ModuleName = keyof typeof modules;

export function findModule(name: string): AnyModule | undefined {
  return Object.hasOwn(modules, name) ? (modules as Record<string, AnyModule>)[name] : undefined;
}
