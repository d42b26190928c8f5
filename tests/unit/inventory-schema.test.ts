import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';

// schemas/inventory.schema.json is written by hand (the other schemas are generated): these checks keep it
// to the rules the generated ones follow, so editors show help for every key and typos are errors.
type Node = Record<string, unknown>;
const schema = JSON.parse(readFileSync('schemas/inventory.schema.json', 'utf8')) as Node;
const definitions = schema.definitions as Record<string, Node>;

/** The schema behind a property, following one $ref (descriptions may sit on either). */
const target = (p: Node): Node => (typeof p.$ref === 'string' ? definitions[p.$ref.replace('#/definitions/', '')]! : p);

function objectsWithProperties(node: unknown, path: string, out: [string, Node][] = []): [string, Node][] {
  if (node === null || typeof node !== 'object') return out;
  const n = node as Node;
  if (n.properties) out.push([path, n]);
  for (const [k, v] of Object.entries(n)) objectsWithProperties(v, `${path}/${k}`, out);
  return out;
}

test('draft-07, and every mapping with properties (but a host) refuses unknown keys', () => {
  assert.is(schema.$schema, 'http://json-schema.org/draft-07/schema#');
  for (const [path, node] of objectsWithProperties(schema, '#')) {
    if (path === '#') continue; // top level: any key is a group name
    // A host's other keys are its variables, as Ansible writes them (parse.ts still catches near-misses).
    if (path === '#/definitions/host') continue;
    assert.is(node.additionalProperties, false, `${path} must say additionalProperties: false`);
  }
});

test('every property has a description', () => {
  for (const [path, node] of objectsWithProperties(schema, '#')) {
    for (const [key, prop] of Object.entries(node.properties as Record<string, Node>)) {
      assert.ok(prop.description || target(prop).description, `${path}/properties/${key} needs a description`);
    }
  }
});

test('hosts, groups and all accept the same connection settings', () => {
  const keys = (name: string) => Object.keys(definitions[name]!.properties as Node).filter((k) => !['hosts', 'children', 'vars'].includes(k));
  assert.equal(keys('host'), keys('group'));
});

test.run();
