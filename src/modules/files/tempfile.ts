// tempfile: create a uniquely named temporary file or directory on the host and return its path — Ansible's
// tempfile (state, path, prefix, suffix). Like Ansible's, it is never a no-op: every run makes a new one,
// so a play registers the path and removes it when done (file: state=absent).

import { ModuleFailure } from '../../engine/errors.js';
import { cmd } from '../../engine/quote.js';
import { defineModule } from '../../engine/module-api/module.js';
import { expandPaths } from './paths.js';

export const tempfile = defineModule({
  name: 'tempfile',
  summary: 'Create a temporary file or directory on the host (a new one every run) and return its path.',
  params: {
    type: 'object',
    additionalProperties: false,
    properties: {
      state: { enum: ['file', 'directory'], default: 'file', description: 'Create a file or a directory.' },
      path: { type: 'string', description: "Directory to create it in. Default: the host's $TMPDIR, else /tmp. ~ and $VARS are expanded on the host." },
      prefix: { type: 'string', default: 'ansible.', description: 'Start of the name (Ansible\'s default, so cleanup globs written for Ansible still match).' },
      suffix: { type: 'string', default: '', description: 'End of the name.' },
    },
  },
  async plan(ctx, params) {
    const p = await expandPaths(ctx, params, ['path']);
    if (p.prefix.includes('/') || p.suffix.includes('/')) throw new ModuleFailure('prefix and suffix cannot contain /', {}, { hint: 'give the directory as path' });
    const dir = p.path === undefined ? '"${TMPDIR:-/tmp}"' : cmd`${p.path}`;
    // mktemp: 0600 file / 0700 directory, created exclusively, as Python's mkstemp/mkdtemp.
    const run = `mktemp ${p.state === 'directory' ? '-d ' : ''}${cmd`--suffix=${p.suffix}`} ${dir}/${cmd`${`${p.prefix}XXXXXXXX`}`}`;
    const where = p.path ?? '$TMPDIR or /tmp';
    return {
      changes: [
        {
          summary: `create a temporary ${p.state} ${p.prefix}XXXXXXXX${p.suffix} in ${where}`,
          apply: async () => {
            const r = await ctx.conn.exec(run);
            if (r.code !== 0) throw new ModuleFailure(`Failed to create temporary ${p.state}: ${r.stderr.trim()}`, { rc: r.code });
            return { path: r.stdout.trim(), state: p.state };
          },
        },
      ],
      data: { state: p.state },
    };
  },
});
