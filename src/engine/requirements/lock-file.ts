// `requirements.lock.yaml`: each installed role's resolved commit and source, written by `runbook roles
// install` and committed beside requirements.yaml, so every checkout installs exactly the same roles.

import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { InvalidInputError, type Loc, type Problem } from '../errors.js';
import { loadYaml, locOf } from '../load/yaml.js';

export const LOCK_FILE = 'requirements.lock.yaml';

export interface LockedRole {
  /** 40 hex digits. */
  commit: string;
  src: string;
  /** The version the requirement asked for (a changed version is resolved again). */
  version?: string;
  /** Where the entry is in the lock file (for messages; not written). */
  loc?: Loc;
}

export type Lock = Map<string, LockedRole>;

/** The lock beside the requirements (in `projectDir`); an empty map when there is none yet. */
export async function readLock(projectDir: string): Promise<Lock> {
  const file = join(projectDir, LOCK_FILE);
  const lock: Lock = new Map();
  if (!existsSync(file)) return lock;
  const { value } = await loadYaml(file);
  const roles = (value as { roles?: unknown } | null)?.roles ?? {};
  const problems: Problem[] = [];
  const hint = `the lock is written by runbook roles install; delete ${LOCK_FILE} and install again to rewrite it`;
  if (typeof roles !== 'object' || roles === null || Array.isArray(roles)) {
    throw new InvalidInputError([{ loc: locOf(value, 'roles', 'value', { file, line: 1, col: 1 }), message: 'roles must be a mapping of name to commit', hint }]);
  }
  for (const [name, entry] of Object.entries(roles as Record<string, unknown>)) {
    const e = entry as Partial<LockedRole> | null;
    if (!e || typeof e.commit !== 'string' || !/^[0-9a-f]{40}$/.test(e.commit) || typeof e.src !== 'string') {
      problems.push({ loc: locOf(roles, name, 'value', { file, line: 1, col: 1 }), message: `locked role ${JSON.stringify(name)} needs commit (40 hex digits) and src`, hint });
      continue;
    }
    const loc = locOf(roles, name, 'key', { file, line: 1, col: 1 });
    lock.set(name, { commit: e.commit, src: e.src, ...(typeof e.version === 'string' ? { version: e.version } : {}), loc });
  }
  if (problems.length > 0) throw new InvalidInputError(problems);
  return lock;
}

export async function writeLock(projectDir: string, lock: Lock): Promise<void> {
  const roles: Record<string, LockedRole> = {};
  for (const name of [...lock.keys()].sort()) {
    const { commit, src, version } = lock.get(name)!;
    roles[name] = { commit, src, ...(version === undefined ? {} : { version }) };
  }
  const header = '# Written by `runbook roles install`: the commit each role is pinned to. Commit this file;\n# `runbook roles install --update` moves the pins.\n';
  await writeFile(join(projectDir, LOCK_FILE), header + stringify({ roles }));
}
