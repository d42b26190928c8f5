// The task kinds that are not modules: import_tasks/include_tasks, import_role/include_role and meta, each
// also under Ansible's qualified names (`ansible.builtin.import_tasks:`), as a definition per written key so
// that a task is checked against its own kind only.

import { META_ACTIONS } from '../../compile/types.js';
import { builtinKeys } from '../../module-api/collections.js';
import { importKeywords, inheritedKeywords, ref, taskKeywords } from './keywords.js';
import { withKeywords } from './loops.js';
import type { JsonSchema } from './templatable.js';

/** What include_tasks/include_role have and import_tasks/import_role do not: a loop (and `apply:` in their options). */
const includeKeywords: Record<string, JsonSchema> = {
  loop: taskKeywords.loop!,
  ...withKeywords,
  loop_control: ref('loop_control'),
};

/** `apply:` in include_tasks' and include_role's options: keywords for every included task. */
const applyOption: JsonSchema = {
  title: 'apply',
  type: 'object',
  additionalProperties: false,
  description: 'Keywords for every included task (the include\'s own when and tags are the include\'s only).',
  properties: { tags: ref('tags'), when: { ...ref('condition'), description: 'Condition added to every included task.' }, ...inheritedKeywords },
};

function importTask(keyword: 'import_tasks' | 'include_tasks', key: string): JsonSchema {
  const dynamic = keyword === 'include_tasks';
  return {
    title: keyword,
    type: 'object',
    additionalProperties: false,
    required: [key],
    properties: {
      [key]: {
        description: dynamic
          ? 'Tasks file to run here, relative to this file; may be a template over facts or the loop item (`setup-{{ ansible_os_family }}.yml`), resolved on each host when reached. Its when, tags and loop are the include\'s own. Also written as a mapping with file: (and apply:).'
          : 'Tasks file to insert here, relative to this file, when the playbook is compiled: its tags and when apply to every task inside. Also written as a mapping with file:.',
        if: { type: 'object' },
        then: {
          title: `${keyword} options`,
          type: 'object',
          additionalProperties: false,
          required: ['file'],
          properties: {
            file: { type: 'string', description: 'The tasks file.' },
            ...(dynamic ? { apply: applyOption } : {}),
          },
        },
        else: { type: 'string', errorMessage: 'a tasks file name, or a mapping with file:' },
      },
      ...importKeywords,
      ...(dynamic ? includeKeywords : {}),
    },
  };
}

/** `include_role:` / `import_role:` (both resolved when the playbook is compiled). */
function roleInclude(keyword: 'include_role' | 'import_role', key: string): JsonSchema {
  const file = (sub: string) => ({ type: 'string', description: `A file of the role's ${sub}/ to read instead of main (\`setup\` reads ${sub}/setup.yaml).` });
  return {
    title: keyword,
    type: 'object',
    additionalProperties: false,
    required: [key],
    properties: {
      [key]: {
        title: `${keyword} options`,
        type: 'object',
        additionalProperties: false,
        required: ['name'],
        description: keyword === 'include_role'
          ? 'The role whose tasks run here (after its meta dependencies), on the hosts where the task\'s when holds, once per loop item; its handlers join the play\'s. The name may be a template, resolved on each host.'
          : 'The role whose tasks run here (after its meta dependencies); its handlers join the play\'s. Resolved when the playbook is compiled, so the when and tags of the task apply to every task of the role.',
        properties: {
          name: { type: 'string', description: 'The role: a directory under roles/ (or RUNBOOK_ROLES_PATH).' },
          tasks_from: file('tasks'),
          vars_from: file('vars'),
          defaults_from: file('defaults'),
          handlers_from: file('handlers'),
          allow_duplicates: { type: 'boolean', description: 'Accepted for Ansible compatibility: an included role always runs.' },
          public: { type: 'boolean', description: 'Accepted for Ansible compatibility: the role\'s variables are those of its tasks only.' },
          rolespec_validate: { type: 'boolean', description: 'Accepted and ignored (argument specs are not checked).' },
          ...(keyword === 'include_role' ? { apply: applyOption } : {}),
        },
      },
      ...importKeywords,
      ...(keyword === 'include_role' ? includeKeywords : {}),
      vars: { ...ref('vars'), description: 'Role parameters: variables for the role\'s tasks.' },
    },
  };
}

function metaTask(key: string): JsonSchema {
  return {
    title: 'meta task',
    type: 'object',
    additionalProperties: false,
    properties: {
      name: { type: 'string', description: 'A name for the task.' },
      [key]: {
        enum: ['flush_handlers', ...META_ACTIONS, 'refresh_inventory'],
        description:
          'flush_handlers: run the handlers notified so far, now. noop: nothing. end_host: this host runs no more tasks in this play; end_play: no host does; end_batch: the current serial batch ends. clear_facts: forget the gathered facts. clear_host_errors: failed hosts carry on. reset_connection: the next task reconnects. (refresh_inventory is refused: the inventory is read once.)',
      },
      tags: ref('tags'),
      when: { ...ref('condition'), description: 'Carry out the action only on the hosts where this holds.' },
    },
  };
}

const KINDS: Record<string, (key: string) => JsonSchema> = {
  import_tasks: (key) => importTask('import_tasks', key),
  include_tasks: (key) => importTask('include_tasks', key),
  import_role: (key) => roleInclude('import_role', key),
  include_role: (key) => roleInclude('include_role', key),
  meta: metaTask,
};

/** Every written key of every kind: the definition of that name checks a task written with it. */
const writtenKeys = (): string[] => Object.keys(KINDS).flatMap(builtinKeys);

export function taskKindDefinitions(): Record<string, JsonSchema> {
  return Object.fromEntries(Object.entries(KINDS).flatMap(([kind, make]) => builtinKeys(kind).map((key) => [key, make(key)])));
}

/** if (the task has this key) then its kind's definition, else the next; `fallback` when it has none. */
export function taskKindDispatch(fallback: JsonSchema): JsonSchema {
  return writtenKeys().reduceRight<JsonSchema>((otherwise, key) => ({ if: { type: 'object', required: [key] }, then: ref(key), else: otherwise }), fallback);
}
