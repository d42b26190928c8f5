// A module's arguments as the document schema sees them: its params (made templatable) plus each alias as
// a property of its own, so that `lineinfile: {dest: ...}` is neither an unknown key for `runbook validate`
// nor for an editor. Compile renames aliases before anything else reads the arguments.

import { aliasesOf } from '../../module-api/aliases.js';
import type { AnyModule } from '../../module-api/module.js';
import { templatableParts, type JsonSchema } from './templatable.js';

/** The args schema (`title` included) with alias properties, and required params satisfied by an alias. */
export function argsWithAliases(m: AnyModule, title: string): JsonSchema {
  const schema: JsonSchema = { title, ...templatableParts(m.params) };
  if (!m.aliases) return schema;
  const properties: Record<string, JsonSchema> = {};
  for (const [param, s] of Object.entries(schema.properties as Record<string, JsonSchema>)) {
    properties[param] = s;
    for (const alias of aliasesOf(m, param)) properties[alias] = aliasProperty(param, s);
  }
  schema.properties = properties;

  // A required param may be written under any of its names: `required: [path]` becomes "one of path, dest…".
  const required = (m.params.required ?? []) as string[];
  const aliased = required.filter((p) => aliasesOf(m, p).length > 0);
  if (aliased.length > 0) {
    const plain = required.filter((p) => !aliased.includes(p));
    if (plain.length > 0) schema.required = plain;
    else delete schema.required;
    schema.allOf = aliased.map((p) => anyNameOf(p, aliasesOf(m, p), title));
  }
  return schema;
}

/** The param's own schema under another name; no default, so that editors never insert both names. */
function aliasProperty(param: string, s: JsonSchema): JsonSchema {
  const { default: _default, ...rest } = s;
  return { ...rest, description: `alias of ${param}: ${String(s.description ?? '')}`.replace(/: $/, '') };
}

/**
 * `anyOf` of single `required` branches: the problem formatter recognises this shape and says "missing
 * path (or an alias: dest…)"; editors show the errorMessage.
 */
function anyNameOf(param: string, aliases: string[], title: string): JsonSchema {
  return {
    title,
    anyOf: [param, ...aliases].map((name) => ({ required: [name] })),
    errorMessage: `missing ${param} (or an alias: ${aliases.join(', ')})`,
  };
}
