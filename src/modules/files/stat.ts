// stat: read a path's attributes into the result (for register), as Ansible's stat — a subset of its dict
// with the same key names. Never changes anything; one round trip.

import { cmd, quote } from '../../engine/quote.js';
import { fetchSome, statFact, type FileStat } from './file-state.js';
import { formatMode } from './mode.js';
import { expandPaths } from './paths.js';
import { defineModule, type Fact } from '../../engine/module-api/module.js';

/** sha1 (Ansible's default) or sha256 of a regular file, computed on the host. */
export function checksumFact(path: string, algorithm: 'sha1' | 'sha256', follow: boolean): Fact<string | undefined> {
  const test = follow ? cmd`[ -f ${path} ]` : cmd`[ -f ${path} ] && [ ! -L ${path} ]`;
  return {
    key: `${algorithm}:${follow ? 'follow:' : ''}${path}`,
    command: `${test} || exit 0\n${algorithm}sum < ${quote(path)}`,
    parse: (stdout, code, stderr) => {
      if (code !== 0) throw new Error(`could not compute the ${algorithm} of ${path}: ${stderr.trim()}`);
      return /^[0-9a-f]+/.exec(stdout)?.[0];
    },
  };
}

export const stat = defineModule({
  name: 'stat',
  summary: "Read a path's attributes (exists, mode, owner, size, checksum...) into the result, for register.",
  aliases: { dest: 'path', name: 'path', checksum: 'checksum_algorithm', checksum_algo: 'checksum_algorithm' },
  params: {
    type: 'object',
    additionalProperties: false,
    required: ['path'],
    properties: {
      path: { type: 'string', description: 'The path to look at. ~ and $VARS are expanded on the host, as in Ansible.' },
      follow: { type: 'boolean', default: false, description: 'Describe what a symbolic link points to instead of the link.' },
      get_checksum: { type: 'boolean', default: true, description: 'Add the checksum of a regular file (computed on the host).' },
      checksum_algorithm: { enum: ['sha1', 'sha256'], default: 'sha1', description: 'Algorithm of the checksum.' },
    },
  },
  async plan(ctx, params) {
    const p = await expandPaths(ctx, params, ['path']);
    const sum = p.get_checksum ? checksumFact(p.path, p.checksum_algorithm, p.follow) : undefined;
    const [st, checksum] = await fetchSome<FileStat | null | string | undefined>(ctx, [statFact(p.path, { follow: p.follow }), sum]);
    return { changes: [], data: { stat: describe(p.path, st as FileStat | null, checksum as string | undefined) } };
  },
});

function describe(path: string, st: FileStat | null, checksum: string | undefined): Record<string, unknown> {
  if (!st) return { exists: false };
  return {
    exists: true,
    path,
    mode: formatMode(st.mode),
    isdir: st.type === 'directory',
    isreg: st.type === 'file',
    islnk: st.type === 'link',
    uid: st.uid,
    gid: st.gid,
    pw_name: st.owner,
    gr_name: st.group,
    size: st.size,
    inode: st.inode,
    dev: st.dev,
    nlink: st.nlink,
    ...(st.target !== undefined ? { lnk_target: st.target } : {}),
    ...(checksum !== undefined ? { checksum } : {}),
  };
}
