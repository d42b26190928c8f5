// raw: Ansible's way to run a command on a host that has no Python yet (bootstrapping). runbook needs no
// Python on hosts for any module, so raw is a shell line as Ansible runs it: through the login shell of the
// connection (or `executable`), always reported changed (Ansible cannot know either), not run in check mode.

import { argv } from '../../engine/quote.js';
import { ModuleFailure } from '../../engine/errors.js';
import { planRun } from './run-command.js';
import { defineModule } from '../../engine/module-api/module.js';

export const raw = defineModule({
  name: 'raw',
  summary: 'Run a command line on the host as it is (Ansible\'s bootstrap module; runbook needs no Python, so this is a plain shell line).',
  freeForm: 'cmd',
  params: {
    type: 'object',
    additionalProperties: false,
    properties: {
      cmd: { type: 'string', description: 'The command line (Ansible writes it free form: `raw: apt-get install -y python3`).' },
      executable: { type: 'string', description: 'The shell to run the line with (`-c` argument); default: the connection\'s sh.' },
    },
  },
  async plan(ctx, p) {
    if (p.cmd === undefined || p.cmd.trim() === '') throw new ModuleFailure('no command given', {}, { hint: 'raw: echo hello' });
    const line = p.executable === undefined ? p.cmd : argv([p.executable, '-c', p.cmd]);
    return planRun(ctx, { line, display: p.cmd, stdin_add_newline: true, strip_empty_ends: true });
  },
});
