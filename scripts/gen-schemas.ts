// `npm run schemas`: write schemas/*.schema.json (except inventory, written by hand) and docs/modules.md
// from the module registry. Run it after adding or changing a module; a unit test fails when they are stale.

import { writeFileSync } from 'node:fs';
import { modules } from '../src/modules/index.js';
import { schemaDocuments, serialize } from '../src/engine/validate/schema/documents.js';
import { modulesReference } from '../src/engine/validate/schema/modules-doc.js';
import { schemaFile } from '../src/engine/validate/schema-files.js';

const all = Object.values(modules);
for (const [name, schema] of Object.entries(schemaDocuments(all))) {
  writeFileSync(schemaFile(name), serialize(schema));
  console.log(`wrote schemas/${name}.schema.json`);
}
writeFileSync(new URL('../docs/modules.md', import.meta.url), modulesReference(all));
console.log('wrote docs/modules.md');
