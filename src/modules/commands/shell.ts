// shell: run a command line through a shell on the host, as Ansible's shell (pipes, redirections, $VARS
// and globs work). The line is handed to `sh -c` as one quoted argument: it is the user's script by
// design, and nothing else is ever added to it.

import { argv } from '../../engine/quote.js';
import { ModuleFailure } from '../../engine/errors.js';
import { planRun } from './run-command.js';
import { runSchema } from './run-schema.js';
import { expandPaths } from '../files/paths.js';
import { defineModule } from '../../engine/module-api/module.js';

export const shell = defineModule({
  name: 'shell',
  summary: 'Run a command line through a shell on the host (pipes, redirections and variables work).',
  freeForm: 'cmd',
  params: {
    type: 'object',
    additionalProperties: false,
    properties: {
      cmd: { type: 'string', description: 'The shell command line to run.' },
      ...runSchema,
      executable: { type: 'string', default: '/bin/sh', description: 'The shell to run the command with, given the line as `-c` argument (e.g. /bin/bash).' },
    },
  },
  async plan(ctx, params) {
    const p = await expandPaths(ctx, params, ['chdir', 'creates', 'removes']);
    if (p.cmd === undefined || p.cmd.trim() === '') throw new ModuleFailure('no command given', {}, { hint: 'shell: echo hello > /tmp/x' });
    // With the default shell the line runs in the connection's own sh: not an argument of a second one,
    // which would show it in the host's process list (a no_log task's line travels on stdin).
    return planRun(ctx, { ...p, line: p.executable === '/bin/sh' ? p.cmd : argv([p.executable, '-c', p.cmd]), display: p.cmd });
  },
});
