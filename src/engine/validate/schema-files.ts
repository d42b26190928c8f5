// Find and compile the committed JSON Schemas in `schemas/` by name. The directory sits at the package root,
// three levels above this file both in `src/engine/validate/` and in the built `dist/engine/validate/`.

import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ValidateFunction } from 'ajv';
import { documentAjv } from './ajv.js';
import { precompiledValidator } from './precompiled.js';
import { documentKey } from './validator-keys.js';

export const SCHEMA_DIR = fileURLToPath(new URL('../../../schemas/', import.meta.url));

export type SchemaName = 'playbook' | 'tasks' | 'inventory' | 'vars' | 'role-meta';

export function schemaFile(name: string): string {
  return `${SCHEMA_DIR}${name}.schema.json`;
}

const compiled = new Map<string, ValidateFunction>();
let registered = false;

/**
 * Every schema file is added to ajv once, keyed by its file name (and its `$id` if it has one), so that a
 * schema may `$ref` another one by name, e.g. `vars.schema.json#/definitions/vars`.
 */
function registerAll(): void {
  if (registered) return;
  registered = true;
  const ajv = documentAjv();
  for (const entry of readdirSync(SCHEMA_DIR)) {
    if (!entry.endsWith('.schema.json')) continue;
    let schema: { $id?: string };
    try {
      schema = JSON.parse(readFileSync(SCHEMA_DIR + entry, 'utf8')) as { $id?: string };
    } catch {
      continue; // a broken file fails when it is itself asked for, not when another schema is
    }
    if (!ajv.getSchema(schema.$id ?? entry)) ajv.addSchema(schema, schema.$id ? undefined : entry);
  }
}

/**
 * The validator for `schemas/<name>.schema.json`, or for a definition inside it with a `#/definitions/x`
 * fragment (handlers files are checked against `tasks.schema.json#/definitions/handlers`).
 */
export function schemaValidator(name: string, fragment = ''): ValidateFunction {
  const key = `${name}.schema.json${fragment}`;
  let validate = compiled.get(key);
  if (!validate) {
    const file = `${name}.schema.json`;
    // A schema's $id, when it has one, is its file name: the built validator is found without reading
    // the schema (250 kB of JSON for the playbook's); only compiling from source needs the file.
    validate = precompiledValidator(documentKey(`${file}${fragment}`).exportName) ?? compileNow(`${schemaId(name) ?? file}${fragment}`);
    compiled.set(key, validate);
  }
  return validate;
}

function schemaId(name: string): string | undefined {
  return (JSON.parse(readFileSync(schemaFile(name), 'utf8')) as { $id?: string }).$id;
}

function compileNow(ref: string): ValidateFunction {
  registerAll();
  const validate = documentAjv().getSchema(ref);
  if (!validate) throw new Error(`schema ${ref} not found in ${SCHEMA_DIR}`);
  return validate;
}
