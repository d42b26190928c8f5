// The playbook schema of a registry with a project's own modules (library/). The committed schemas (and the
// validators precompiled from them) know the built-in modules only; a playbook naming a project module is
// checked against the same definitions generated for the whole registry, compiled on first use (once per
// registry) — only projects that have a library/ pay for it.

import type { Ajv, ValidateFunction } from 'ajv';
import type { ModuleRegistry } from '../module-api/registry.js';
import { createAjv } from './ajv.js';
import { schemaDocuments } from './schema/documents.js';

const FILE = 'playbook.schema.json';
const compiled = new WeakMap<ModuleRegistry, { ajv: Ajv; validators: Map<string, ValidateFunction> }>();

/** The validator of `playbook.schema.json` (or one of its definitions) generated for `registry`. */
export function projectPlaybookValidator(registry: ModuleRegistry, definition?: string): ValidateFunction {
  let entry = compiled.get(registry);
  if (!entry) {
    const ajv = createAjv({});
    ajv.addSchema(schemaDocuments(Object.values(registry)).playbook, FILE);
    compiled.set(registry, (entry = { ajv, validators: new Map() }));
  }
  const ref = definition === undefined ? FILE : `${FILE}#/definitions/${definition}`;
  let validate = entry.validators.get(ref);
  if (!validate) {
    validate = entry.ajv.getSchema(ref);
    if (!validate) throw new Error(`schema ${ref} not found in the project's schemas`);
    entry.validators.set(ref, validate);
  }
  return validate;
}
