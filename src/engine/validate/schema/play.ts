// Play-level definitions: plays, `import_playbook` entries and role entries (also used by role meta).

import { inheritedKeywords, ref } from './keywords.js';
import type { JsonSchema } from './templatable.js';

const SERIAL_ITEM: JsonSchema = {
  if: { type: 'string' },
  then: {
    pattern: '^(?:[0-9]+(?:\\.[0-9]+)?%|.*\\{\\{.*)$',
    patternErrorMessage: 'a number of hosts, a percentage such as "30%", or a template',
  },
  else: { type: 'integer', minimum: 1, errorMessage: 'a number of hosts, a percentage such as "30%", or a template' },
};

export const playDefinitions: Record<string, JsonSchema> = {
  playbook: {
    type: 'array',
    items: ref('play_entry'),
    description: 'A playbook: a list of plays, run in order.',
  },
  play_entry: {
    if: { type: 'object', required: ['import_playbook'] },
    then: ref('import_playbook'),
    else: ref('play'),
  },
  import_playbook: {
    title: 'import_playbook',
    type: 'object',
    additionalProperties: false,
    required: ['import_playbook'],
    properties: {
      import_playbook: { type: 'string', description: 'Playbook whose plays run here, relative to this file.' },
      name: { type: 'string', description: 'A name for the import.' },
      vars: ref('vars'),
      tags: ref('tags'),
      when: ref('condition'),
    },
  },
  play: {
    title: 'play',
    type: 'object',
    additionalProperties: false,
    required: ['hosts'],
    properties: {
      name: { type: 'string', description: 'What the play does, shown when it starts.' },
      hosts: {
        description: 'Host pattern: a host, a group, `all`, `web:db` (union), `web:&prod` (and), `web:!db1` (but not), `db*`.',
        if: { type: 'array' },
        then: { items: { type: 'string' }, minItems: 1 },
        else: { type: 'string', errorMessage: 'a host pattern or a list of them' },
      },
      vars: ref('vars'),
      vars_files: {
        type: 'array',
        description: 'Files of variables, relative to the playbook, merged into vars in order. An item that is a list means: the first of these files that exists.',
        items: {
          if: { type: 'array' },
          then: { items: { type: 'string' } },
          else: { type: 'string', errorMessage: 'a file path, or a list of paths (the first that exists)' },
        },
      },
      vars_prompt: {
        type: 'array',
        description: 'Variables asked for when the play starts (not when given with -e). Without a terminal, the default is used.',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['name'],
          properties: {
            name: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]*$', patternErrorMessage: 'a variable name', description: 'The variable the answer is stored in.' },
            prompt: { type: 'string', description: 'The question (default: the name).' },
            private: { type: 'boolean', description: 'Hide what is typed (default true).' },
            default: { description: 'The value when the answer is empty, or when there is no terminal.' },
            confirm: { type: 'boolean', description: 'Ask twice; the answers must match.' },
            unsafe: { type: 'boolean', description: 'Accepted for Ansible compatibility: answers are never templated.' },
          },
        },
      },
      roles: { type: ['array', 'null'], items: ref('role'), description: 'Roles to apply, in order, before tasks.' },
      pre_tasks: { ...ref('tasks'), description: 'Tasks before the roles (handlers flushed after them).' },
      tasks: ref('tasks'),
      post_tasks: { ...ref('tasks'), description: 'Tasks after the roles and tasks (handlers flushed before and after).' },
      handlers: ref('handlers'),
      gather_facts: { type: 'boolean', description: 'Gather facts about each host before the first task (default true).' },
      serial: {
        description: 'Run the play on batches of hosts: a number, a percentage ("30%"), or a list of them (the last repeats).',
        if: { type: 'array' },
        then: { items: SERIAL_ITEM, minItems: 1 },
        else: SERIAL_ITEM,
      },
      connection: { enum: ['local', 'ssh'], description: 'How to reach the hosts, over the inventory setting.' },
      tags: ref('tags'),
      max_fail_percentage: { type: 'number', minimum: 0, maximum: 100, description: 'Stop the play when more than this percentage of a batch failed.' },
      strategy: {
        enum: ['linear'],
        description: 'linear (the only strategy runbook has): each task runs on every host before the next starts.',
        errorMessage: 'runbook runs the linear strategy only: remove strategy (each task then finishes on every host before the next starts)',
      },
      ...inheritedKeywords,
    },
  },
  role: {
    description: 'A role name, or a mapping with role: and keywords for its tasks.',
    if: { type: 'object' },
    then: ref('role_entry'),
    else: { type: 'string', errorMessage: 'a role name or a mapping with role:' },
  },
  role_entry: {
    title: 'role entry',
    type: 'object',
    // Keys that are not keywords are role parameters (`- role: web` with `port: 80`), as in Ansible.
    additionalProperties: true,
    propertyNames: { pattern: '^[A-Za-z_][A-Za-z0-9_]*$', patternErrorMessage: 'a keyword or a role parameter (a variable name)' },
    anyOf: [{ required: ['role'] }, { required: ['name'] }],
    properties: {
      role: { type: 'string', description: 'The role: a directory under roles/ (or RUNBOOK_ROLES_PATH).' },
      name: { type: 'string', description: 'The role, when role: is not given (Ansible reads either).' },
      vars: { ...ref('vars'), description: 'Variables for this role\'s tasks (role parameters).' },
      tags: ref('tags'),
      when: { ...ref('condition'), description: 'Condition added to every task of the role.' },
      ...inheritedKeywords,
    },
  },
};

/** `meta/main.yaml` of a role. */
export const roleMetaDefinition: JsonSchema = {
  title: 'role meta',
  type: 'object',
  additionalProperties: false,
  properties: {
    dependencies: { type: 'array', items: ref('role'), description: 'Roles that run before this one (each once per play unless their vars differ).' },
    allow_duplicates: { type: 'boolean', description: 'Run the role each time it is listed, even with the same vars.' },
    galaxy_info: { type: 'object', description: 'Ansible Galaxy metadata; accepted and ignored.' },
    argument_specs: { type: 'object', description: 'Ansible argument specs; accepted and ignored.' },
  },
};
