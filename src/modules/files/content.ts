// Putting whole-file content on a host, shared by copy and file_template: find the real destination (into
// a directory, as Ansible does), compare by sha256 computed ON THE HOST (an equal file never travels),
// write atomically only when different, then fix attributes. Destination, its parent and the file inside
// a directory destination are read in one round trip. A link at dest is either followed for everything
// (follow: true) or replaced (false): content and attributes always go to the same file.

import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { posix } from 'node:path';
import { MissingOnHost, ModuleFailure } from '../../engine/errors.js';
import { cmd } from '../../engine/quote.js';
import type { Change, ModuleContext, Plan } from '../../engine/module-api/module.js';
import { attrChange, checkMode, describeNew, runOrFail, type AttrParams } from './attrs.js';
import { diffSizeNote, diffText, MAX_DIFF_BYTES } from './diff-text.js';
import { contentFact, isDirectoryFact, statFact, type FileStat } from './file-state.js';
import { writeFile } from './write-file.js';
import { predictDirectory, predictFile } from './predict.js';

export interface ContentTarget extends AttrParams {
  dest: string;
  backup?: boolean;
  /** false: leave an existing file alone, whatever it holds. */
  force?: boolean;
  /** true: a link at dest is followed (content and attributes go to what it points to); false: it is replaced. */
  follow?: boolean;
  /** The validate command's words, checked on the candidate file before it replaces dest. */
  validateWords?: readonly string[];
}

/** The `follow` parameter of copy and file_template (Ansible's, same default). */
export const followSchema = {
  follow: {
    type: 'boolean',
    default: false,
    description:
      'When dest is a symbolic link: true writes the file it points to (content and attributes); false (the default, as Ansible) replaces the link itself with a regular file, and what it pointed to is left untouched.',
  },
} as const;

const fileStat = (path: string) => statFact(path, { follow: true, checksum: true });
const linkStat = (path: string) => statFact(path);

/**
 * The file to write: `dest`, or `dest/<basename>` when dest ends with `/` (parents are then created, as
 * Ansible's copy does) or is an existing directory. `basename` is undefined for inline content, which
 * cannot go into a directory.
 */
export async function resolveDest(
  ctx: ModuleContext,
  dest: string,
  basename: string | undefined,
): Promise<{ path: string; makeParents: boolean }> {
  const inside = basename === undefined ? undefined : posix.join(dest, basename);
  // Everything planContent may ask next is read now, so the whole plan costs one round trip.
  const read = await ctx.facts(...contentFacts(dest), ...(inside ? contentFacts(inside) : []));
  const st = read[0] as FileStat | null;
  const isDir = dest.endsWith('/') || st?.type === 'directory';
  if (!isDir) return { path: dest, makeParents: false };
  if (inside === undefined) throw new ModuleFailure(`can not use content with a dir as dest (${dest})`, {}, { hint: 'give dest as a file path' });
  return { path: inside, makeParents: st === null };
}

/**
 * Content known by its hash, read only when it must be written (a file on the host, for copy remote_src):
 * an unchanged file is never transferred.
 */
export interface LazyContent {
  sha256: string;
  /** Ansible's `checksum` in the result, when known. */
  sha1?: string;
  size: number;
  load(): Promise<Buffer>;
}

/** The facts planContent reads for `dest`: fetch them for many files at once, and each plan costs no round trip. */
export const contentFacts = (dest: string) => [fileStat(dest), linkStat(dest), isDirectoryFact(posix.dirname(dest))] as const;

