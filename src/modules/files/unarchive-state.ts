// What unarchive compares: the archive's contents, extracted into a temporary directory (on the host for
// remote_src, on the controller otherwise) and listed the way find lists a tree (find-state.ts: type, mode,
// sha256 of every file), against the same listing of dest. Extraction uses the host's GNU tar (which
// recognises gzip, bzip2 and xz by itself) or unzip, with the task's exclude and extra_opts.

import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { ModuleFailure } from '../../engine/errors.js';
import { cmd, quote } from '../../engine/quote.js';
import type { Fact } from '../../engine/module-api/module.js';
import { findFact, type FoundEntry, type FoundTree } from './find-state.js';
import type { AttrParams } from './attrs.js';
import { resolveMode } from './mode.js';

export type ArchiveFormat = 'tar' | 'zip';

/** zip by name (as Ansible's handlers are tried, zip files are named so); everything else goes to tar. */
export function formatOf(src: string): ArchiveFormat {
  return /\.zip$/i.test(src) ? 'zip' : 'tar';
}

/** The words extracting `archive` into `dir`. */
export function extractArgs(format: ArchiveFormat, archive: string, dir: string, exclude: string[], extra: string[]): string[] {
  if (format === 'zip') return ['unzip', '-o', '-qq', ...extra, archive, ...(exclude.length ? ['-x', ...exclude] : []), '-d', dir];
  return ['tar', '--extract', '--file', archive, '-C', dir, ...exclude.map((e) => `--exclude=${e}`), ...extra];
}

/** Stands for the temporary directory among the extraction's words (a NUL never is in an argument). */
const DIR = '\0dir';
const NO_ARCHIVE = 5;
const EXTRACT_FAILED = 6;

/** The listing of what the host's archive holds (extracted in a temporary directory, removed at once). */
export function hostArchiveFact(format: ArchiveFormat, archive: string, exclude: string[], extra: string[]): Fact<FoundTree> {
  const list = findFact('.', { follow: false, checksum: 'sha256' });
  const script = [
    cmd`[ -f ${archive} ] || exit ${NO_ARCHIVE}`,
    'tmp=$(mktemp -d) || exit 1',
    `trap 'rm -rf -- "$tmp"' EXIT`,
    `${extractArgs(format, archive, DIR, exclude, extra).map((w) => (w === DIR ? '"$tmp"' : quote(w))).join(' ')} >&2 || exit ${EXTRACT_FAILED}`,
    'cd "$tmp" || exit 1',
    `(\n${list.command}\n)`,
  ].join('\n');
  return {
    key: `unarchive:${format}:${archive}:${JSON.stringify([exclude, extra])}`,
    command: script,
    parse(stdout, code, stderr) {
      if (code === NO_ARCHIVE) throw new ModuleFailure(`Source '${archive}' does not exist`, {}, { hint: 'with remote_src, src is a path on the host' });
      if (code === EXTRACT_FAILED || code !== 0) throw new ModuleFailure(`Failed to find handler for "${archive}" or to unpack it: ${stderr.trim()}`, {}, { hint: 'unarchive handles tar (gz, bz2, xz) and zip files; check extra_opts' });
      return list.parse(stdout, 0, '');
    },
  };
}

/** The same listing for an archive on the controller, extracted here. */
export async function controllerArchiveTree(format: ArchiveFormat, archive: string, exclude: string[], extra: string[]): Promise<FoundTree> {
  const dir = await mkdtemp(join(tmpdir(), 'runbook-unarchive-'));
  try {
    const list = findFact('.', { follow: false, checksum: 'sha256' });
    const [tool, ...args] = extractArgs(format, archive, dir, exclude, extra);
    await run(tool!, args, dir);
    const out = await run('sh', ['-c', list.command], dir);
    return list.parse(out.stdout, 0, out.stderr);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function run(file: string, args: string[], cwd: string): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { cwd, maxBuffer: 256 << 20, timeout: 600_000 }, (err, stdout, stderr) => {
      if (err) reject(new ModuleFailure(`could not unpack the archive: ${stderr.trim() || err.message}`, {}, { hint: 'unarchive handles tar (gz, bz2, xz) and zip files; check extra_opts' }));
      else resolve({ stdout, stderr });
    });
  });
}

const kindOf = (e: FoundEntry) => e.rawMode & 0o170000;
const rel = (p: string) => posix.normalize(p).replace(/^\.\//, '');
const FILE = 0o100000;
const DIR_KIND = 0o040000;
const LINK = 0o120000;
const sameId = (want: string, name: string, id: number) => want === name || want === String(id);

/**
 * The permission bits an extracted entry must have: the task's mode (resolved against the archived mode, as
 * chmod applies a symbolic one) when given, else a file's archived mode; undefined when not compared (a
 * link, or a directory without a mode asked).
 */
export function entryMode(e: FoundEntry, mode: AttrParams['mode']): number | undefined {
  if (kindOf(e) === LINK) return undefined;
  if (mode !== undefined) return resolveMode(mode, e.rawMode & 0o7777, kindOf(e) === DIR_KIND);
  return kindOf(e) === FILE ? e.rawMode & 0o7777 : undefined;
}

/** Whether an entry's owner and group are as asked (Ansible sets them on every member it unpacks). */
function ownedAsAsked(e: FoundEntry, want: AttrParams): boolean {
  return (want.owner === undefined || sameId(want.owner, e.owner, e.uid)) && (want.group === undefined || sameId(want.group, e.group, e.gid));
}

/** The archive's paths that dest lacks or has otherwise (type, content, mode, owner, group); [] when dest is up to date. */
export function differences(archive: FoundTree, dest: FoundTree, destRoot: string, want: AttrParams = {}): string[] {
  if (!archive.ok) throw new ModuleFailure(archive.error);
  const base = destRoot.replace(/\/+$/, '') || '/';
  const have = new Map<string, { e: FoundEntry; sum?: string }>();
  if (dest.ok) for (const e of dest.entries) have.set(posix.relative(base, posix.normalize(e.path)), { e, sum: dest.sums.get(e.path) });
  const out: string[] = [];
  for (const e of archive.entries) {
    const r = rel(e.path);
    const cur = have.get(r);
    const mode = entryMode(e, want.mode);
    const same =
      cur &&
      kindOf(cur.e) === kindOf(e) &&
      (kindOf(e) !== FILE || cur.sum === archive.sums.get(e.path)) &&
      (mode === undefined || (cur.e.rawMode & 0o7777) === mode) &&
      ownedAsAsked(cur.e, want);
    if (!same) out.push(r);
  }
  return out.sort();
}
