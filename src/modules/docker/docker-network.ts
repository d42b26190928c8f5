// docker_network: a Docker network exists with the asked driver, subnet, gateway, auxiliary addresses and
// driver options (the seed's `br`, whose bridge docker1 holds the VM's eth1), or does not. A network that
// differs is recreated only when no container is attached; otherwise the task fails naming them.

import { ModuleFailure } from '../../engine/errors.js';
import { dockerInspectFact } from './docker-inspect.js';
import { parseNetworkInspect, planNetwork } from './docker-network-state.js';
import { defineModule } from '../../engine/module-api/module.js';

export const dockerNetwork = defineModule({
  name: 'docker_network',
  summary: 'A Docker network exists as configured (driver, subnet, gateway, aux addresses, options) or is removed.',
  params: {
    type: 'object',
    additionalProperties: false,
    required: ['name'],
    properties: {
      name: { type: 'string', description: 'Network name.' },
      state: { enum: ['present', 'absent'], default: 'present', description: 'present: exists as configured; absent: removed (fails while containers are attached).' },
      driver: { type: 'string', default: 'bridge', description: 'Network driver.' },
      subnet: { type: 'string', description: 'Subnet in CIDR form, e.g. 192.168.33.0/24. Unset: Docker picks one (and it is not compared).' },
      gateway: { type: 'string', format: 'ipv4', description: "The gateway's address; with the bridge driver the bridge itself holds it." },
      aux_addresses: {
        type: 'object',
        additionalProperties: { type: 'string', format: 'ipv4' },
        default: {},
        description: 'Addresses Docker must never give a container, by name (--aux-address name=ip), e.g. one a machine outside Docker already holds.',
      },
      options: {
        type: 'object',
        additionalProperties: { type: ['string', 'number', 'boolean'] },
        default: {},
        description: 'Driver options (--opt), e.g. com.docker.network.bridge.name: docker1, com.docker.network.driver.mtu: 1500.',
      },
    },
  },
  async plan(ctx, p) {
    const fact = dockerInspectFact(`network:${p.name}`, ['network', 'inspect', p.name], '[]', parseNetworkInspect);
    const [have] = await ctx.facts(fact);
    try {
      const aux = p.aux_addresses as Record<string, string>;
      const options = p.options as Record<string, string | number | boolean>;
      return (planNetwork(have, { ...p, aux_addresses: aux, options }));
    } catch (e) {
      throw new ModuleFailure((e as Error).message, have ? { containers: have.containers } : {});
    }
  },
});
