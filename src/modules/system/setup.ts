// setup: gather the host's facts again (Ansible's explicit fact-gathering task, e.g. after a change that
// alters them). The same one-round-trip script as gather_facts; the facts replace the host's gathered ones.
// `filter` keeps the facts whose names match its shell-style patterns, as Ansible's does.

import { defineModule } from '../../engine/module-api/module.js';
import { gatherFacts } from '../../engine/execute/gather-facts.js';

export const setup = defineModule({
  name: 'setup',
  summary: 'Gather the host\'s facts (again): what gather_facts reads, in one round trip; changes nothing.',
  prefetch: false,
  params: {
    type: 'object',
    additionalProperties: false,
    properties: {
      filter: {
        description: 'Only facts whose names (ansible_*) match one of these shell-style patterns.',
        anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
      },
      gather_subset: { description: 'Accepted for compatibility: runbook gathers its one set of facts.', anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] },
      gather_timeout: { type: 'integer', description: 'Accepted for compatibility: the command timeout applies.' },
      fact_path: { type: 'string', description: 'Accepted for compatibility: local facts (facts.d) are not read.' },
    },
  },
  async plan(ctx, p) {
    const all = await gatherFacts(ctx.conn);
    const patterns = p.filter === undefined ? [] : [p.filter].flat().filter((f) => f !== '' && f !== '*');
    const facts = patterns.length === 0 ? all : Object.fromEntries(Object.entries(all).filter(([k]) => patterns.some((f) => globMatch(f, k))));
    return { changes: [], hostFacts: facts, data: { ansible_facts: facts } };
  },
});

function globMatch(pattern: string, name: string): boolean {
  const re = new RegExp(`^${pattern.replace(/[.+^${}()|\\[\]]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
  return re.test(name);
}
