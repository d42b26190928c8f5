// `runbook roles install`: each role of requirements.yaml cloned into `.runbook/roles/<name>` (each git
// collection into `.runbook/collections/ansible_collections/<ns>/<name>`) and checked out at one commit,
// recorded in requirements.lock.yaml. The lock wins over the requirement's branch (a branch that moved
// upstream does not move an installed project) unless `update` asks to move it; a requirement whose src or
// version changed is resolved again. Each is cloned into a temporary folder and renamed into place, so a
// failed install leaves the previous one as it was.

import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { parse } from 'yaml';
import { checkoutAt } from './checkout.js';
import { installedCommit, RoleInstallError } from './git.js';
import { emptyLock, readLock, writeLock, type Lock, type LockedRole } from './lock-file.js';
import { INSTALL_DIR, installedPath } from './project-dirs.js';
import { loadRequirements, type CollectionRequirement, type RoleRequirement } from './requirements-file.js';

export interface InstallOptions {
  /** Resolve every version again and move the lock. */
  update?: boolean;
  /** Clone again even what is already installed at its locked commit. */
  force?: boolean;
}

export type InstallAction = 'installed' | 'updated' | 'unchanged';

export interface InstalledRole {
  /** A role's name, or a collection's `namespace.name`. */
  name: string;
  kind: 'role' | 'collection';
  commit: string;
  src: string;
  action: InstallAction;
  /** The commit the lock had before, when it moved. */
  previous?: string;
}

export async function installRoles(requirementsFile: string, opts: InstallOptions = {}): Promise<InstalledRole[]> {
  const { roles, collections } = await loadRequirements(requirementsFile);
  const projectDir = resolve(dirname(requirementsFile));
  const lock = await readLock(projectDir);
  await mkdir(join(projectDir, INSTALL_DIR), { recursive: true });
  // Whatever is installed here stays out of the user's git without asking them to edit their .gitignore.
  await writeFile(join(projectDir, INSTALL_DIR, '.gitignore'), '*\n');
  const next = emptyLock();
  const done: InstalledRole[] = [];
  const staging = join(projectDir, INSTALL_DIR, `installing-${process.pid}`);
  try {
    for (const req of roles) done.push(await installRole(req, projectDir, lock, next, staging, opts));
    for (const req of collections) done.push(await installCollection(req, projectDir, lock, next, staging, opts));
  } finally {
    if (existsSync(staging)) await rm(staging, { recursive: true, force: true });
  }
  // What is no longer required leaves the lock and the install folder.
  for (const kind of ['role', 'collection'] as const) {
    const section = kind === 'role' ? 'roles' : 'collections';
    for (const name of lock[section].keys()) if (!next[section].has(name)) await rm(installedPath(projectDir, kind, name), { recursive: true, force: true });
  }
  await writeLock(projectDir, next);
  return done;
}

/** The locked commit to install again, unless updating or the requirement changed since it was locked. */
const pinOf = (locked: LockedRole | undefined, src: string, version: string | undefined, opts: InstallOptions) =>
  !opts.update && locked && locked.src === src && locked.version === version ? locked.commit : undefined;

async function installRole(req: RoleRequirement, projectDir: string, lock: Lock, next: Lock, staging: string, opts: InstallOptions): Promise<InstalledRole> {
  const locked = lock.roles.get(req.name);
  const pinned = pinOf(locked, req.src, req.version, opts);
  const dest = installedPath(projectDir, 'role', req.name);
  const r = await place(req, dest, staging, pinned, `role ${JSON.stringify(req.name)}`, opts, async () => dest);
  next.roles.set(req.name, { commit: r.commit, src: req.src, version: req.version });
  return { name: req.name, kind: 'role', src: req.src, ...r, ...moved(locked, r.commit) };
}

async function installCollection(req: CollectionRequirement, projectDir: string, lock: Lock, next: Lock, staging: string, opts: InstallOptions): Promise<InstalledRole> {
  // A collection's name is in its galaxy.yml: the lock entry is found by source and version.
  const entry = [...lock.collections].find(([, l]) => l.src === req.src && l.version === req.version);
  const pinned = entry ? pinOf(entry[1], req.src, req.version, opts) : undefined;
  let name = entry?.[0];
  const known = name && pinned ? installedPath(projectDir, 'collection', name) : undefined;
  const r = await place(req, known, staging, pinned, `collection ${req.src}`, opts, async (dir) => {
    name = await collectionName(dir, req);
    return installedPath(projectDir, 'collection', name);
  });
  next.collections.set(name!, { commit: r.commit, src: req.src, version: req.version });
  return { name: name!, kind: 'collection', src: req.src, ...r, ...moved(entry?.[1], r.commit) };
}

const moved = (locked: LockedRole | undefined, commit: string) => (locked && locked.commit !== commit ? { previous: locked.commit } : {});

/**
 * Install at `pinned` (or the version's commit) unless `known` (the destination, when it is known before
 * cloning) is already there; `destOf` names the destination from the checkout.
 */
async function place(
  req: { src: string; version?: string; loc: RoleRequirement['loc'] },
  known: string | undefined,
  staging: string,
  pinned: string | undefined,
  what: string,
  opts: InstallOptions,
  destOf: (checkout: string) => Promise<string>,
): Promise<{ commit: string; action: InstallAction }> {
  if (known && pinned && installedCommit(known) === pinned && !opts.force) return { commit: pinned, action: 'unchanged' };
  const commit = await checkoutAt(req, staging, pinned, what);
  const dest = await destOf(staging);
  const current = installedCommit(dest);
  await rm(dest, { recursive: true, force: true });
  await mkdir(dirname(dest), { recursive: true });
  await rename(staging, dest);
  return { commit, action: current === commit ? 'unchanged' : current === undefined ? 'installed' : 'updated' };
}

/** `namespace.name` from the collection's galaxy.yml. */
async function collectionName(dir: string, req: CollectionRequirement): Promise<string> {
  const file = ['galaxy.yml', 'galaxy.yaml'].map((f) => join(dir, f)).find(existsSync);
  const meta = file ? (parse(await readFile(file, 'utf8')) as { namespace?: unknown; name?: unknown } | null) : undefined;
  const ok = (v: unknown): v is string => typeof v === 'string' && /^[a-z0-9_]+$/.test(v);
  if (!meta || !ok(meta.namespace) || !ok(meta.name)) {
    throw new RoleInstallError(`collection ${req.src}: no galaxy.yml with namespace and name at the top of the repository`, req.loc, 'a collection repository has galaxy.yml (namespace: ns, name: coll) beside roles/');
  }
  return `${meta.namespace}.${meta.name}`;
}
