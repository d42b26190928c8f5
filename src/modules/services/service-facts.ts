// service_facts: every service the host knows, as Ansible's service_facts returns it — `ansible_facts.services`
// keyed by name, each {name, state, status, source} — read in one round trip. Never changes anything.

import { defineModule } from '../../engine/module-api/module.js';
import { serviceFactsFact } from './service-facts-state.js';

export const serviceFacts = defineModule({
  name: 'service_facts',
  summary: 'Read the state of every service (systemd units, SysV scripts) into ansible_facts.services.',
  params: { type: 'object', additionalProperties: false, properties: {} },
  async plan(ctx) {
    const [services] = await ctx.facts(serviceFactsFact);
    if (Object.keys(services).length === 0) {
      // Ansible's own result when nothing could be listed.
      return { changes: [], reason: 'no services found', data: { skipped: true, msg: 'Failed to find any services. This can be due to privileges or some other configuration issue.' } };
    }
    return { changes: [], reason: `${Object.keys(services).length} services`, data: { ansible_facts: { services } }, hostFacts: { services } };
  },
});
