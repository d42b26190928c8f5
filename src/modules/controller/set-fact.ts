// set_fact: set variables for the rest of the run on this host, as Ansible's set_fact. The values arrive
// already templated (a lone {{ expr }} keeps its native type).

import { defineModule } from '../../engine/module-api/module.js';

export const setFact = defineModule({
  name: 'set_fact',
  summary: 'Set host variables for the rest of the run (registered-result precedence); never changes anything.',
  controllerOnly: true,
  params: {
    type: 'object',
    additionalProperties: false,
    // Any variable name is a parameter; the pattern is the rule Ansible gives for valid names.
    patternProperties: { '^[A-Za-z_][A-Za-z0-9_]*$': { description: 'A variable to set, with its value.' } },
    properties: {
      cacheable: { type: 'boolean', default: false, description: 'Accepted for compatibility with Ansible; runbook keeps facts for the run only.' },
    },
  },
  async plan(_ctx, p) {
    const facts: Record<string, unknown> = { ...(p as Record<string, unknown>) };
    delete facts.cacheable;
    return { changes: [], facts, data: { ansible_facts: facts } };
  },
});
