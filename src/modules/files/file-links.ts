// `file: state=link|hard`, as Ansible's ensure_symlink/ensure_hardlink: a symlink is left alone when it
// already points at src, replaced when it points elsewhere, and never replaces a file or a directory
// without `force` (a directory only when empty); a hard link is right when path and src are the same inode.

import { posix } from 'node:path';
import { ModuleFailure } from '../../engine/errors.js';
import { cmd } from '../../engine/quote.js';
import type { Change, ModuleContext, Plan } from '../../engine/module-api/module.js';
import { attrChange, runOrFail, setAttrsCommand, type AttrParams } from './attrs.js';
import { statFact, type FileStat } from './file-state.js';
import { treeFact } from './tree.js';

export interface LinkParams extends AttrParams {
  path: string;
  src: string;
  force: boolean;
}

/** src as the link's directory sees it (that is how `ln -s SRC PATH` reads a relative src). */
export function linkSrcPath(path: string, src: string): string {
  return posix.isAbsolute(src) ? src : posix.join(posix.dirname(path), src);
}

export function stateDiff(path: string, before: string, after: string): Change['diff'] {
  return { header: path, before: `${before}\n`, after: `${after}\n` };
}

function change(ctx: ModuleContext, summary: string, diff: Change['diff'], command: string): Change {
  return { summary, diff, apply: async () => void (await runOrFail(ctx.conn, command, summary)) };
}

export async function planSymlink(ctx: ModuleContext, p: LinkParams, cur: FileStat | null, srcSt: FileStat | null): Promise<Plan> {
  const { path, src } = p;
  const data = { path, state: 'link', src };
  const after = `state: link\nsrc: ${src}`;
  if (cur?.type === 'link' && cur.target === src) {
    const attrs = attrChange(ctx.conn, path, cur, { owner: p.owner, group: p.group });
    return { changes: attrs ? [attrs] : [], data, reason: `${path} already links to ${src}` };
  }
  if (!srcSt && !p.force) {
    throw new ModuleFailure(`src file does not exist, use "force=yes" if you really want to create the link: ${linkSrcPath(path, src)}`, data);
  }
  // A new link belongs to whoever made it: set the ownership asked for in the same command.
  const owned = setAttrsCommand(path, { owner: p.owner, group: p.group });
  const owner = (make: string) => (owned ? `${make} && ${owned}` : make);
  if (!cur) return { changes: [change(ctx, `link ${path} -> ${src}`, stateDiff(path, 'state: absent', after), owner(cmd`ln -s -- ${src} ${path}`))], data };
  if (cur.type === 'link') {
    const diff = stateDiff(path, `state: link\nsrc: ${cur.target}`, after);
    return { changes: [change(ctx, `relink ${path} -> ${src} (was ${cur.target})`, diff, owner(cmd`ln -sfn -- ${src} ${path}`))], data };
  }
  if (!p.force) throw new ModuleFailure(`refusing to convert from ${cur.type} to symlink for ${path}`, data, { hint: 'set force: yes to replace it' });
  const diff = stateDiff(path, `state: ${cur.type}`, after);
  if (cur.type === 'directory') {
    const [entries] = await ctx.facts(treeFact(path));
    if (entries.length > 0) throw new ModuleFailure(`the directory ${path} is not empty, refusing to convert it`, data);
    return { changes: [change(ctx, `replace empty directory ${path} with a link to ${src}`, diff, owner(cmd`rmdir -- ${path} && ln -s -- ${src} ${path}`))], data };
  }
  return { changes: [change(ctx, `replace ${cur.type} ${path} with a link to ${src}`, diff, owner(cmd`rm -f -- ${path} && ln -s -- ${src} ${path}`))], data };
}

export async function planHardlink(ctx: ModuleContext, p: LinkParams, cur: FileStat | null, srcSt: FileStat | null): Promise<Plan> {
  const { path, src } = p;
  const srcPath = linkSrcPath(path, src);
  const data = { path, state: 'hard', src };
  if (!srcSt) throw new ModuleFailure(`src does not exist: ${srcPath}`, data, { hint: 'a hard link needs an existing file to point at' });
  if (cur && cur.inode === srcSt.inode && cur.dev === srcSt.dev) {
    const attrs = attrChange(ctx.conn, path, cur, p);
    return { changes: attrs ? [attrs] : [], data, reason: `${path} is already a hard link to ${src}` };
  }
  // Ansible replaces what is already a hard link (link count > 1) without force, anything else only with it.
  if (cur && !(cur.type === 'file' && cur.nlink > 1) && !p.force) {
    throw new ModuleFailure(`Cannot link: ${path} exists (a ${cur.type})`, data, { hint: 'set force: yes to replace it' });
  }
  const diff = stateDiff(path, cur ? `state: ${cur.type}` : 'state: absent', `state: hard\nsrc: ${src}`);
  const changes = [change(ctx, `hard link ${path} => ${src}`, diff, cmd`ln -f -- ${srcPath} ${path}`)];
  // Once linked, path is src's inode: its attributes are src's.
  const attrs = attrChange(ctx.conn, path, srcSt, p);
  if (attrs) changes.push(attrs);
  return { changes, data };
}

/** The stat of what src names, fetched with the path's own stat in one round trip. */
export function linkSrcFact(path: string, src: string) {
  return statFact(linkSrcPath(path, src), { follow: true });
}
