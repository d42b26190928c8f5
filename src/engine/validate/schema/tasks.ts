// Task definitions, generated from the module registry: a task is a block, an import, `meta:` or a
// module task; a module task has the task keywords plus one property per module, exactly one of which
// it must use. Module arguments are each module's params schema, made to accept templates, plus its aliases.

import { moduleKeys } from '../../module-api/collections.js';
import type { AnyModule } from '../../module-api/module.js';
import { META_ACTIONS } from '../../compile/types.js';
import { argsWithAliases } from './aliases.js';
import { blockKeywords, importKeywords, ref, sharedDefinitions, taskKeywords } from './keywords.js';
import type { JsonSchema } from './templatable.js';

export const argsDefinition = (module: string) => `args_${module}`;

/** A module's value: a mapping of its arguments, or a string (free form, or Ansible's `k=v k2=v2`). */
function moduleArgs(m: AnyModule): JsonSchema {
  const stringForm = m.freeForm ? `its ${m.freeForm} as a string` : 'key=value pairs in a string';
  return {
    description: m.summary,
    if: { type: 'object' },
    then: argsWithAliases(m, `${m.name} arguments`),
    else: { type: ['string', 'null'], errorMessage: `a mapping of ${m.name} arguments, or ${stringForm}` },
  };
}

/** `action:` / `local_action:`: the module named inside the value; compile resolves and checks it. */
function actionForm(description: string): JsonSchema {
  const message = 'the module and its arguments in a string (copy src=a dest=b), or a mapping with module: and the arguments';
  return {
    description,
    if: { type: 'object' },
    then: { required: ['module'], properties: { module: { type: 'string', description: 'The module to run.' } }, errorMessage: message },
    else: { type: 'string', errorMessage: message },
  };
}

const ACTION_FORMS: Record<string, JsonSchema> = {
  action: actionForm('The module and its arguments, as Ansible\'s older form: `action: copy src=a dest=b` or `action: {module: copy, src: a}`.'),
  local_action: actionForm('As action:, run on the controller (delegate_to: localhost).'),
};

function moduleTask(modules: readonly AnyModule[], title: string, extra: Record<string, JsonSchema>): JsonSchema {
  // Bare names first, so that messages listing the choices show them; then Ansible's qualified names (FQCN).
  const keys = [...modules.map((m) => [m.name, m.name] as const), ...modules.flatMap((m) => moduleKeys(m.name).slice(1).map((k) => [k, m.name] as const))];
  return {
    title,
    description: 'A task runs exactly one module.',
    type: 'object',
    additionalProperties: false,
    properties: {
      ...taskKeywords,
      ...extra,
      ...Object.fromEntries(keys.map(([key, name]) => [key, ref(argsDefinition(name))])),
      ...ACTION_FORMS,
    },
    'x-exactly-one': 'module',
    oneOf: [...keys.map(([key]) => ({ required: [key] })), ...Object.keys(ACTION_FORMS).map((k) => ({ required: [k] }))],
  };
}

function importTask(keyword: 'import_tasks' | 'include_tasks'): JsonSchema {
  return {
    title: keyword,
    type: 'object',
    additionalProperties: false,
    required: [keyword],
    properties: {
      [keyword]: {
        type: 'string',
        description:
          'Tasks file to insert here, relative to this file. Resolved when the playbook is compiled (include_tasks too, unlike Ansible), so its tags and when apply to every task inside.',
      },
      ...importKeywords,
    },
  };
}

/** `include_role:` / `import_role:` (both resolved when the playbook is compiled). */
function roleInclude(keyword: 'include_role' | 'import_role'): JsonSchema {
  const file = (sub: string) => ({ type: 'string', description: `A file of the role's ${sub}/ to read instead of main (\`setup\` reads ${sub}/setup.yaml).` });
  return {
    title: keyword,
    type: 'object',
    additionalProperties: false,
    required: [keyword],
    properties: {
      [keyword]: {
        title: `${keyword} options`,
        type: 'object',
        additionalProperties: false,
        required: ['name'],
        description: 'The role whose tasks run here (after its meta dependencies); its handlers join the play\'s. Resolved when the playbook is compiled, so the when and tags of the task apply to every task of the role.',
        properties: {
          name: { type: 'string', description: 'The role: a directory under roles/ (or RUNBOOK_ROLES_PATH).' },
          tasks_from: file('tasks'),
          vars_from: file('vars'),
          defaults_from: file('defaults'),
          handlers_from: file('handlers'),
          allow_duplicates: { type: 'boolean', description: 'Accepted for Ansible compatibility: an included role always runs.' },
          public: { type: 'boolean', description: 'Accepted for Ansible compatibility: the role\'s variables are those of its tasks only.' },
          rolespec_validate: { type: 'boolean', description: 'Accepted and ignored (argument specs are not checked).' },
        },
      },
      ...importKeywords,
      vars: { ...ref('vars'), description: 'Role parameters: variables for the role\'s tasks.' },
    },
  };
}

/** `definitions` for tasks and handlers, for every module in `modules`. */
export function taskDefinitions(modules: readonly AnyModule[]): Record<string, JsonSchema> {
  const ifKey = (key: string, then: string, otherwise: JsonSchema): JsonSchema => ({
    if: { type: 'object', required: [key] },
    then: ref(then),
    else: otherwise,
  });
  return {
    ...sharedDefinitions,
    // A section left empty (`tasks:` with every task commented out) is an empty list.
    tasks: { type: ['array', 'null'], items: ref('task'), description: 'Tasks, run in order.' },
    // Dispatch on the key that says what kind of task this is, so errors come from that kind only.
    task: ifKey('block', 'block', ifKey('import_tasks', 'import_tasks', ifKey('include_tasks', 'include_tasks', ifKey('import_role', 'import_role', ifKey('include_role', 'include_role', ifKey('meta', 'meta', ref('module_task'))))))),
    block: { title: 'block', type: 'object', additionalProperties: false, required: ['block'], properties: blockKeywords },
    import_tasks: importTask('import_tasks'),
    include_tasks: importTask('include_tasks'),
    import_role: roleInclude('import_role'),
    include_role: roleInclude('include_role'),
    meta: {
      title: 'meta task',
      type: 'object',
      additionalProperties: false,
      properties: {
        name: { type: 'string', description: 'A name for the task.' },
        meta: {
          enum: ['flush_handlers', ...META_ACTIONS, 'refresh_inventory'],
          description:
            'flush_handlers: run the handlers notified so far, now. noop: nothing. end_host: this host runs no more tasks in this play; end_play: no host does; end_batch: the current serial batch ends. clear_facts: forget the gathered facts. clear_host_errors: failed hosts carry on. reset_connection: the next task reconnects. (refresh_inventory is refused: the inventory is read once.)',
        },
        tags: ref('tags'),
        when: { ...ref('condition'), description: 'Carry out the action only on the hosts where this holds.' },
      },
    },
    module_task: moduleTask(modules, 'task', {}),
    handlers: { type: ['array', 'null'], items: ref('handler'), description: 'Tasks run at the end of the play (or at flush_handlers) when notified.' },
    handler: moduleTask(modules, 'handler', {
      listen: {
        description: 'Topics this handler also answers to in notify.',
        if: { type: 'array' },
        then: { items: { type: 'string' } },
        else: { type: 'string', errorMessage: 'a topic or a list of topics' },
      },
    }),
    ...Object.fromEntries(modules.map((m) => [argsDefinition(m.name), moduleArgs(m)])),
  };
}
