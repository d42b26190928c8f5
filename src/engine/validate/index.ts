// Validation: YAML documents against the committed schemas in `schemas/`, and module arguments against
// each module's params schema. Every problem is returned at once, located at `file:line:col`.

import type { ValidateFunction } from 'ajv';
import type { Loc, Problem } from '../errors.js';
import type { LoadedYaml } from '../load/yaml.js';
import type { AnyModule } from '../module-api/module.js';
import { moduleArgsAjv } from './ajv.js';
import { ajvProblems, type Locate } from './problems.js';
import { schemaValidator, type SchemaName } from './schema-files.js';
import { precompiledValidator } from './precompiled.js';
import { argsSchemaOf, moduleArgsKey } from './validator-keys.js';
import { userModulesOf, type ModuleRegistry } from '../module-api/registry.js';
import { projectPlaybookValidator } from './project-schemas.js';

export type { SchemaName } from './schema-files.js';
export type { Locate } from './problems.js';

/**
 * tasks.schema.json is generated from the same definitions as playbook.schema.json (the staleness test
 * keeps them equal); checking task files through the playbook schema spares compiling them twice.
 */
function validatorFor(schema: SchemaName, definition?: string, modules?: ModuleRegistry) {
  // A project's own modules are only in the schemas generated for its registry.
  if ((schema === 'tasks' || schema === 'playbook') && modules && userModulesOf(modules).length > 0) {
    return projectPlaybookValidator(modules, schema === 'tasks' ? (definition ?? 'tasks') : definition);
  }
  if (schema === 'tasks') return schemaValidator('playbook', `#/definitions/${definition ?? 'tasks'}`);
  return schemaValidator(schema, definition === undefined ? '' : `#/definitions/${definition}`);
}

/**
 * Check a loaded YAML document against `schemas/<schema>.schema.json` (or, for playbooks and tasks files,
 * the schema of `modules` when it has a project's own modules); every problem, located.
 */
export function validateDocument(schema: SchemaName, doc: LoadedYaml, modules?: ModuleRegistry): Problem[] {
  return validateAgainst(validatorFor(schema, undefined, modules), doc.value, doc.locate);
}

/**
 * Check a value against one definition of a schema file (`tasks`, `handlers`): used for handlers files and
 * for module arguments normalised at compile time (k=v strings, free form, `args:`), which the document
 * schema could only see as a string.
 */
export function validateDefinition(schema: SchemaName, definition: string, value: unknown, locate: Locate, modules?: ModuleRegistry): Problem[] {
  return validateAgainst(validatorFor(schema, definition, modules), value, locate);
}

function validateAgainst(validate: ValidateFunction, value: unknown, locate: Locate): Problem[] {
  if (validate(value)) return [];
  return ajvProblems(validate.errors ?? [], value, locate);
}

// Keyed by the module object: a project's module may share a name with another project's (tests load several).
const argsValidators = new WeakMap<AnyModule, ValidateFunction>();

/** Run time, after templating: checks args against the module's params schema and fills defaults IN PLACE (ajv useDefaults). */
export function validateModuleArgs(mod: AnyModule, args: Record<string, unknown>, loc: Loc): Problem[] {
  const moduleName = mod.name;
  let validate = argsValidators.get(mod);
  if (!validate) {
    // Precompiled validators are the built-in modules'; a project's module (never named like one) compiles.
    validate = precompiledValidator(moduleArgsKey(moduleName).exportName) ?? moduleArgsAjv().compile(argsSchemaOf(mod));
    argsValidators.set(mod, validate);
  }
  if (validate(args)) return [];
  return ajvProblems(validate.errors ?? [], args, () => loc).map((p) => ({
    ...p,
    message: `${moduleName}: ${p.message}`,
    hint: p.hint ?? `\`runbook modules ${moduleName}\` describes its arguments`,
  }));
}
