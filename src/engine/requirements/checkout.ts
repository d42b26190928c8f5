// One source checked out at one commit in a fresh folder: cloned, the version resolved (or the locked commit
// taken as it is), checked out detached. What installing a role and a collection share.

import { rm } from 'node:fs/promises';
import type { Loc } from '../errors.js';
import { checkoutCommit, cloneRepository, hasCommit, resolveVersion, RoleInstallError } from './git.js';

export interface Source {
  src: string;
  version?: string;
  loc: Loc;
}

/**
 * Clone `source` into `dir` (removed first) at `pinned`, or at what its version names now; returns the
 * commit. `what` names the requirement in errors (`role "web"`).
 */
export async function checkoutAt(source: Source, dir: string, pinned: string | undefined, what: string): Promise<string> {
  await rm(dir, { recursive: true, force: true });
  try {
    await cloneRepository(source.src, dir);
    const commit = pinned ?? (await resolveVersion(dir, source.src, source.version));
    if (!(await hasCommit(dir, commit))) {
      throw new RoleInstallError(
        `${what}: the locked commit ${commit} is no longer in ${source.src}`,
        source.loc,
        'it was removed upstream (a force-push?); `runbook roles install --update` locks the current one',
      );
    }
    await checkoutCommit(dir, commit);
    return commit;
  } catch (e) {
    if (e instanceof RoleInstallError && !e.loc) throw new RoleInstallError(`${what}: ${e.message}`, source.loc, e.hint, { cause: e });
    throw e;
  }
}
