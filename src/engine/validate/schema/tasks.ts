// Task definitions, generated from the module registry: a task is a block, an import, `meta:` or a
// module task; a module task has the task keywords plus one property per module, exactly one of which
// it must use. Module arguments are each module's params schema, made to accept templates, plus its aliases.

import { moduleKeys } from '../../module-api/collections.js';
import type { AnyModule } from '../../module-api/module.js';
import { argsWithAliases } from './aliases.js';
import { blockKeywords, ref, sharedDefinitions, taskKeywords } from './keywords.js';
import { taskKindDefinitions, taskKindDispatch } from './task-kinds.js';
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
    task: ifKey('block', 'block', taskKindDispatch(ref('module_task'))),
    block: { title: 'block', type: 'object', additionalProperties: false, required: ['block'], properties: blockKeywords },
    ...taskKindDefinitions(),
    module_task: moduleTask(modules, 'task', {}),
    handlers: { type: ['array', 'null'], items: ifKey('block', 'handler_block', ref('handler')), description: 'Tasks run at the end of the play (or at flush_handlers) when notified.' },
    // A block of handlers (Ansible allows it): each handler inside is notified by its own name.
    handler_block: {
      title: 'handler block',
      type: 'object',
      additionalProperties: false,
      required: ['block'],
      properties: {
        ...blockKeywords,
        ...Object.fromEntries(['block', 'rescue', 'always'].map((k) => [k, { ...ref('handlers'), description: blockKeywords[k]!.description }])),
      },
    },
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
