// The keywords plays, blocks and tasks share, as JSON Schema, with a description for editors. Assembled
// into documents by `documents.ts`; the definitions below are referenced as `#/definitions/<name>`.

import { withKeywords } from './loops.js';
import { templatable, templateDefinition, type JsonSchema } from './templatable.js';

export const ref = (name: string): JsonSchema => ({ $ref: `#/definitions/${name}` });

const IDENTIFIER = '^[A-Za-z_][A-Za-z0-9_]*$';
const IDENTIFIER_MESSAGE = 'a variable name (letters, digits and _, not starting with a digit)';

/** Definitions every task-bearing document needs. */
export const sharedDefinitions: Record<string, JsonSchema> = {
  template: templateDefinition,
  condition_item: {
    type: ['string', 'boolean'],
    errorMessage: 'an expression string or a boolean (or a list of them)',
  },
  condition: {
    description: 'An expression (or true/false), or a list of them that must all hold. Not a template: write `x == 1`, not `{{ x == 1 }}`.',
    if: { type: 'array' },
    then: { items: ref('condition_item') },
    else: ref('condition_item'),
  },
  tags: {
    description: 'Tags, to select with --tags / --skip-tags: a name, a comma-separated string or a list. `always` and `never` are special.',
    if: { type: 'array' },
    then: { items: { type: ['string', 'number'], errorMessage: 'a tag name' } },
    else: { type: ['string', 'number'], errorMessage: 'a tag name or a list of tag names' },
  },
  vars: {
    title: 'vars',
    description: 'Variables: a mapping of names to values.',
    // `vars:` left empty (everything commented out) is an empty mapping, as in Ansible.
    type: ['object', 'null'],
    propertyNames: { pattern: IDENTIFIER, patternErrorMessage: IDENTIFIER_MESSAGE },
  },
  environment: {
    description: 'Environment variables for the commands the task runs.',
    if: { $ref: '#/definitions/template' },
    then: true,
    else: { type: 'object', additionalProperties: { type: ['string', 'number', 'boolean'] } },
  },
  loop_control: {
    title: 'loop_control',
    description: 'How `loop` names and shows its items.',
    type: 'object',
    additionalProperties: false,
    properties: {
      loop_var: { type: 'string', pattern: IDENTIFIER, patternErrorMessage: IDENTIFIER_MESSAGE, description: 'Name of the item variable (default item).' },
      index_var: { type: 'string', pattern: IDENTIFIER, patternErrorMessage: IDENTIFIER_MESSAGE, description: 'Variable holding the 0-based index of the item.' },
      label: { type: 'string', description: 'What to show for each item instead of the whole item (a template).' },
      pause: { type: 'number', minimum: 0, description: 'Seconds to wait between items.' },
      extended: { type: 'boolean', description: 'ansible_loop also has revindex, revindex0, allitems, previtem and nextitem.' },
      extended_allitems: { type: 'boolean', description: 'With extended: false leaves ansible_loop.allitems out (default true).' },
    },
  },
};

/**
 * Keywords a play, role entry, block or import passes down to the tasks inside it. Those the compiled plan
 * keeps as plain booleans or numbers (become, run_once, timeout...) must be literals; ignore_errors, no_log
 * and check_mode may also be templates, decided on each host.
 */
export const inheritedKeywords: Record<string, JsonSchema> = {
  become: templatable({ type: 'boolean', description: 'Run as another user (with sudo); a template is decided on each host.' }),
  become_user: { type: 'string', description: 'The user to become (default root).' },
  environment: ref('environment'),
  ignore_errors: templatable({ type: 'boolean', description: 'Carry on when the task fails (reported as ignored).' }),
  no_log: templatable({ type: 'boolean', description: 'Hide arguments and results from the output (secrets).' }),
  check_mode: templatable({ type: 'boolean', description: 'true: always plan only; false: always apply, even under --check.' }),
  delegate_to: { type: 'string', description: 'Run the task on this host instead (its result still counts for the current host).' },
  run_once: { type: 'boolean', description: 'Run on the first host of the batch only.' },
  any_errors_fatal: { type: 'boolean', description: 'A failure on any host stops the play on all hosts.' },
  timeout: { type: 'integer', minimum: 1, description: 'Seconds after which the task fails.' },
  remote_user: { type: 'string', description: 'The user to log in as over SSH when the inventory names none (the inventory\'s user wins, as in Ansible).' },
  diff: { type: 'boolean', description: 'Show the changes as diffs (true) or not (false), whatever --diff says.' },
  become_method: {
    enum: ['sudo'],
    description: 'How to become another user: runbook becomes with sudo only (su is not supported).',
    errorMessage: 'runbook becomes with sudo only: give the user sudo rights and write become_method: sudo (or leave it out)',
  },
};

/** Keywords of a task that runs a module (also of handlers). */
const NOTIFY: JsonSchema = {
  description: 'Handlers (names or listen topics) to run at the end of the play if this task changed something.',
  if: { type: 'array' },
  then: { items: { type: 'string' } },
  else: { type: 'string', errorMessage: 'a handler name or a list of them' },
};

export const taskKeywords: Record<string, JsonSchema> = {
  name: { type: 'string', description: 'What the task does, shown while it runs.' },
  when: { ...ref('condition'), description: 'Run only when this expression holds (a list: all must hold).' },
  loop: {
    description: 'Run the task once per item of this list (or template that gives a list).',
    if: ref('template'),
    then: true,
    else: { type: 'array', errorMessage: 'a list, or a template that gives one (loop: "{{ items }}")' },
  },
  ...withKeywords,
  loop_control: ref('loop_control'),
  register: { type: 'string', pattern: IDENTIFIER, patternErrorMessage: IDENTIFIER_MESSAGE, description: 'Store the result in this variable.' },
  notify: NOTIFY,
  tags: ref('tags'),
  changed_when: { ...ref('condition'), description: 'Report changed only when this holds (false: never changed).' },
  failed_when: { ...ref('condition'), description: 'Report failed when this holds, instead of on the module\'s own failure.' },
  until: { ...ref('condition'), description: 'Retry until this holds (see retries, delay).' },
  retries: { type: 'integer', minimum: 0, description: 'How many times `until` retries (default 3).' },
  delay: { type: 'number', minimum: 0, description: 'Seconds between `until` retries (default 5).' },
  vars: ref('vars'),
  args: { type: 'object', description: 'Module arguments, merged under those written with the module.' },
  ...inheritedKeywords,
};

/** Keywords of `block:` tasks. */
export const blockKeywords: Record<string, JsonSchema> = {
  name: { type: 'string', description: 'What the block does.' },
  block: { ...ref('tasks'), description: 'Tasks to run in order.' },
  rescue: { ...ref('tasks'), description: 'Tasks to run when a task of the block fails.' },
  always: { ...ref('tasks'), description: 'Tasks to run after the block and rescue, whatever happened.' },
  when: { ...ref('condition'), description: 'Condition added to every task of the block.' },
  notify: { ...NOTIFY, description: 'Handlers notified by every task of the block that changed something and has no notify of its own (as in Ansible).' },
  tags: ref('tags'),
  vars: ref('vars'),
  ...inheritedKeywords,
};

/** Keywords of `import_tasks:` / `include_tasks:` (both resolved when the playbook is compiled). */
export const importKeywords: Record<string, JsonSchema> = {
  name: { type: 'string', description: 'A name for the import (not shown for the imported tasks).' },
  when: { ...ref('condition'), description: 'Condition added to every imported task.' },
  tags: ref('tags'),
  vars: ref('vars'),
  ...inheritedKeywords,
};
