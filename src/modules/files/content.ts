// Putting whole-file content on a host, shared by copy and file_template: find the real destination (into
// a directory, as Ansible does), compare by sha256 computed ON THE HOST (an equal file never travels),
// write atomically only when different, then fix attributes. Destination, its parent and the file inside
// a directory destination are read in one round trip.

import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { posix } from 'node:path';
import { ModuleFailure } from '../../engine/errors.js';
import { cmd } from '../../engine/quote.js';
import type { Change, ModuleContext, Plan } from '../../engine/module-api/module.js';
import { attrChange, checkMode, describeNew, putOptions, runOrFail, type AttrParams } from './attrs.js';
import { diffText } from './diff-text.js';
import { statFact, type FileStat } from './file-state.js';

export interface ContentTarget extends AttrParams {
  dest: string;
  backup?: boolean;
  /** false: leave an existing file alone, whatever it holds. */
  force?: boolean;
}

const fileStat = (path: string) => statFact(path, { follow: true, checksum: true });

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
  const paths = [dest, posix.dirname(dest), ...(inside ? [inside, posix.dirname(inside)] : [])];
  const [st] = await ctx.facts(...paths.map(fileStat));
  const isDir = dest.endsWith('/') || st?.type === 'directory';
  if (!isDir) return { path: dest, makeParents: false };
  if (inside === undefined) throw new ModuleFailure(`can not use content with a dir as dest (${dest})`, {}, { hint: 'give dest as a file path' });
  return { path: inside, makeParents: st === null };
}

export async function planContent(ctx: ModuleContext, content: Buffer, t: ContentTarget, makeParents = false): Promise<Plan> {
  checkMode(t.mode);
  const parentPath = posix.dirname(t.dest);
  const [st, parent] = await ctx.facts(fileStat(t.dest), fileStat(parentPath));
  const sha256 = createHash('sha256').update(content).digest('hex');
  const data = { dest: t.dest, checksum: createHash('sha1').update(content).digest('hex'), size: content.length };
  if (st && st.type !== 'file') {
    throw new ModuleFailure(`${t.dest} exists and is a ${st.type}, not a regular file`, data, { hint: 'remove it first (file: state=absent) or choose another dest' });
  }
  if (st && t.force === false) return { changes: [], data: { ...data, msg: 'file already exists' }, reason: `${t.dest} exists and force is false` };
  if (!st && !makeParents && parent?.type !== 'directory') {
    throw new ModuleFailure(`Destination directory ${parentPath} does not exist`, data, { hint: 'create it first (file: state=directory), or end dest with / to copy into a new directory' });
  }

  const changes: Change[] = [];
  if (st?.sha256 !== sha256) changes.push(await contentChange(ctx, content, t, st, makeParents));
  // Attributes are compared on what a link points to, so they are set there too (else never idempotent).
  const attrs = st && attrChange(ctx.conn, st.realpath ?? t.dest, st, t);
  if (attrs) changes.push(attrs);
  return { changes, data, reason: changes.length ? undefined : `${t.dest} is up to date (sha256 ${sha256.slice(0, 12)}…, same attributes)` };
}

async function contentChange(ctx: ModuleContext, content: Buffer, t: ContentTarget, st: FileStat | null, makeParents: boolean): Promise<Change> {
  // The old text is only needed to show a diff: read it in diff mode, never just to compare.
  const before = st && ctx.diff ? diffText(await ctx.conn.get(t.dest)) : st ? '(not read: run with --diff to see the old content)\n' : '';
  return {
    summary: st ? `update content of ${t.dest}` : `create ${t.dest}${describeNew(t)}`,
    diff: { header: t.dest, before, after: diffText(content) },
    apply: async () => {
      if (makeParents) await runOrFail(ctx.conn, cmd`mkdir -p -- ${posix.dirname(t.dest)}`, `creating ${posix.dirname(t.dest)}`);
      // Only what the plan compared may be replaced: the file it hashed, or none (lost updates).
      const r = await ctx.conn.put(t.dest, content, { ...putOptions(t, st, t.backup), expect: st ? st.sha256 : 'absent' });
      return r.backupFile ? { backup_file: r.backupFile } : {};
    },
  };
}

/** Read a controller file for copy/file_template; a missing one fails with where it was looked for. */
export async function readControllerFile(ctx: ModuleContext, kind: 'files' | 'templates', src: string): Promise<{ path: string; bytes: Buffer }> {
  const path = await ctx.findFile(kind, src);
  return { path, bytes: await readFile(path) };
}
