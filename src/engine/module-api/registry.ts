// The set of modules a run may use, handed to the engine by its caller (the CLI passes the built-in
// registry of src/modules; a project's own modules, `library/`, join it with `withUserModules`). The engine never imports a module: compile
// resolves each task's module object here once, and validate and execute use that object.

import type { AnyModule } from './module.js';

export type ModuleRegistry = Readonly<Record<string, AnyModule>>;

/** The module registered under `name`, or undefined (own keys only: `constructor` is no module). */
export function lookupModule(registry: ModuleRegistry, name: string): AnyModule | undefined {
  return Object.hasOwn(registry, name) ? registry[name] : undefined;
}

const userModules = new WeakMap<ModuleRegistry, readonly AnyModule[]>();

/**
 * The built-in registry plus a project's own modules. The registry remembers which are the project's: the
 * committed schemas describe the built-in modules only, so documents naming the others are checked against
 * schemas generated for this registry (validate/project-schemas.ts).
 */
export function withUserModules(builtins: ModuleRegistry, user: readonly AnyModule[]): ModuleRegistry {
  if (user.length === 0) return builtins;
  const registry: ModuleRegistry = Object.freeze({ ...builtins, ...Object.fromEntries(user.map((m) => [m.name, m])) });
  userModules.set(registry, user);
  return registry;
}

/** The project's own modules in a registry (none for the built-in one). */
export function userModulesOf(registry: ModuleRegistry): readonly AnyModule[] {
  return userModules.get(registry) ?? [];
}
