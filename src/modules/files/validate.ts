// The `validate` argument of the modules that write a file (copy, template, file_template, lineinfile,
// blockinfile, replace): a command run on the host on the candidate file before it replaces the real one
// (`visudo -cf %s`, `nginx -t -c %s`). Split like Python's shlex, as Ansible's run_command does (no shell);
// Connection.put runs it on its temp file and renames only when it succeeds.

import { ModuleFailure } from '../../engine/errors.js';
import { shlexSplit } from '../commands/command-line.js';

export const validateSchema = {
  validate: {
    type: 'string',
    description:
      "Command run on the host on the new content before it replaces the file; %s is the path of the candidate file (e.g. 'visudo -cf %s'). The file is replaced only when it exits 0; otherwise the task fails with its output and the file is left untouched.",
  },
} as const;

/** The validate command's words, checked as Ansible does (it must name the file with %s); undefined when not set. */
export function validateWords(validate: string | undefined): string[] | undefined {
  if (validate === undefined) return undefined;
  if (!validate.includes('%s')) throw new ModuleFailure(`validate must contain %s: ${validate}`, {}, { hint: "put %s where the command takes the file, e.g. 'visudo -cf %s'" });
  try {
    return shlexSplit(validate);
  } catch (e) {
    throw new ModuleFailure(`validate is not a valid command line: ${(e as Error).message}`, {}, { hint: 'check its quotes' });
  }
}
