// Facts about files, pyinfra style: each a tiny object with the command that reads it and the parser of
// its output, shared by file, copy, file_template, lineinfile, blockinfile, json_file and stat. A missing
// path is `null`, never an empty value, so "missing" and "empty" can't be confused. Hosts are Linux with
// GNU coreutils or BusyBox (`stat -c`, `sha256sum`, `base64`, `readlink -f`).

import { ModuleFailure } from '../../engine/errors.js';
import { cmd } from '../../engine/quote.js';
import type { Fact, ModuleContext } from '../../engine/module-api/module.js';

export type FileType = 'file' | 'directory' | 'link' | 'other';

export interface FileStat {
  type: FileType;
  /** Permission bits, setuid/setgid/sticky included (`0o644`). */
  mode: number;
  uid: number;
  gid: number;
  owner: string;
  group: string;
  size: number;
  /** Inode, device and link count: tell whether two paths are the same file (hard links). */
  inode: number;
  dev: number;
  nlink: number;
  /** The umask of the shell that read the fact (for new files and symbolic modes). */
  umask: number;
  /** sha256 of a regular file's content, when asked for. */
  sha256?: string;
  /** Where a symbolic link points (not followed), when the stat did not follow links. */
  target?: string;
  /** The path with every link resolved, when the stat followed links. */
  realpath?: string;
}

const MISSING = 3;

function typeOf(rawHexMode: string): FileType {
  const fmt = parseInt(rawHexMode, 16) & 0o170000;
  return fmt === 0o100000 ? 'file' : fmt === 0o040000 ? 'directory' : fmt === 0o120000 ? 'link' : 'other';
}

function readError(what: string, path: string, code: number, stderr: string): Error {
  return new Error(`could not read ${what} of ${path}: ${stderr.trim() || `exit code ${code}`}`);
}

/**
 * stat of `path`. `follow`: stat what a link points to (a dangling link counts as missing) and report the
 * resolved path; `checksum`: add the sha256 of a regular file, computed on the host (the file never travels).
 */
export function statFact(path: string, opts: { follow?: boolean; checksum?: boolean } = {}): Fact<FileStat | null> {
  const exists = opts.follow ? cmd`[ -e ${path} ]` : cmd`{ [ -e ${path} ] || [ -L ${path} ]; }`;
  const lines = [
    `${exists} || exit ${MISSING}`,
    'umask',
    `${opts.follow ? 'stat -L' : 'stat'} ${cmd`-c '%f %a %u %g %s %i %d %h %U %G' -- ${path}`} || exit 1`,
  ];
  // sha256sum reads stdin so that no file name needs escaping in its output.
  if (opts.checksum) lines.push(cmd`if [ -f ${path} ]; then printf 'sha256 '; sha256sum < ${path} || exit 1; fi`);
  // The link target / real path comes last: everything after its tag is the path (newlines included).
  if (opts.follow) lines.push(cmd`printf R; readlink -f -- ${path}`);
  else lines.push(cmd`if [ -L ${path} ]; then printf L; readlink -- ${path}; fi`);
  return {
    key: statKey(path, opts),
    command: lines.join('\n'),
    query: { op: 'stat', path, follow: !!opts.follow, checksum: !!opts.checksum },
    parse(stdout, code, stderr) {
      if (code === MISSING) return null;
      if (code !== 0) throw readError('the attributes', path, code, stderr);
      return parseStat(stdout);
    },
  };
}

/** The cache key of a stat read (predictions in check mode are keyed the same way). */
export function statKey(path: string, opts: { follow?: boolean; checksum?: boolean } = {}): string {
  return `stat${opts.follow ? '-follow' : ''}${opts.checksum ? '-sha256' : ''}:${path}`;
}

export function parseStat(stdout: string): FileStat {
  const [umaskLine = '', statLine = '', ...rest] = stdout.split('\n');
  const [hex = '', perm = '', uid = '', gid = '', size = '', inode = '', dev = '', nlink = '', owner = '', group = ''] = statLine.split(' ');
  const st: FileStat = {
    type: typeOf(hex),
    mode: parseInt(perm, 8),
    uid: Number(uid),
    gid: Number(gid),
    owner,
    group,
    size: Number(size),
    inode: Number(inode),
    dev: Number(dev),
    nlink: Number(nlink),
    umask: parseInt(umaskLine, 8),
  };
  let tail = rest.join('\n');
  const sum = /^sha256 ([0-9a-f]{64}).*\n/.exec(tail);
  if (sum) {
    st.sha256 = sum[1];
    tail = tail.slice(sum[0].length);
  }
  const path = tail.endsWith('\n') ? tail.slice(1, -1) : tail.slice(1);
  if (tail.startsWith('L')) st.target = path;
  if (tail.startsWith('R')) st.realpath = path;
  return st;
}

