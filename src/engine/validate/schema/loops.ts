// `with_<lookup>` loop keywords, Ansible's older loop form: one per lookup runbook has, each taking the
// lookup's terms (a list, or a template that gives one).

import { LOOKUP_NAMES } from '../../expressions/filters/lookups.js';
import type { JsonSchema } from './templatable.js';

const DESCRIPTIONS: Record<string, string> = {
  items: 'Run the task once per item; lists among the items are flattened one level.',
  list: 'Run the task once per item of this list, as written.',
  dict: 'Run the task once per entry of this mapping: item.key and item.value.',
  fileglob: 'Run the task once per file on the controller matching these globs (searched in the role\'s and playbook\'s files/).',
  together: 'Run the task once per position of these lists: item.0, item.1... (missing items are null).',
  nested: 'Run the task once per combination of items of these lists: item.0, item.1...',
  indexed_items: 'Run the task once per item: item.0 is its index, item.1 the item.',
  subelements: '[list, "subkey"(, {skip_missing: true})]: run once per element of each item\'s sub-list: item.0 the item, item.1 the element.',
  sequence: 'Run the task once per number: "start=1 end=10 stride=2 format=web%02d", "count=3", or "1-10/2:%02d".',
  first_found: 'Run the task with item set to the first of these files that exists on the controller.',
};

export const withKeywords: Record<string, JsonSchema> = Object.fromEntries(
  LOOKUP_NAMES.map((name) => [`with_${name}`, { description: `${DESCRIPTIONS[name] ?? `Run the task once per value of lookup('${name}', ...).`} Ansible's with_${name}; like loop:.` }]),
);
