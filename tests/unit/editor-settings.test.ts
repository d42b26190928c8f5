// .vscode/settings.json maps the committed schemas to the repository's YAML files for yaml-language-server.
// An editor that finds two schemas for one file checks it against both, so every file must get exactly one,
// whichever way the globs are read (from the workspace root, or anywhere as `**/glob`); and the schema it
// gets must be the one runbook itself checks that file with.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseYaml } from '../../src/engine/load/yaml.js';
import { validateDefinition, validateDocument, type SchemaName } from '../../src/engine/validate/index.js';

const settings = JSON.parse(readFileSync('.vscode/settings.json', 'utf8')) as { 'yaml.schemas': Record<string, string[]>; 'yaml.yamlVersion': string };
const associations = Object.entries(settings['yaml.schemas']);

/** A glob as yaml-language-server reads it: `**` any directories, `*` within one path segment. */
function globRegExp(glob: string, anywhere: boolean): RegExp {
  const body = glob
    .split(/(\*\*\/|\*|\?)/)
    .map((part) => (part === '**/' ? '(?:.*/)?' : part === '*' ? '[^/]*' : part === '?' ? '[^/]' : part.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${anywhere ? '(?:.*/)?' : ''}${body}$`);
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? yamlFiles(path) : path.endsWith('.yaml') ? [relative('.', path)] : [];
  });
}

// The differential Jinja corpus is test data (expressions by name), not a document runbook reads.
// The library project's playbook names its own module: its schemas are the project's (`runbook schemas -o`).
const NOT_RUNBOOK = new Set(['tests/fixtures/jinja/expressions.yaml', 'tests/fixtures/library-project/site.yaml']);
const files = ['inventory.yaml', ...yamlFiles('playbooks'), ...yamlFiles('roles'), ...yamlFiles('tests/fixtures')].filter((f) => !NOT_RUNBOOK.has(f));

function schemasFor(file: string, anywhere: boolean): string[] {
  return associations.filter(([, globs]) => globs.some((g) => globRegExp(g, anywhere).test(file))).map(([schema]) => schema);
}

test('the schemas named exist, and YAML is read as 1.1 as runbook reads it', () => {
  for (const [schema] of associations) assert.ok(existsSync(schema), `${schema} does not exist`);
  assert.is(settings['yaml.yamlVersion'], '1.1');
});

test('every playbook, role, inventory and fixture YAML file gets exactly one schema', () => {
  for (const anywhere of [false, true]) {
    for (const file of files) assert.is(schemasFor(file, anywhere).length, 1, `${file}: ${schemasFor(file, anywhere).join(', ') || 'no schema'}`);
  }
});

/** How runbook checks a file against a committed schema (handlers files: a definition of the playbook schema). */
function check(schema: string, file: string): string[] {
  const doc = parseYaml(readFileSync(file, 'utf8'), file);
  if (doc.value === null) return [];
  const name = /schemas\/(.+)\.schema\.json$/.exec(schema)![1]!;
  const problems = name === 'handlers' ? validateDefinition('tasks', 'handlers', doc.value, doc.locate) : validateDocument(name as SchemaName, doc);
  return problems.map((p) => p.message);
}

test('each valid file passes the schema the settings give it (so the mapping is the right one)', () => {
  const valid = files.filter((f) => !/^tests\/fixtures\/broken|extra-vars\/bad\.yaml$/.test(f));
  assert.ok(valid.length > 40);
  for (const file of valid) assert.equal(check(schemasFor(file, false)[0]!, file), [], file);
});

test.run();
