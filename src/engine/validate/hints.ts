// Hints for keys an Ansible user may bring along that runbook spells differently or does not have.
// Checked before "did you mean", which would otherwise suggest an unrelated keyword.

import { LOOKUP_NAMES } from '../expressions/filters/lookups.js';
import { ALTERNATIVES, alternativeFor } from '../module-api/ansible-alternatives.js';

const ANSIBLE_KEYS: Record<string, string> = {
  include: 'use import_tasks: (resolved when the playbook is compiled) or include_tasks: (resolved on each host when reached)',
  gather_subset: 'runbook gathers facts on demand; remove gather_subset',
};

/** Keys that exist elsewhere but not in this kind of mapping (by schema title). */
const MISPLACED: Record<string, Record<string, string>> = {
  import_tasks: { loop: 'imports are resolved when the playbook is compiled, so they cannot loop: put loop: on the imported tasks' },
  import_role: { loop: 'an import is resolved when the playbook is compiled, so it cannot loop: put loop: on the role\'s tasks' },
  block: { loop: 'a block cannot loop: put loop: on its tasks', register: 'a block has no result: register on its tasks' },
};

export function hintForUnknownKey(key: string, title?: string): string | undefined {
  // with_<lookup> is a loop: where loop: is misplaced, so is it.
  const asLoop = key.startsWith('with_') && LOOKUP_NAMES.includes(key.slice('with_'.length)) ? 'loop' : key;
  const instead = Object.hasOwn(ALTERNATIVES, key) ? alternativeFor(key) : undefined;
  return (title ? MISPLACED[title]?.[asLoop] : undefined) ?? ANSIBLE_KEYS[key] ?? instead ?? withHint(key);
}

/** `with_<name>` for a lookup runbook does not have: loop: over a list says the same. */
function withHint(key: string): string | undefined {
  if (!key.startsWith('with_') || LOOKUP_NAMES.includes(key.slice('with_'.length))) return undefined;
  return `runbook has no ${key.slice('with_'.length)} lookup to loop over; write loop: with the list of items (a template such as "{{ my_list }}")`;
}
