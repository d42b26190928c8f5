// Names shared by the build step that precompiles validators and the code that looks them up, so the two
// can never disagree: which schemas and definitions are precompiled, and under which export names.

import type { AnyModule } from '../module-api/module.js';

export interface ValidatorKey {
  /** ajv reference of the schema (`playbook.schema.json#/definitions/tasks`). */
  ref: string;
  /** Name of the precompiled function in the generated module. */
  exportName: string;
}

/** tasks/handlers schema files repeat the playbook schema's definitions; runbook checks through the latter. */
const COPIES = new Set(['tasks.schema.json', 'handlers.schema.json']);

export function documentKey(ref: string): ValidatorKey {
  return { ref, exportName: `doc_${ref.replace(/[^A-Za-z0-9]/g, '_')}` };
}

/** Every validator of a schema file that runbook may ask for: its root, and (playbook) each definition. */
export function documentKeys(file: string, schema: { $id?: string; definitions?: Record<string, unknown> }): ValidatorKey[] {
  if (COPIES.has(file)) return [];
  const base = schema.$id ?? file;
  const definitions = file === 'playbook.schema.json' ? Object.keys(schema.definitions ?? {}) : [];
  return [documentKey(base), ...definitions.map((d) => documentKey(`${base}#/definitions/${d}`))];
}

export function moduleArgsKey(module: string): ValidatorKey {
  return { ref: `runbook-args-${module}`, exportName: `args_${module.replace(/[^A-Za-z0-9]/g, '_')}` };
}

/** The schema a module's arguments are checked against after templating. */
export function argsSchemaOf(mod: AnyModule): object {
  return { ...mod.params, title: `${mod.name} arguments` };
}
