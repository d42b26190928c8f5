// `runbook roles install`: each role of requirements.yaml cloned into `.runbook/roles/<name>` and checked
// out at one commit, recorded in requirements.lock.yaml. The lock wins over the requirement's branch
// (a branch that moved upstream does not move an installed project) unless `update` asks to move it; a
// requirement whose src or version changed is resolved again. A role is cloned into a temporary sibling
// and renamed into place, so a failed install leaves the previous one as it was.

import { existsSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { checkoutCommit, cloneRepository, hasCommit, installedCommit, resolveVersion, RoleInstallError } from './git.js';
import { readLock, writeLock, type Lock } from './lock-file.js';
import { INSTALL_DIR, ROLES_DIR } from './project-dirs.js';
import { loadRequirements, type RoleRequirement } from './requirements-file.js';

export interface InstallOptions {
  /** Resolve every version again and move the lock. */
  update?: boolean;
  /** Clone again even a role already installed at its locked commit. */
  force?: boolean;
}

export type InstallAction = 'installed' | 'updated' | 'unchanged';

export interface InstalledRole {
  name: string;
  commit: string;
  src: string;
  action: InstallAction;
  /** The commit the lock had before, when it moved. */
  previous?: string;
}

export async function installRoles(requirementsFile: string, opts: InstallOptions = {}): Promise<InstalledRole[]> {
  const requirements = await loadRequirements(requirementsFile);
  const projectDir = resolve(dirname(requirementsFile));
  const lock = await readLock(projectDir);
  const rolesDir = join(projectDir, ROLES_DIR);
  await mkdir(rolesDir, { recursive: true });
  // Whatever is installed here stays out of the user's git without asking them to edit their .gitignore.
  await writeFile(join(projectDir, INSTALL_DIR, '.gitignore'), '*\n');
  const next: Lock = new Map();
  const done: InstalledRole[] = [];
  for (const req of requirements) {
    const r = await installOne(req, lock, rolesDir, opts);
    next.set(req.name, { commit: r.commit, src: req.src, version: req.version });
    done.push(r);
  }
  // Roles no longer required leave the lock and the install folder.
  for (const name of lock.keys()) if (!next.has(name)) await rm(join(rolesDir, name), { recursive: true, force: true });
  await writeLock(projectDir, next);
  return done;
}

async function installOne(req: RoleRequirement, lock: Lock, rolesDir: string, opts: InstallOptions): Promise<InstalledRole> {
  const locked = lock.get(req.name);
  const pinned = !opts.update && locked && locked.src === req.src && locked.version === req.version ? locked.commit : undefined;
  const dir = join(rolesDir, req.name);
  const current = installedCommit(dir);
  const base = { name: req.name, src: req.src };
  if (pinned && current === pinned && !opts.force) return { ...base, commit: pinned, action: 'unchanged' };
  const staging = `${dir}.installing-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  try {
    await cloneRepository(req.src, staging);
    const commit = pinned ?? (await resolveVersion(staging, req.src, req.version));
    if (!(await hasCommit(staging, commit))) {
      throw new RoleInstallError(
        `role ${JSON.stringify(req.name)}: the locked commit ${commit} is no longer in ${req.src}`,
        req.loc,
        'it was removed upstream (a force-push?); `runbook roles install --update` locks the current one',
      );
    }
    await checkoutCommit(staging, commit);
    await rm(dir, { recursive: true, force: true });
    await rename(staging, dir);
    const moved = locked && locked.commit !== commit ? { previous: locked.commit } : {};
    const action: InstallAction = current === commit ? 'unchanged' : current === undefined ? 'installed' : 'updated';
    return { ...base, commit, action, ...moved };
  } catch (e) {
    if (e instanceof RoleInstallError && !e.loc) throw new RoleInstallError(`role ${JSON.stringify(req.name)}: ${e.message}`, req.loc, e.hint, { cause: e });
    throw e;
  } finally {
    if (existsSync(staging)) await rm(staging, { recursive: true, force: true });
  }
}
