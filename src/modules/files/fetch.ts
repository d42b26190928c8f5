// fetch: copy a file from the host to the controller — Ansible's fetch: into dest/<host>/<src path>, or
// exactly dest with flat; compared by sha1 first (computed on the host), so an identical file never travels.

import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, stat as fsStat, writeFile } from 'node:fs/promises';
import { posix } from 'node:path';
import { ModuleFailure } from '../../engine/errors.js';
import { defineModule, type ModuleContext } from '../../engine/module-api/module.js';
import { diffText, MAX_DIFF_BYTES } from './diff-text.js';
import { statFact } from './file-state.js';
import { expandPaths } from './paths.js';
import { checksumFact } from './stat.js';

export const fetch = defineModule({
  name: 'fetch',
  summary: 'Copy a file from the host to the controller (dest/<host>/<src>, or dest itself with flat); skipped when the sha1 matches.',
  params: {
    type: 'object',
    additionalProperties: false,
    required: ['src', 'dest'],
    properties: {
      src: { type: 'string', description: 'The file on the host (not a directory). ~ and $VARS are expanded on the host.' },
      dest: {
        type: 'string',
        description: "Directory on the controller (relative: to the playbook's directory). The file lands in dest/<inventory host>/<src's full path>, unless flat.",
      },
      flat: { type: 'boolean', default: false, description: 'dest is the file itself (or, ending with /, the directory to put it in under its base name), without the host/path subdirectories.' },
      fail_on_missing: { type: 'boolean', default: true, description: 'Fail when src does not exist on the host (false: report it and go on).' },
      validate_checksum: { type: 'boolean', default: true, description: "Check that the fetched file's sha1 is the one computed on the host." },
    },
  },
  async plan(ctx, params) {
    const p = await expandPaths(ctx, params, ['src']);
    const [st, remoteSum] = await ctx.facts(statFact(p.src, { follow: true }), checksumFact(p.src, 'sha1', true));
    const missing = 'the remote file does not exist, not transferring, ignored';
    if (!st) {
      if (p.fail_on_missing) throw new ModuleFailure(missing, { file: p.src }, { hint: 'set fail_on_missing: false to go on without it' });
      return { changes: [], data: { msg: missing, file: p.src }, reason: `${p.src} does not exist` };
    }
    if (st.type === 'directory') throw new ModuleFailure('remote file is a directory, fetch cannot work on directories', { file: p.src });
    const dest = await localDest(ctx, p.src, p.dest, p.flat);
    const local = await readFile(dest).catch((e: NodeJS.ErrnoException) => (e.code === 'ENOENT' ? null : Promise.reject(e)));
    const localSum = local && createHash('sha1').update(local).digest('hex');
    const data = { dest, file: p.src, remote_checksum: remoteSum, checksum: localSum ?? undefined };
    if (localSum === remoteSum) return { changes: [], data, reason: `${dest} is already the same as ${p.src} (sha1 ${remoteSum?.slice(0, 12)}…)` };
    // The remote text is shown (read now) only in diff mode and when small enough to show.
    const remote = ctx.diff && st.size <= MAX_DIFF_BYTES ? await ctx.conn.get(p.src) : undefined;
    return {
      changes: [
        {
          summary: `fetch ${p.src} to ${dest}`,
          diff: { header: dest, before: diffText(local), after: remote ? diffText(remote) : `(${st.size} bytes from ${p.src})\n` },
          apply: async () => {
            const bytes = remote ?? (await ctx.conn.get(p.src));
            if (!bytes) throw new ModuleFailure(`${p.src} disappeared before it could be fetched`);
            const sum = createHash('sha1').update(bytes).digest('hex');
            if (p.validate_checksum && sum !== remoteSum) throw new ModuleFailure('checksum mismatch', { checksum: sum, remote_checksum: remoteSum }, { hint: `${p.src} changed while it was fetched; run again` });
            await writeLocal(dest, bytes);
            return { checksum: sum, md5sum: createHash('md5').update(bytes).digest('hex') };
          },
        },
      ],
      data,
    };
  },
});

/** Ansible's destination: dest/<host>/<src>, or with flat dest itself (dest/ + basename when it ends with /). */
async function localDest(ctx: ModuleContext, src: string, dest: string, flat: boolean): Promise<string> {
  const resolve = (d: string) => (d.startsWith('/') ? d : posix.join(ctx.playbookDir, d));
  if (!flat) return posix.normalize(`${resolve(dest)}/${ctx.host}/${src}`);
  const isDir = await fsStat(resolve(dest)).then((s) => s.isDirectory(), () => false);
  if (isDir && !dest.endsWith('/')) throw new ModuleFailure('dest is an existing directory, use a trailing slash if you want to fetch src into that directory', { dest });
  return posix.normalize(resolve(dest.endsWith('/') ? posix.join(dest, posix.basename(src)) : dest));
}

/** Write on the controller atomically (temp file beside it, then rename), creating its directories. */
async function writeLocal(path: string, bytes: Buffer): Promise<void> {
  await mkdir(posix.dirname(path), { recursive: true });
  const tmp = `${path}.runbook-tmp.${randomBytes(4).toString('hex')}`;
  await writeFile(tmp, bytes, { mode: 0o644, flag: 'wx' });
  await rename(tmp, path);
}
