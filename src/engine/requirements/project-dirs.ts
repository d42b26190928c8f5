// Where a playbook's installed roles live. `runbook roles install` installs beside the requirements file
// (usually the project root); a playbook is in that root or one folder below it (playbooks/), and runbook
// may be run from the root: those are the directories looked in, in this order.

import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The folder (inside a project directory) roles are installed in; kept out of git. */
export const INSTALL_DIR = '.runbook';
export const ROLES_DIR = join(INSTALL_DIR, 'roles');

export function projectDirsOf(playbookDir: string, cwd: string = process.cwd()): string[] {
  return [...new Set([resolve(playbookDir), resolve(playbookDir, '..'), resolve(cwd)])];
}

/** The `.runbook/roles` directories that exist for a playbook: where the compiler also looks for roles. */
export function installedRoleDirs(playbookDir: string): string[] {
  return projectDirsOf(playbookDir).map((d) => join(d, ROLES_DIR)).filter(existsSync);
}
