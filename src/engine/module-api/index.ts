// The module contract, in one import for modules: what a module is (module.ts), how its params schema types
// its params (schema-types.ts), Ansible's parameter aliases (aliases.ts), the registry the engine is handed
// (registry.ts), and the failure a module throws.

export * from './module.js';
export * from './schema-types.js';
export * from './aliases.js';
export * from './registry.js';
export * from './plan-helpers.js';
