// Check mode's predictions for the file modules (Change.predicts): the reads of a path (its stats, its
// content) as they will be once a planned write or mkdir is applied, keyed exactly as file-state.ts keys
// them. A later task of the same run then plans against them: a copy into a directory `file` would create, a
// lineinfile on the file `copy` would write. What a plan cannot know (a new file's inode, the uid a name
// maps to) is left as a placeholder no module compares.

import { createHash } from 'node:crypto';
import { wantedMode, type AttrParams } from './attrs.js';
import { contentKey, isDirectoryKey, statKey, type FileStat } from './file-state.js';

/** The umask assumed for a path that does not exist yet (no read of it carried the host's). */
const DEFAULT_UMASK = 0o022;

/** The stat a path will have: `old`'s attributes (or a new path's defaults) with the asked ones applied. */
function predictedStat(type: 'file' | 'directory', want: AttrParams, old: FileStat | null, size: number): FileStat {
  const umask = old?.umask ?? DEFAULT_UMASK;
  const base: FileStat = old
    ? { ...old, type, size }
    : { type, mode: (type === 'directory' ? 0o777 : 0o666) & ~umask, uid: -1, gid: -1, owner: '', group: '', size, inode: 0, dev: 0, nlink: 1, umask };
  delete base.sha256;
  delete base.realpath;
  delete base.target;
  const st: FileStat = { ...base, mode: wantedMode(want.mode, base) ?? base.mode };
  if (want.owner !== undefined) Object.assign(st, { owner: want.owner, uid: /^\d+$/.test(want.owner) ? Number(want.owner) : st.uid });
  if (want.group !== undefined) Object.assign(st, { group: want.group, gid: /^\d+$/.test(want.group) ? Number(want.group) : st.gid });
  return st;
}

/** Every stat read of `path` (followed or not, with or without checksum), and its content read. */
function readsOf(path: string, st: FileStat, content: Buffer | null): Record<string, unknown> {
  const sha256 = content === null ? undefined : createHash('sha256').update(content).digest('hex');
  const withSum = sha256 === undefined ? st : { ...st, sha256 };
  return {
    [statKey(path)]: st,
    [statKey(path, { follow: true })]: { ...st, realpath: path },
    [statKey(path, { checksum: true })]: withSum,
    [statKey(path, { follow: true, checksum: true })]: { ...withSum, realpath: path },
    [contentKey(path)]: content,
    [isDirectoryKey(path)]: st.type === 'directory',
  };
}

/** `path` (not a link) will be a regular file holding `content`; `old` is the file it replaces, if any. */
export function predictFile(path: string, content: Buffer, want: AttrParams, old: FileStat | null): Record<string, unknown> {
  return readsOf(path, predictedStat('file', want, old, content.length), content);
}

/** `path` will be a new, empty directory. */
export function predictDirectory(path: string, want: AttrParams): Record<string, unknown> {
  return readsOf(path, predictedStat('directory', want, null, 4096), null);
}
