// docker_container: a container exists with the asked image, command, network and static address, and is
// started, stopped or absent. Defaults follow the seed lab's facts: restart unless-stopped and --init (so
// containers survive `systemctl restart docker`, and busybox httpd as PID 1 does not ignore SIGTERM), and
// never pull (the lab has no registry).

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
        default: 'unless-stopped',
        description: 'Restart policy; unless-stopped brings the container back after `systemctl restart docker`.',
      },
      init: { type: 'boolean', default: true, description: 'Run an init as PID 1 (docker run --init), so the command gets signals (busybox httpd ignores SIGTERM as PID 1).' },
      state: { enum: ['started', 'stopped', 'absent'], default: 'started', description: 'started: exists and runs; stopped: exists, not running; absent: removed.' },
      pull: { enum: ['never', 'missing'], default: 'never', description: 'never: the image must already be on the host (the lab pulls nothing); missing: pull it when absent.' },
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
