// The few git operations installing a role needs, through the system `git` with an argument vector (no
// shell, so no value is ever parsed as shell syntax). Failures become RunbookErrors naming the source.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { RunbookError } from '../errors.js';

/** git failed (clone of an unreachable source, a version that does not exist). Exit 1. */
export class RoleInstallError extends RunbookError {
  readonly code = 'role-install';
}

const HEX40 = /^[0-9a-f]{40}$/;

async function git(args: string[], what: string, cwd?: string): Promise<string> {
  try {
    // No prompt for credentials: a CI run must fail, not wait on a terminal nobody watches.
    const r = await execa('git', args, { cwd, env: { GIT_TERMINAL_PROMPT: '0' }, stdin: 'ignore' });
    return r.stdout.trim();
  } catch (e) {
    const err = e as { stderr?: string; code?: string; shortMessage?: string };
    if (err.code === 'ENOENT') throw new RoleInstallError('git is not installed', undefined, 'install git (apt-get install git)', { cause: e });
    const detail = (err.stderr ?? err.shortMessage ?? String(e)).trim().split('\n').slice(-3).join('; ');
    throw new RoleInstallError(`${what}: ${detail}`, undefined, undefined, { cause: e });
  }
}

/** A fresh clone of `src` into `dir` (which must not exist), nothing checked out yet. */
export async function cloneRepository(src: string, dir: string): Promise<void> {
  await git(['clone', '--quiet', '--no-checkout', '--', src, dir], `cannot clone ${src}`);
}

/**
 * The commit `version` names in a clone: a remote branch, a tag, or a commit (full or abbreviated);
 * undefined = the remote's default branch.
 */
export async function resolveVersion(dir: string, src: string, version: string | undefined): Promise<string> {
  const candidates = version === undefined ? ['refs/remotes/origin/HEAD', 'HEAD'] : [`refs/remotes/origin/${version}`, `refs/tags/${version}`, version];
  for (const ref of candidates) {
    try {
      const commit = await git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], 'rev-parse', dir);
      if (HEX40.test(commit)) return commit;
    } catch {
      // not this kind of ref; try the next
    }
  }
  throw new RoleInstallError(`${src} has no branch, tag or commit ${JSON.stringify(version ?? 'HEAD')}`, undefined, 'check version: in the requirements file');
}

/** Whether the clone holds `commit` (a locked commit may have been removed upstream by a force-push). */
export async function hasCommit(dir: string, commit: string): Promise<boolean> {
  try {
    await git(['cat-file', '-e', `${commit}^{commit}`], 'cat-file', dir);
    return true;
  } catch {
    return false;
  }
}

export async function checkoutCommit(dir: string, commit: string): Promise<void> {
  await git(['-c', 'advice.detachedHead=false', 'checkout', '--quiet', '--detach', commit], `cannot check out ${commit}`, dir);
}

/**
 * The commit an installed role is at, read from `.git/HEAD` without running git (apply and validate do this
 * for every locked role); undefined when the directory is not an installed role.
 */
export function installedCommit(dir: string): string | undefined {
  const head = join(dir, '.git', 'HEAD');
  if (!existsSync(head)) return undefined;
  const text = readFileSync(head, 'utf8').trim();
  if (HEX40.test(text)) return text;
  // A branch checked out by hand: follow the ref once (loose refs only; packed ones count as unknown).
  const ref = /^ref: (.+)$/.exec(text)?.[1];
  const file = ref ? join(dir, '.git', ref) : undefined;
  const target = file && existsSync(file) ? readFileSync(file, 'utf8').trim() : '';
  return HEX40.test(target) ? target : 'unknown';
}
