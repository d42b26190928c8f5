// Values in a playbook may be templates whose type is only known after templating (`retries: "{{ n }}"`).
// The document schemas therefore accept a string containing `{{` wherever a typed value is expected, and
// still reject a literal of the wrong type. The wrapping is `if template then anything else <the type>`:
// unlike anyOf, its errors are exactly those of the real type, with no branch noise.

import type { SchemaNode } from '../../module-api/schema-types.js';

export type JsonSchema = Record<string, unknown>;

export const TEMPLATE_REF = '#/definitions/template';

/** The `template` definition: a string with `{{` in it. */
export const templateDefinition: JsonSchema = {
  type: 'string',
  pattern: '\\{\\{',
  description: 'A template, evaluated on each host at run time.',
};

/** Keywords that only describe a value; kept on the outside of the wrapper so editors still show them. */
const ANNOTATIONS = ['description', 'default', 'markdownDescription'] as const;

/** True when any string is acceptable as it is, so there is nothing to wrap. */
function acceptsAnyString(s: SchemaNode): boolean {
  const types = s.type === undefined ? undefined : Array.isArray(s.type) ? s.type : [s.type];
  const restricted = s.enum !== undefined || s.const !== undefined || s.pattern !== undefined || s.format !== undefined;
  if (restricted || s.anyOf || s.oneOf) return false;
  return types === undefined || types.includes('string');
}

/** `schema`, and every property/item schema inside it, accepting a template where it wants another type. */
export function templatable(schema: SchemaNode): JsonSchema {
  const inner = templatableParts(schema);
  if (acceptsAnyString(schema)) return inner;
  const outer: JsonSchema = {};
  for (const key of ANNOTATIONS) {
    if (key in inner) {
      outer[key] = inner[key];
      delete inner[key];
    }
  }
  return { ...outer, if: { $ref: TEMPLATE_REF }, then: true, else: inner };
}

/** `schema` itself unchanged (an object stays an object), the schemas of its parts made templatable. */
export function templatableParts(schema: SchemaNode): JsonSchema {
  const out: JsonSchema = { ...schema };
  if (schema.properties) out.properties = templatableProperties(schema.properties);
  if (isSchemaMap(schema.patternProperties)) out.patternProperties = templatableProperties(schema.patternProperties);
  if (schema.items) out.items = templatable(schema.items);
  if (typeof schema.additionalProperties === 'object') out.additionalProperties = templatable(schema.additionalProperties);
  if (schema.anyOf) out.anyOf = schema.anyOf.map(templatable);
  if (schema.oneOf) out.oneOf = schema.oneOf.map(templatable);
  return out;
}

const isSchemaMap = (v: unknown): v is Record<string, SchemaNode> => v !== null && typeof v === 'object' && !Array.isArray(v);

export function templatableProperties(properties: Readonly<Record<string, SchemaNode>>): Record<string, JsonSchema> {
  return Object.fromEntries(Object.entries(properties).map(([k, v]) => [k, templatable(v)]));
}