export async function planContent(ctx: ModuleContext, source: Buffer | LazyContent, t: ContentTarget, makeParents = false): Promise<Plan> {
  checkMode(t.mode);
  const parentPath = posix.dirname(t.dest);
  const [followed, own, parentIsDir] = await ctx.facts(...contentFacts(t.dest));
  const lazy = Buffer.isBuffer(source) ? undefined : source;
  const sha256 = lazy ? lazy.sha256 : createHash('sha256').update(source as Buffer).digest('hex');
  const data = { dest: t.dest, checksum: lazy ? lazy.sha1 : createHash('sha1').update(source as Buffer).digest('hex'), size: lazy ? lazy.size : (source as Buffer).length };
  // Read the content only once it is known to be needed (a write, a diff).
  const load = async (): Promise<Buffer> => (lazy ? lazy.load() : (source as Buffer));
  // Ansible's copy replaces a link unless follow is set; a dangling link is replaced either way.
  if (own?.type === 'link' && (!t.follow || followed === null)) {
    if (followed && t.force === false) return { changes: [], data: { ...data, msg: 'file already exists' }, reason: `${t.dest} exists and force is false` };
    return { changes: [replaceLinkChange(ctx, await load(), t, own)], data };
  }
  const st = followed;
  if (st && st.type !== 'file') {
    throw new ModuleFailure(`${t.dest} exists and is a ${st.type}, not a regular file`, data, { hint: 'remove it first (file: state=absent) or choose another dest' });
  }
  if (st && t.force === false) return { changes: [], data: { ...data, msg: 'file already exists' }, reason: `${t.dest} exists and force is false` };
  if (!st && !makeParents && !parentIsDir) {
    throw new MissingOnHost(`Destination directory ${parentPath} does not exist`, data, { hint: 'create it first (file: state=directory), or end dest with / to copy into a new directory' });
  }
  // With follow, everything happens at the path the link resolves to; without, dest is not a link.
  const path = st?.realpath ?? t.dest;
  const changes: Change[] = [];
  if (st?.sha256 !== sha256) changes.push(await contentChange(ctx, await load(), t, path, st, makeParents));
  const attrs = st && attrChange(ctx.conn, path, st, t);
  if (attrs) changes.push(attrs);
  return { changes, data, reason: changes.length ? undefined : `${t.dest} is up to date (sha256 ${sha256.slice(0, 12)}…, same attributes)` };
}

async function contentChange(ctx: ModuleContext, content: Buffer, t: ContentTarget, path: string, st: FileStat | null, makeParents: boolean): Promise<Change> {
  // The old text is only needed to show a diff: read it in diff mode (and only when it could be shown).
  const before = !st ? '' : !ctx.diff ? '(not read: run with --diff to see the old content)\n' : st.size > MAX_DIFF_BYTES ? diffSizeNote(st.size) : diffText((await ctx.facts(contentFact(path)))[0] ?? Buffer.alloc(0));
  // Through a followed link the file written is elsewhere: only a write at dest itself is predicted.
  const atDest = path === t.dest;
  const predicts = atDest ? { ...(makeParents ? predictDirectory(posix.dirname(t.dest), {}) : {}), ...predictFile(t.dest, content, t, st) } : undefined;
  return {
    summary: st ? `update content of ${t.dest}` : `create ${t.dest}${describeNew(t)}`,
    diff: { header: t.dest, before, after: diffText(content) },
    ...(predicts ? { predicts } : {}),
    apply: async () => {
      if (makeParents) await runOrFail(ctx.conn, cmd`mkdir -p -- ${posix.dirname(t.dest)}`, `creating ${posix.dirname(t.dest)}`);
      // Only what the plan compared may be replaced: the file it hashed, or none (lost updates).
      const r = await writeFile(ctx.conn, { path, content, want: t, st, backup: t.backup, expect: st ? st.sha256 : 'absent', validate: t.validateWords });
      return r.backupFile ? { backup_file: r.backupFile } : {};
    },
  };
}

/** dest is a link and follow is false: a new regular file takes its place; what it points to is never read or touched. */
function replaceLinkChange(ctx: ModuleContext, content: Buffer, t: ContentTarget, link: FileStat): Change {
  return {
    summary: `replace link ${t.dest} -> ${link.target ?? '?'} with a regular file${describeNew(t)}`,
    diff: { header: t.dest, before: `(symbolic link to ${link.target ?? '?'})\n`, after: diffText(content) },
    predicts: predictFile(t.dest, content, t, null),
    apply: async () => {
      const r = await writeFile(ctx.conn, { path: t.dest, content, want: t, st: null, backup: t.backup, replaceLink: true, expect: 'absent', validate: t.validateWords });
      return r.backupFile ? { backup_file: r.backupFile } : {};
    },
  };
}

/** Read a controller file for copy/file_template; a missing one fails with where it was looked for. */
export async function readControllerFile(ctx: ModuleContext, kind: 'files' | 'templates', src: string): Promise<{ path: string; bytes: Buffer }> {
  const path = await ctx.findFile(kind, src);
  return { path, bytes: await readFile(path) };
}
