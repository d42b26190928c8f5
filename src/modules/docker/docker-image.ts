// docker_image: an image is on the host — imported from a tarball on the host (the lab's busybox image:
// nothing is ever pulled there) or pulled — or removed.

import { ModuleFailure } from '../../engine/errors.js';
import { argv } from '../../engine/quote.js';
import { dockerInspectFact } from './docker-inspect.js';
import { parseImageInspect, planImage } from './docker-image-state.js';
import { defineModule, type Fact } from '../../engine/module-api/module.js';

const sha256 = (path: string): Fact<string | null> => ({
  key: `sha256:${path}`,
  command: `[ -f ${argv([path])} ] || exit 0\nsha256sum ${argv([path])}`,
  parse(stdout, code, stderr) {
    if (code !== 0) throw new ModuleFailure(`reading ${path} failed: ${stderr.trim()}`);
    return stdout.trim().split(/\s+/)[0] || null;
  },
});

export const dockerImage = defineModule({
  name: 'docker_image',
  summary: 'A Docker image is on the host: imported from a tarball on the host (again when it changes) or pulled; or removed.',
  params: {
    type: 'object',
    additionalProperties: false,
    required: ['name'],
    properties: {
      name: { type: 'string', description: 'Image name (repository[:tag]).' },
      source: { enum: ['import', 'pull'], default: 'pull', description: 'import: docker import archive; pull: docker pull when missing.' },
      archive: { type: 'string', description: 'With source import: path on the host of a root filesystem tarball.' },
      changes: {
        type: 'array',
        items: { type: 'string' },
        default: [],
        description: 'With source import: Dockerfile instructions applied on import (docker import --change), e.g. CMD ["/bin/sh"].',
      },
      state: { enum: ['present', 'absent'], default: 'present', description: 'present: on the host; absent: removed (docker rmi).' },
    },
  },
  async plan(ctx, p) {
    const image = dockerInspectFact(`image:${p.name}`, ['image', 'inspect', '--format', '{{.Id}} {{json .Config.Labels}}', p.name], '', parseImageInspect);
    const [have, sum] = p.source === 'import' && p.archive && p.state === 'present'
      ? await ctx.facts(image, sha256(p.archive))
      : [...(await ctx.facts(image)), null];
    try {
      return (planImage(have, sum, p, ctx.check));
    } catch (e) {
      throw new ModuleFailure((e as Error).message);
    }
  },
});
