// command: run a program on the host without a shell, as Ansible's command: the string is split into
// words (shlex) and each is passed as one quoted argument, so `;`, `|`, `$(…)` in it are just characters.

import { ModuleFailure } from '../../engine/errors.js';
import { argWord, shlexSplit, SplitError } from './command-line.js';
import { planRun } from './run-command.js';
import { runSchema } from './run-schema.js';
import { expandPaths } from '../files/paths.js';
import { defineModule } from '../../engine/module-api/module.js';

export const command = defineModule({
  name: 'command',
  summary: 'Run a program on the host without a shell (no pipes, redirections or ; — use shell for those).',
  freeForm: 'cmd',
  params: {
    type: 'object',
    additionalProperties: false,
    properties: {
      cmd: { type: 'string', description: 'The command line, split into words like a POSIX shell would (quotes and backslashes), but never run through a shell.' },
      argv: { type: 'array', items: { type: 'string' }, description: 'The program and its arguments as a list, instead of cmd: no splitting or quoting issues.' },
      ...runSchema,
      expand_argument_vars: {
        type: 'boolean',
        default: true,
        description: "Expand $VAR, ${VAR} and a leading ~ in the arguments from the host's environment; an unset variable is left as written.",
      },
    },
  },
  async plan(ctx, params) {
    const p = await expandPaths(ctx, params, ['chdir', 'creates', 'removes']);
    if ((p.cmd === undefined) === (p.argv === undefined)) {
      throw new ModuleFailure(p.cmd === undefined ? 'no command given' : 'only command or argv can be given, not both', {}, { hint: 'command: ls -l, or argv: [ls, -l]' });
    }
    let words: string[];
    try {
      words = p.argv ?? shlexSplit(p.cmd!);
    } catch (e) {
      if (e instanceof SplitError) throw new ModuleFailure(`cannot split the command line: ${e.message}`, {}, { hint: 'check its quotes' });
      throw e;
    }
    if (words.length === 0) throw new ModuleFailure('no command given');
    return planRun(ctx, { ...p, line: words.map((w) => argWord(w, p.expand_argument_vars)).join(' '), display: words });
  },
});