/** The largest file the in-place editors read (its base64 must fit in one JavaScript string, with room to spare). */
export const MAX_EDIT_BYTES = 64 * 1024 * 1024;
const TOO_LARGE = 4;

/** The cache key of a content read. */
export function contentKey(path: string, limit = MAX_EDIT_BYTES): string {
  return `content:${limit}:${path}`;
}

/**
 * The bytes of a file (following links): null when there is no file at all — or when the path is not a
 * regular file, which the stat read beside it tells apart. Sent base64 so any byte survives the trip. A file
 * larger than `limit` is refused on the host, before a byte is sent.
 */
export function contentFact(path: string, limit = MAX_EDIT_BYTES): Fact<Buffer | null> {
  return {
    key: contentKey(path, limit),
    query: { op: 'content', path, limit },
    command: cmd`[ -f ${path} ] || exit ${MISSING}\nsize=$(wc -c < ${path}) || exit 1\nif [ $((size)) -gt ${limit} ]; then echo $((size)); exit ${TOO_LARGE}; fi\nbase64 < ${path}`,
    parse(stdout, code, stderr) {
      if (code === MISSING) return null;
      if (code === TOO_LARGE) {
        throw new ModuleFailure(`${path} is ${stdout.trim()} bytes, larger than the ${limit} bytes runbook reads to edit a file in place`, { size: Number(stdout.trim()) }, {
          hint: 'edit a file this large with a command (sed -i, a script), or keep what runbook manages in a smaller file beside it (an include, a conf.d/ directory)',
        });
      }
      if (code !== 0) throw readError('the content', path, code, stderr);
      return Buffer.from(stdout.replace(/\s+/g, ''), 'base64');
    },
  };
}

/** The cache key of an is-a-directory read (predictions are keyed the same way). */
export function isDirectoryKey(path: string): string {
  return `isdir:${path}`;
}

/**
 * Whether `path` is a directory, links followed: all a write needs to know of the file's parent. The shell's
 * `[ -d ]` answers it, where a stat of the parent would start a process on a first run.
 */
export function isDirectoryFact(path: string): Fact<boolean> {
  return {
    key: isDirectoryKey(path),
    query: { op: 'isdir', path },
    command: cmd`[ -d ${path} ]`,
    parse(_stdout, code, stderr) {
      if (code === 0 || code === 1) return code === 0;
      throw readError('the type', path, code, stderr);
    },
  };
}

/** Whether anything matches a path or glob (command's creates/removes), relative to `chdir` if given. */
export function globExistsFact(pattern: string, chdir?: string): Fact<boolean> {
  // `$p` unquoted under an empty IFS gets pathname expansion only: the value is never read as code.
  const cd = chdir === undefined ? '' : cmd`cd -- ${chdir} || exit 2\n`;
  return {
    key: `glob:${chdir ?? ''}:${pattern}`,
    ...(chdir === undefined ? { query: { op: 'glob' as const, pattern } } : {}),
    command: `${cd}${cmd`p=${pattern}`}\nIFS=\nfor f in $p; do if [ -e "$f" ] || [ -L "$f" ]; then exit 0; fi; done\nexit 1`,
    parse(_stdout, code, stderr) {
      if (code === 2) throw new ModuleFailure(`Unable to change directory before execution: ${stderr.trim()}`, {}, { hint: 'check chdir' });
      return code === 0;
    },
  };
}

/** Fetch the facts that are defined, in one round trip; undefined stays undefined in its place. */
export async function fetchSome<T>(ctx: ModuleContext, facts: readonly (Fact<T> | undefined)[]): Promise<(T | undefined)[]> {
  const defined = facts.filter((f): f is Fact<T> => f !== undefined);
  const values = (await ctx.facts(...defined)) as T[];
  let i = 0;
  return facts.map((f) => (f === undefined ? undefined : values[i++]));
}
