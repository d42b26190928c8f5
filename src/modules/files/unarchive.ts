// unarchive: unpack a tar (gz, bz2, xz) or zip archive into an existing directory — Ansible's unarchive.
// Idempotent by content: the archive's files (type, mode, sha256) are compared with dest's in one round
// trip, and it is unpacked only when something differs; `creates` skips it outright.

import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { ModuleFailure } from '../../engine/errors.js';
import { argv, cmd } from '../../engine/quote.js';
import { defineModule, type Change } from '../../engine/module-api/module.js';
import { globExistsFact, statFact } from './file-state.js';
import { attrSchema, checkMode, runOrFail, type AttrParams } from './attrs.js';
import { formatMode } from './mode.js';
import { posix } from 'node:path';
import { asList } from './find-filter.js';
import { findFact } from './find-state.js';
import { expandPaths } from './paths.js';
import type { Connection } from '../../engine/connection/types.js';
import { controllerArchiveTree, differences, extractArgs, formatOf, hostArchiveFact, type ArchiveFormat } from './unarchive-state.js';

const listOf = (description: string) => ({ type: ['array', 'string'], items: { type: 'string' }, description } as const);

export const unarchive = defineModule({
  name: 'unarchive',
  summary: 'Unpack a tar.gz/tar.bz2/tar.xz/tar or zip archive (from the controller, or on the host) into a directory, when its content differs.',
  params: {
    type: 'object',
    additionalProperties: false,
    required: ['src', 'dest'],
    properties: {
      src: { type: 'string', description: "The archive: on the controller (looked up in the role's files/, then relative to the playbook), or on the host with remote_src." },
      dest: { type: 'string', description: 'Existing directory on the host to unpack into. ~ and $VARS are expanded on the host.' },
      remote_src: { type: 'boolean', default: false, description: 'src is already on the host.' },
      copy: { type: 'boolean', description: "Ansible's older spelling, the other way round: copy: false is remote_src: true. Not both." },
      creates: { type: 'string', description: 'A path on the host: when it exists, nothing is unpacked (and nothing compared).' },
      exclude: listOf('Archive members to leave out (tar --exclude patterns, unzip -x patterns).'),
      extra_opts: listOf("More options for the extraction command (tar or unzip), e.g. ['--strip-components=1']. They apply to the comparison too."),
      list_files: { type: 'boolean', default: false, description: 'Return the archive\'s paths as files.' },
      ...attrSchema,
    },
  },
  async plan(ctx, raw) {
    if (raw.copy !== undefined && raw.remote_src) throw new ModuleFailure('parameters are mutually exclusive: copy|remote_src', {}, { hint: 'write remote_src: true alone (copy: false says the same)' });
    const params = { ...raw, remote_src: raw.remote_src || raw.copy === false };
    checkMode(params.mode);
    const want: AttrParams = { mode: params.mode, owner: params.owner, group: params.group };
    const p = await expandPaths(ctx, params, ['dest', 'creates', ...(params.remote_src ? (['src'] as const) : [])]);
    const format = formatOf(p.src);
    const exclude = asList(p.exclude);
    const extra = Array.isArray(p.extra_opts) ? [...p.extra_opts] : p.extra_opts === undefined ? [] : [p.extra_opts];
    const local = p.remote_src ? undefined : await ctx.findFile('files', p.src);
    // One round trip: creates (a path that never exists stands in when it is not set), dest, dest's listing
    // and, with remote_src, the archive's listing.
    const [exists, destSt, destTree, hostTree] = await ctx.facts(
      globExistsFact(p.creates ?? '/nonexistent-runbook-creates'),
      statFact(p.dest, { follow: true }),
      findFact(p.dest, { follow: false, checksum: 'sha256' }),
      ...(p.remote_src ? [hostArchiveFact(format, p.src, exclude, extra)] : []),
    );
    if (p.creates !== undefined && exists) return { changes: [], data: { msg: `skipped, since ${p.creates} exists`, skipped: true }, reason: `${p.creates} exists` };
    if (destSt?.type !== 'directory') throw new ModuleFailure(`dest '${p.dest}' must be an existing dir`, {}, { hint: 'create it first (file: state=directory)' });
    const archive = hostTree ?? (await controllerArchiveTree(format, local!, exclude, extra));
    const differ = differences(archive, destTree, p.dest, want);
    const files = archive.ok ? archive.entries.map((e) => e.path.replace(/^\.\//, '')).sort() : [];
    const data = { dest: p.dest, src: p.src, handler: format === 'zip' ? 'ZipArchive' : 'TgzArchive', ...(p.list_files ? { files } : {}) };
    if (differ.length === 0) return { changes: [], data, reason: `${p.dest} already holds the ${files.length} entries of ${p.src}` };
    const shown = differ.slice(0, 20).join('\n') + (differ.length > 20 ? `\n… and ${differ.length - 20} more\n` : '\n');
    const change: Change = {
      summary: `unpack ${p.src} into ${p.dest} (${differ.length} of ${files.length} entries missing or different)`,
      diff: { header: `${p.dest} (entries from ${p.src})`, before: '', after: shown },
      ...(p.remote_src && !hasAttrs(want)
        ? { run: argv(extractArgs(format, p.src, p.dest, exclude, extra)), failure: `Failed to unpack ${p.src} into ${p.dest}` }
        : {
            apply: async () => {
              if (p.remote_src) await runOrFail(ctx.conn, argv(extractArgs(format, p.src, p.dest, exclude, extra)), `Failed to unpack ${p.src} into ${p.dest}: unpacking`);
              else await unpack(ctx.conn, local!, format, p.dest, exclude, extra);
              const members = archive.ok ? archive.entries.map((e) => ({ path: e.path, link: (e.rawMode & 0o170000) === 0o120000 })) : [];
              for (const line of attrCommands(p.dest, members, want)) await runOrFail(ctx.conn, line, `setting the attributes of what was unpacked into ${p.dest}`);
            },
          }),
    };
    return { changes: [change], data };
  },
});

function hasAttrs(want: AttrParams): boolean {
  return want.mode !== undefined || want.owner !== undefined || want.group !== undefined;
}

/** Paths per command: their argument list stays far below Linux's 128 KiB for one argument (sh -c). */
const ATTR_CHARS = 48 * 1024;

/**
 * chown/chgrp/chmod on every unpacked member, as Ansible sets the task's attributes on each — not on dest
 * itself (checked against ansible-core) — and never chmod on a link, which would change its target. Several
 * commands when the list is long.
 */
export function attrCommands(dest: string, members: { path: string; link: boolean }[], want: AttrParams): string[] {
  if (!hasAttrs(want)) return [];
  const base = dest.replace(/\/+$/, '') || '/';
  const out: string[] = [];
  const mode = typeof want.mode === 'number' ? formatMode(want.mode) : want.mode;
  let batch: { path: string; link: boolean }[] = [];
  let size = 0;
  const flush = () => {
    if (!batch.length) return;
    const abs = (list: typeof batch) => list.map((m) => posix.join(base, m.path));
    const steps: string[] = [];
    if (want.owner !== undefined) steps.push(argv(['chown', '-h', '--', want.owner, ...abs(batch)]));
    if (want.group !== undefined) steps.push(argv(['chgrp', '-h', '--', want.group, ...abs(batch)]));
    const files = batch.filter((m) => !m.link);
    if (mode !== undefined && files.length) steps.push(argv(['chmod', '--', mode, ...abs(files)]));
    if (steps.length) out.push(steps.join(' && '));
    batch = [];
    size = 0;
  };
  for (const m of members) {
    if (posix.normalize(m.path) === '.') continue;
    batch.push(m);
    size += m.path.length + base.length + 4;
    if (size > ATTR_CHARS) flush();
  }
  flush();
  return out;
}

/** Send the controller's archive next to dest (Connection.put), unpack it there, remove it whatever happens. */
async function unpack(conn: Connection, local: string, format: ArchiveFormat, dest: string, exclude: string[], extra: string[]): Promise<void> {
  const tmp = `${dest.replace(/\/+$/, '')}/.runbook-unarchive.${randomBytes(6).toString('hex')}`;
  await conn.put(tmp, await readFile(local), { mode: '0600', expect: 'absent' });
  const r = await conn.exec(`${argv(extractArgs(format, tmp, dest, exclude, extra))}; rc=$?; ${cmd`rm -f -- ${tmp}`}; exit $rc`);
  if (r.code !== 0) throw new ModuleFailure(`Failed to unpack ${local} into ${dest}: ${r.stderr.trim()}`, { rc: r.code });
}
