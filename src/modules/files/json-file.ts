// json_file: merge keys into a JSON file (such as /etc/docker/daemon.json) and remove others, keeping every
// key it was not asked about. Changed only when the parsed JSON differs: reformatting is not a change.

import { ModuleFailure } from '../../engine/errors.js';
import { attrSchema } from './attrs.js';
import { editJson, isObject, type JsonObject } from './json-file-plan.js';
import { readTextFile, textChanges } from './text-file.js';
import { expandPaths } from './paths.js';
import { defineModule } from '../../engine/module-api/module.js';

export const jsonFile = defineModule({
  name: 'json_file',
  summary: 'Merge keys into a JSON file (and remove keys), keeping all others; written only when the data differs.',
  params: {
    type: 'object',
    additionalProperties: false,
    required: ['path'],
    properties: {
      path: { type: 'string', description: 'The JSON file to edit, e.g. /etc/docker/daemon.json. Its top level must be an object. ~ and $VARS are expanded on the host, as in Ansible.' },
      merge: {
        type: 'object',
        default: {},
        description: 'Keys to set, deep-merged into the file: objects merge key by key; arrays and scalars replace the old value whole.',
      },
      remove: {
        type: 'array',
        default: [],
        items: { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] },
        description: "Keys to delete after merging: 'key' or a dotted path 'log-opts.max-size'; a list of segments ['a.b', 'c'] for keys that contain dots.",
      },
      create: { type: 'boolean', default: true, description: 'Create the file (and its directories) when it does not exist; false: a missing file fails.' },
      indent: { type: 'integer', minimum: 0, maximum: 10, default: 2, description: 'Spaces of indentation when the file is written (0: one line).' },
      backup: { type: 'boolean', default: false, description: 'Keep a timestamped copy of the file before changing it (its path is returned as backup_file).' },
      ...attrSchema,
    },
  },
  async plan(ctx, params) {
    const p = await expandPaths(ctx, params, ['path']);
    const file = await readTextFile(ctx, p.path, p.mode);
    if (file.text === null && !p.create) throw new ModuleFailure(`${p.path} does not exist`, {}, { hint: 'set create: yes to create it' });
    const current = parseObject(file.text, p.path);
    const { result, changedKeys } = editJson(current, p.merge as JsonObject, p.remove);
    // A missing file is created even when there is nothing to merge, as asked by create.
    const changed = changedKeys.length > 0 || file.text === null;
    const after = changed ? `${JSON.stringify(result, null, p.indent)}\n` : null;
    const what = changedKeys.length ? `update ${changedKeys.join(', ')}` : 'create';
    const changes = textChanges(ctx, file, after, `${p.path}: ${what}`, { ...p, backupKey: 'backup_file' });
    const data = { path: p.path, changed_keys: changedKeys, json: result };
    return { changes, data, reason: changes.length ? undefined : `${p.path} already has every key as asked` };
  },
});

function parseObject(text: string | null, path: string): JsonObject {
  if (text === null || text.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new ModuleFailure(`${path} is not valid JSON: ${(e as Error).message}`, {}, { hint: 'fix or remove the file; runbook will not overwrite what it cannot read' });
  }
  if (!isObject(value)) throw new ModuleFailure(`${path} holds JSON whose top level is not an object`, {}, { hint: 'json_file merges keys into an object' });
  return value;
}
