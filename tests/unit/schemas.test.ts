// The committed schemas and docs/modules.md are generated from the module registry: they must match what
// the generator produces now, or a module change was not followed by `npm run schemas`.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { modules } from '../../src/modules/index.js';
import { schemaDocuments, serialize } from '../../src/engine/validate/schema/documents.js';
import { modulesReference } from '../../src/engine/validate/schema/modules-doc.js';
import { schemaFile } from '../../src/engine/validate/schema-files.js';
import { validateDocument } from '../../src/engine/validate/index.js';
import { parseYaml } from '../../src/engine/load/yaml.js';

const all = Object.values(modules);

for (const [name, schema] of Object.entries(schemaDocuments(all))) {
  test(`schemas/${name}.schema.json is up to date with the module registry`, () => {
    const committed = existsSync(schemaFile(name)) ? readFileSync(schemaFile(name), 'utf8') : '(missing)';
    assert.ok(committed === serialize(schema), `schemas/${name}.schema.json is stale: run \`npm run schemas\``);
  });
}

test('docs/modules.md is up to date with the module registry', () => {
  const committed = readFileSync('docs/modules.md', 'utf8');
  assert.ok(committed === modulesReference(all), 'docs/modules.md is stale: run `npm run schemas`');
});

test('every registry key is its module\'s name (the schemas use the name, findModule the key)', () => {
  for (const [key, m] of Object.entries(modules)) assert.is(m.name, key);
});

test('every module is in the task schema, and a task using it validates', () => {
  const playbook = JSON.parse(readFileSync(schemaFile('playbook'), 'utf8')) as { definitions: Record<string, { properties?: object }> };
  for (const m of all) {
    assert.ok(Object.hasOwn(playbook.definitions.module_task!.properties!, m.name), `${m.name} missing from the task schema`);
    const problems = validateDocument('tasks', parseYaml(`- ${m.name}: {}\n`, 't.yaml'));
    assert.ok(problems.every((p) => !/unknown key/.test(p.message)), `${m.name}: ${problems.map((p) => p.message).join('; ')}`);
  }
});

/** Fixture YAML files that declare a schema for yaml-language-server. */
function modelines(dir: string): [string, string][] {
  return readdirSync(dir).flatMap((entry): [string, string][] => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return modelines(path);
    const m = /^# yaml-language-server: \$schema=(\S+)/m.exec(entry.endsWith('.yaml') ? readFileSync(path, 'utf8') : '');
    return m ? [[path, m[1]!]] : [];
  });
}

test('yaml-language-server modelines in the fixtures point at existing schemas', () => {
  const found = [...modelines('tests/fixtures/lang'), ...modelines('tests/fixtures/broken')];
  assert.ok(found.length > 20);
  for (const [file, schema] of found) assert.ok(existsSync(resolve(dirname(file), schema)), `${file}: ${schema} does not exist`);
});

test.run();
