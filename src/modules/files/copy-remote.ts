// copy with remote_src (a file or directory already on the host), and where a directory copy lands —
// Ansible's rule: `src/` copies what the directory holds into dest, `src` copies the directory itself
// into dest (dest/<name of src>).

import { stat } from 'node:fs/promises';
import { posix } from 'node:path';
import { ModuleFailure } from '../../engine/errors.js';
import type { ModuleContext, Plan } from '../../engine/module-api/module.js';
import { contentFacts, planContent, resolveDest, type ContentTarget } from './content.js';
import { hostTree, planTree, treeDestFacts, type TreeTarget } from './copy-tree.js';
import { statFact } from './file-state.js';
import { findFact } from './find-state.js';
import { checksumFact } from './stat.js';

/** Where a directory copy's top lands. */
export function treeRoot(src: string, dest: string): string {
  return src.endsWith('/') ? dest : posix.join(dest, posix.basename(src));
}

/** The controller directory src names, or undefined when it is a file. */
export async function controllerDir(ctx: ModuleContext, src: string): Promise<string | undefined> {
  const path = await ctx.findFile('files', src.replace(/(.)\/+$/, '$1'));
  return (await stat(path)).isDirectory() ? path : undefined;
}

export interface RemoteCopy extends TreeTarget {
  src: string;
  dest: string;
}

/**
 * src on the host. Everything a no-op needs is read in ONE round trip: src (stat with sha256 and sha1, and
 * its listing in case it is a directory), and dest as a file, as a directory, and as the directory's new top.
 */
export async function planRemoteCopy(ctx: ModuleContext, p: RemoteCopy): Promise<Plan> {
  if (p.src === undefined) throw new ModuleFailure('remote_src needs src', {}, { hint: 'src: a path on the host' });
  const srcPath = p.src.replace(/(.)\/+$/, '$1');
  const inside = posix.join(p.dest, posix.basename(srcPath));
  const [st, sha1, listing] = await ctx.facts(
    statFact(srcPath, { follow: true, checksum: true }),
    checksumFact(srcPath, 'sha1', true),
    findFact(srcPath, { follow: true, checksum: 'sha256' }),
    ...treeDestFacts(treeRoot(p.src, p.dest)),
    ...contentFacts(p.dest),
    ...contentFacts(inside),
  );
  if (!st) throw new ModuleFailure(`Source ${p.src} not found`, {}, { hint: 'with remote_src, src is a path on the host' });
  if (st.type === 'directory') {
    const plan = await planTree(ctx, hostTree(ctx, srcPath, listing), treeRoot(p.src, p.dest), { ...p, preserveModes: true });
    return { ...plan, data: { ...plan.data, src: p.src } };
  }
  if (st.type !== 'file') throw new ModuleFailure(`Source ${p.src} is not a regular file`);
  const content = { sha256: st.sha256!, sha1, size: st.size, load: async () => (await ctx.conn.get(srcPath)) ?? Promise.reject(new ModuleFailure(`Source ${p.src} disappeared`)) };
  const { path, makeParents } = await resolveDest(ctx, p.dest, posix.basename(srcPath));
  const mode = p.mode === 'preserve' ? st.mode : p.mode;
  const target: ContentTarget = { ...p, mode, dest: path };
  const plan = await planContent(ctx, content, target, makeParents);
  return { ...plan, data: { ...plan.data, src: p.src } };
}
