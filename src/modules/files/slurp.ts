// slurp: read a file on the host into the result, base64-encoded — Ansible's slurp (content, encoding,
// source). Read-only, one round trip.

import { ModuleFailure } from '../../engine/errors.js';
import { defineModule } from '../../engine/module-api/module.js';
import { contentFact, statFact } from './file-state.js';
import { expandPaths } from './paths.js';

export const slurp = defineModule({
  name: 'slurp',
  summary: 'Read a file on the host into the result as base64 (content, encoding, source), for register.',
  aliases: { path: 'src' },
  params: {
    type: 'object',
    additionalProperties: false,
    required: ['src'],
    properties: {
      src: { type: 'string', description: 'The file to read (links are followed). ~ and $VARS are expanded on the host, as in Ansible. Decode with the b64decode filter.' },
    },
  },
  async plan(ctx, params) {
    const p = await expandPaths(ctx, params, ['src']);
    const [st, bytes] = await ctx.facts(statFact(p.src, { follow: true }), contentFact(p.src));
    if (!st) throw new ModuleFailure(`file not found: ${p.src}`, {}, { hint: 'check the path; slurp reads files on the host, not on the controller' });
    if (st.type === 'directory') throw new ModuleFailure(`source is a directory and must be a file: ${p.src}`);
    if (!bytes) throw new ModuleFailure(`source is not a regular file: ${p.src}`);
    return { changes: [], data: { content: bytes.toString('base64'), encoding: 'base64', source: p.src }, reason: `read ${bytes.length} bytes of ${p.src}` };
  },
});
