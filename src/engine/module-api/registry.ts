// The set of modules a run may use, handed to the engine by its caller (the CLI passes the built-in
// registry of src/modules; a project's own modules will join it). The engine never imports a module: compile
// resolves each task's module object here once, and validate and execute use that object.

import type { AnyModule } from './module.js';

export type ModuleRegistry = Readonly<Record<string, AnyModule>>;

/** The module registered under `name`, or undefined (own keys only: `constructor` is no module). */
export function lookupModule(registry: ModuleRegistry, name: string): AnyModule | undefined {
  return Object.hasOwn(registry, name) ? registry[name] : undefined;
}
