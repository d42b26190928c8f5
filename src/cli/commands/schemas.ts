// `runbook schemas -o DIR`: the editor schemas of this project — the committed ones regenerated for the
// built-in modules plus the project's own (library/) — so an editor completes and checks tasks that use
// them. The inventory schema does not depend on modules: it is copied as committed.

import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ExitCode } from '../../engine/errors.js';
import { projectModules } from '../../engine/library/load-library.js';
import { userModulesOf } from '../../engine/module-api/registry.js';
import { schemaDocuments, serialize } from '../../engine/validate/schema/documents.js';
import { schemaFile } from '../../engine/validate/schema-files.js';
import { modules } from '../../modules/index.js';

export interface SchemasOptions {
  output: string;
  playbookDir?: string;
}

export async function run(opts: SchemasOptions): Promise<number> {
  const registry = await projectModules(modules, opts.playbookDir ?? '.');
  mkdirSync(opts.output, { recursive: true });
  const written: string[] = [];
  for (const [name, schema] of Object.entries(schemaDocuments(Object.values(registry)))) {
    writeFileSync(join(opts.output, `${name}.schema.json`), serialize(schema));
    written.push(`${name}.schema.json`);
  }
  copyFileSync(schemaFile('inventory'), join(opts.output, 'inventory.schema.json'));
  written.push('inventory.schema.json');
  const own = userModulesOf(registry).map((m) => m.name);
  console.log(`wrote ${written.join(', ')} to ${opts.output}${own.length > 0 ? ` (with the project's modules: ${own.join(', ')})` : ''}`);
  return ExitCode.ok;
}
