// Directory copies for copy (a controller directory, or with remote_src a directory on the host): the
// source as a list of directories and files, compared with ONE listing of the destination (find with the
// sha256 of every file), so a tree that is already as asked costs one round trip; only the files that
// differ are planned one by one, through planContent (their reads batched into one more round trip).

import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { ModuleFailure } from '../../engine/errors.js';
import { cmd } from '../../engine/quote.js';
import type { Change, ModuleContext, Plan } from '../../engine/module-api/module.js';
import { attrDelta, type AttrParams } from './attrs.js';
import { contentFacts, planContent, type ContentTarget, type LazyContent } from './content.js';
import { statFact, type FileStat } from './file-state.js';
import { findFact, type FoundEntry, type FoundTree } from './find-state.js';
import type { ModeParam } from './mode.js';

export interface TreeEntry {
  /** Path relative to the copied directory ('' is the directory itself). */
  rel: string;
  kind: 'dir' | 'file';
  content?: LazyContent;
  /** The source's permission bits, for mode: preserve. */
  mode?: number;
}

export interface TreeTarget extends Omit<ContentTarget, 'dest'> {
  directory_mode?: ModeParam;
  /** Without mode/directory_mode, files and new directories get their source's mode (Ansible's remote_src copytree). */
  preserveModes?: boolean;
}

/** A controller directory as tree entries (links followed, as Ansible's local_follow default). */
export async function controllerTree(root: string): Promise<TreeEntry[]> {
  const out: TreeEntry[] = [{ rel: '', kind: 'dir' }];
  const walk = async (rel: string): Promise<void> => {
    for (const name of (await readdir(join(root, rel))).sort()) {
      const r = rel ? `${rel}/${name}` : name;
      const st = await stat(join(root, r));
      if (st.isDirectory()) {
        out.push({ rel: r, kind: 'dir', mode: st.mode & 0o7777 });
        await walk(r);
      } else if (st.isFile()) {
        const bytes = await readFile(join(root, r));
        const content = { sha256: createHash('sha256').update(bytes).digest('hex'), sha1: createHash('sha1').update(bytes).digest('hex'), size: bytes.length, load: async () => bytes };
        out.push({ rel: r, kind: 'file', content, mode: st.mode & 0o7777 });
      }
    }
  };
  await walk('');
  return out;
}

/** A directory on the host as tree entries, from its listing (contents read only when a file must be written). */
export function hostTree(ctx: ModuleContext, root: string, listing: FoundTree): TreeEntry[] {
  if (!listing.ok) throw new ModuleFailure(`cannot read ${root}: ${listing.error}`);
  const base = root.replace(/\/+$/, '') || '/';
  const out: TreeEntry[] = [{ rel: '', kind: 'dir' }];
  for (const e of listing.entries) {
    const rel = posix.relative(base, posix.normalize(e.path));
    const kind = e.rawMode & 0o170000;
    if (kind === 0o040000) out.push({ rel, kind: 'dir', mode: e.rawMode & 0o7777 });
    else if (kind === 0o100000) {
      const sha256 = listing.sums.get(e.path);
      if (!sha256) throw new ModuleFailure(`could not read ${e.path} on the host`);
      const load = async () => (await ctx.conn.get(e.path)) ?? Promise.reject(new ModuleFailure(`${e.path} disappeared before it could be copied`));
      out.push({ rel, kind: 'file', content: { sha256, size: e.size, load }, mode: e.rawMode & 0o7777 });
    }
  }
  return out.sort((a, b) => a.rel.localeCompare(b.rel));
}

/** The facts planTree reads first: the destination directory and its listing (batch them with the source's). */
export const treeDestFacts = (destRoot: string) => [statFact(destRoot, { follow: true }), findFact(destRoot, { follow: false, checksum: 'sha256' })] as const;

function asStat(e: FoundEntry, umask: number): FileStat {
  const fmt = e.rawMode & 0o170000;
  const type = fmt === 0o100000 ? 'file' : fmt === 0o040000 ? 'directory' : fmt === 0o120000 ? 'link' : 'other';
  return { type, mode: e.rawMode & 0o7777, uid: e.uid, gid: e.gid, owner: e.owner, group: e.group, size: e.size, inode: e.inode, dev: e.dev, nlink: e.nlink, umask };
}

const modeArg = (m: ModeParam) => (typeof m === 'number' ? m.toString(8) : m);

export async function planTree(ctx: ModuleContext, entries: TreeEntry[], destRoot: string, t: TreeTarget): Promise<Plan> {
  const [rootSt, listing] = await ctx.facts(...treeDestFacts(destRoot));
  if (rootSt && rootSt.type !== 'directory') throw new ModuleFailure(`${destRoot} exists and is not a directory`, {}, { hint: 'remove it, or choose another dest' });
  const base = destRoot.replace(/\/+$/, '') || '/';
  const have = new Map<string, { e: FoundEntry; sum?: string }>();
  if (rootSt && listing.ok) for (const e of listing.entries) have.set(posix.relative(base, posix.normalize(e.path)), { e, sum: listing.sums.get(e.path) });
  const at = (rel: string) => (rel ? posix.join(base, rel) : base);
  const changes: Change[] = [];
  for (const d of entries.filter((x) => x.kind === 'dir')) {
    const cur = d.rel === '' ? (rootSt ? 'dir' : undefined) : have.get(d.rel) && ((have.get(d.rel)!.e.rawMode & 0o170000) === 0o040000 ? 'dir' : 'other');
    if (cur === 'other') throw new ModuleFailure(`${at(d.rel)} exists and is not a directory`);
    if (cur) continue;
    const dirMode = t.directory_mode ?? (t.preserveModes ? d.mode : undefined);
    const chmod = dirMode === undefined ? '' : cmd` && chmod -- ${modeArg(dirMode)} ${at(d.rel)}`;
    changes.push({ summary: `create directory ${at(d.rel)}${dirMode === undefined ? '' : ` (mode ${modeArg(dirMode)})`}`, run: cmd`mkdir -p -- ${at(d.rel)}` + chmod });
  }
  const umask = rootSt?.umask ?? 0o022;
  const files = entries.filter((x) => x.kind === 'file');
  const wantOf = (f: TreeEntry): AttrParams => ({ ...t, mode: t.mode === 'preserve' || (t.mode === undefined && t.preserveModes) ? f.mode : t.mode });
  const differing = files.filter((f) => {
    const cur = have.get(f.rel);
    if (!cur || (cur.e.rawMode & 0o170000) !== 0o100000) return true;
    if (t.force === false) return false;
    return cur.sum !== f.content!.sha256 || attrDelta(asStat(cur.e, umask), wantOf(f)).items.length > 0;
  });
  // Every read the per-file plans make, in one round trip.
  if (differing.length) await ctx.facts(...differing.flatMap((f) => contentFacts(at(f.rel))));
  for (const f of differing) {
    const plan = await planContent(ctx, f.content!, { ...t, mode: wantOf(f).mode, dest: at(f.rel) }, true);
    changes.push(...plan.changes);
  }
  const data = { dest: destRoot };
  return { changes, data, reason: changes.length ? undefined : `${destRoot}: ${files.length} file(s) and ${entries.length - files.length} directories already as asked` };
}
