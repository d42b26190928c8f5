// Where a playbook's installed roles live. `runbook roles install` installs beside the requirements file
// (usually the project root); a playbook is in that root or one folder below it (playbooks/), and runbook
// may be run from the root: those are the directories looked in, in this order.

import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The folder (inside a project directory) roles are installed in; kept out of git. */
export const INSTALL_DIR = '.runbook';
export const ROLES_DIR = join(INSTALL_DIR, 'roles');
/** Collections go where Ansible's collections path expects them: `<path>/ansible_collections/<ns>/<name>`. */
export const COLLECTIONS_DIR = join(INSTALL_DIR, 'collections', 'ansible_collections');

/** Where a locked role (a name) or collection (`namespace.name`) is installed in a project directory. */
export function installedPath(projectDir: string, kind: 'role' | 'collection', name: string): string {
  return kind === 'role' ? join(projectDir, ROLES_DIR, name) : join(projectDir, COLLECTIONS_DIR, ...name.split('.'));
}

export function projectDirsOf(playbookDir: string, cwd: string = process.cwd()): string[] {
  return [...new Set([resolve(playbookDir), resolve(playbookDir, '..'), resolve(cwd)])];
}

/** The `.runbook/roles` directories that exist for a playbook: where the compiler also looks for roles. */
export function installedRoleDirs(playbookDir: string): string[] {
  return projectDirsOf(playbookDir).map((d) => join(d, ROLES_DIR)).filter(existsSync);
}

/** The installed collections' folders (`…/ansible_collections`) that exist for a playbook. */
export function installedCollectionDirs(playbookDir: string): string[] {
  return projectDirsOf(playbookDir).map((d) => join(d, COLLECTIONS_DIR)).filter(existsSync);
}
