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

/** Locked roles by name, and collections by `namespace.name` (the file's `roles:` and `collections:`). */
export interface Lock {
  roles: Map<string, LockedRole>;
  collections: Map<string, LockedRole>;
}

export const emptyLock = (): Lock => ({ roles: new Map(), collections: new Map() });

/** The lock beside the requirements (in `projectDir`); an empty one when there is none yet. */
export async function readLock(projectDir: string): Promise<Lock> {
  const file = join(projectDir, LOCK_FILE);
  const lock = emptyLock();
  if (!existsSync(file)) return lock;
  const { value } = await loadYaml(file);
  const problems: Problem[] = [];
  for (const section of ['roles', 'collections'] as const) readSection(value, section, file, lock[section], problems);
  if (problems.length > 0) throw new InvalidInputError(problems);
  return lock;
}

function readSection(value: unknown, section: 'roles' | 'collections', file: string, into: Map<string, LockedRole>, problems: Problem[]): void {
  const top = { file, line: 1, col: 1 };
  const entries = (value as Record<string, unknown> | null)?.[section] ?? {};
  const hint = `the lock is written by runbook roles install; delete ${LOCK_FILE} and install again to rewrite it`;
  if (typeof entries !== 'object' || entries === null || Array.isArray(entries)) {
    problems.push({ loc: locOf(value, section, 'value', top), message: `${section} must be a mapping of name to commit`, hint });
    return;
  }
  for (const [name, entry] of Object.entries(entries as Record<string, unknown>)) {
    const e = entry as Partial<LockedRole> | null;
    if (!e || typeof e.commit !== 'string' || !/^[0-9a-f]{40}$/.test(e.commit) || typeof e.src !== 'string') {
      problems.push({ loc: locOf(entries, name, 'value', top), message: `locked ${section === 'roles' ? 'role' : 'collection'} ${JSON.stringify(name)} needs commit (40 hex digits) and src`, hint });
      continue;
    }
    const loc = locOf(entries, name, 'key', top);
    into.set(name, { commit: e.commit, src: e.src, ...(typeof e.version === 'string' ? { version: e.version } : {}), loc });
  }
}

export async function writeLock(projectDir: string, lock: Lock): Promise<void> {
  const sections: Record<string, Record<string, LockedRole>> = {};
  for (const section of ['roles', 'collections'] as const) {
    const map = lock[section];
    if (section === 'collections' && map.size === 0) continue;
    sections[section] = {};
    for (const name of [...map.keys()].sort()) {
      const { commit, src, version } = map.get(name)!;
      sections[section][name] = { commit, src, ...(version === undefined ? {} : { version }) };
    }
  }
  const header = '# Written by `runbook roles install`: the commit each role is pinned to. Commit this file;\n# `runbook roles install --update` moves the pins.\n';
  await writeFile(join(projectDir, LOCK_FILE), header + stringify(sections));
}
