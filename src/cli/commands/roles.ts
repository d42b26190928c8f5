// `runbook roles install [-r FILE] [--update] [--force]`: install the roles of requirements.yaml from git
// into `.runbook/roles/` beside it, pinned by requirements.lock.yaml. One line per role says what happened.

import { existsSync } from 'node:fs';
import { ExitCode, InvalidInputError } from '../../engine/errors.js';
import { installRoles } from '../../engine/requirements/install.js';

export interface RolesOptions {
  roleFile?: string;
  update?: boolean;
  force?: boolean;
}

const DEFAULT_FILES = ['requirements.yaml', 'requirements.yml'];

export async function run(action: string, opts: RolesOptions): Promise<number> {
  if (action !== 'install') {
    process.stderr.write(`runbook: unknown roles action ${JSON.stringify(action)} (the action is: install)\n`);
    return ExitCode.invalid;
  }
  const file = opts.roleFile ?? DEFAULT_FILES.find(existsSync);
  if (!file) {
    throw new InvalidInputError([{ message: 'no requirements.yaml here', hint: 'run in the folder that holds requirements.yaml, or name it with -r FILE' }]);
  }
  const installed = await installRoles(file, { update: opts.update === true, force: opts.force === true });
  const width = Math.max(0, ...installed.map((r) => r.name.length));
  for (const r of installed) {
    const moved = r.previous ? ` (was ${r.previous.slice(0, 12)})` : '';
    console.log(`${r.name.padEnd(width)}  ${r.commit.slice(0, 12)}  ${r.action}${moved}  ${r.src}`);
  }
  console.log(`${installed.length} role${installed.length === 1 ? '' : 's'} installed in .runbook/roles, pinned in requirements.lock.yaml`);
  return ExitCode.ok;
}
