// docker_container: a container exists with the asked image, command, network and static address, and is
// started, stopped or absent. Defaults are docker run's (no restart policy, no init, pull when missing): what
// a particular setup needs, such as the seed's restart unless-stopped and --init, its playbook says.

import { ModuleFailure } from '../../engine/errors.js';
import { dockerInspectFact } from './docker-inspect.js';
import { parseContainerInspect, planContainer } from './docker-container-state.js';
import { shlexSplit } from '../commands/command-line.js';
import { defineModule } from '../../engine/module-api/module.js';

export const dockerContainer = defineModule({
  name: 'docker_container',
  summary: 'A Docker container exists as configured (image, command, network, static IP) and is started, stopped or absent.',
  params: {
    type: 'object',
    additionalProperties: false,
    required: ['name'],
    properties: {
      name: { type: 'string', description: 'Container name.' },
      image: { type: 'string', description: 'Image to run (required unless state is absent).' },
      command: {
        anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
        description: "Command to run instead of the image's: a list of words, or a string split like a shell would. Unset: the image's CMD (not compared).",
      },
      network: { type: 'string', description: 'Network to attach the container to (e.g. br). Unset: Docker\'s default bridge.' },
      ipv4_address: {
        type: 'string',
        pattern: '^(|\\d{1,3}(\\.\\d{1,3}){3})$',
        description: 'Static address on network (docker run --ip); unset or empty: Docker picks the lowest free one.',
      },
      restart_policy: {
        enum: ['no', 'on-failure', 'always', 'unless-stopped'],
        default: 'no',
        description: "Restart policy (docker run --restart); as docker run, no by default. unless-stopped brings the container back after `systemctl restart docker`.",
      },
      init: { type: 'boolean', default: false, description: 'Run an init as PID 1 (docker run --init), so a command that ignores SIGTERM as PID 1 (busybox httpd) still stops promptly.' },
      state: { enum: ['started', 'stopped', 'absent'], default: 'started', description: 'started: exists and runs; stopped: exists, not running; absent: removed.' },
      pull: { enum: ['never', 'missing'], default: 'missing', description: 'missing: pull the image when absent (docker run\'s default); never: it must already be on the host.' },
    },
  },
  async plan(ctx, p) {
    const container = dockerInspectFact(`container:${p.name}`, ['inspect', '--type', 'container', p.name], '[]', parseContainerInspect);
    // Removing needs no image; otherwise both are read in the same round trip.
    const [have, imageId] = p.image === undefined
      ? [...(await ctx.facts(container)), null]
      : await ctx.facts(container, dockerInspectFact(`image-id:${p.image}`, ['image', 'inspect', '--format', '{{.Id}}', p.image], '', (s) => s.trim() || null));
    try {
      const command = typeof p.command === 'string' ? shlexSplit(p.command) : p.command;
      const ipv4_address = p.ipv4_address || undefined;
      return (planContainer(have, imageId, { ...p, command, ipv4_address }, ctx.check));
    } catch (e) {
      throw new ModuleFailure((e as Error).message);
    }
  },
});
