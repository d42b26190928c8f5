// Before `apply` or `validate` uses installed roles: every role the lock pins must be installed at exactly
// the locked commit. A teammate's `--update` pulled in with git, or a role edited by hand to another
// commit, would otherwise run code nobody reviewed; the run is refused (exit 1) until the roles are
// installed again. Reads files only (no git process): this runs on every apply.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { InvalidInputError, type Problem } from '../errors.js';
import { installedCommit } from './git.js';
import { LOCK_FILE, readLock } from './lock-file.js';
import { projectDirsOf, ROLES_DIR } from './project-dirs.js';

const short = (commit: string) => commit.slice(0, 12);

/** Problems with the installed roles of the lock files found for a playbook (empty when all match). */
export async function installedRoleProblems(playbookDir: string): Promise<Problem[]> {
  const problems: Problem[] = [];
  for (const dir of projectDirsOf(playbookDir)) {
    if (!existsSync(join(dir, LOCK_FILE))) continue;
    let lock;
    try {
      lock = await readLock(dir);
    } catch (e) {
      if (e instanceof InvalidInputError) problems.push(...e.problems);
      else throw e;
      continue;
    }
    for (const [name, locked] of lock) {
      const installed = installedCommit(join(dir, ROLES_DIR, name));
      const hint = `run \`runbook roles install\` in ${dir} to install the locked commit (--update moves the lock instead)`;
      if (installed === undefined) {
        problems.push({ loc: locked.loc, message: `role ${JSON.stringify(name)} is locked at ${short(locked.commit)} but not installed`, hint });
      } else if (installed !== locked.commit) {
        problems.push({ loc: locked.loc, message: `role ${JSON.stringify(name)} is installed at ${short(installed)} but ${LOCK_FILE} pins ${short(locked.commit)}`, hint });
      }
    }
  }
  return problems;
}

/** For apply: throw the problems (exit 1, no host touched). */
export async function assertInstalledRoles(playbookDir: string): Promise<void> {
  const problems = await installedRoleProblems(playbookDir);
  if (problems.length > 0) throw new InvalidInputError(problems);
}
