// file: make a path a file, directory, link or hard link with the asked attributes, touch it, or remove it,
// as Ansible's file. Everything it needs to decide is read in one round trip.

import { MissingOnHost, ModuleFailure } from '../../engine/errors.js';
import { argv, cmd } from '../../engine/quote.js';
import { attrChange, attrSchema, checkMode, describeNew, runOrFail, setAttrsCommand, type AttrParams } from './attrs.js';
import { statFact, type FileStat } from './file-state.js';
import { linkSrcFact, planHardlink, planSymlink, stateDiff } from './file-links.js';
import { formatMode } from './mode.js';
import { recurseChange, treeFact } from './tree.js';
import { expandPaths } from './paths.js';
import { predictDirectory, predictFile } from './predict.js';
import { defineModule, type Change, type ModuleContext, type Plan } from '../../engine/module-api/module.js';

// Creates each missing directory from the outermost in and gives each the asked attributes, as Ansible does.
// Processes are what a first run costs a host: `up` is dirname(1) in builtins, and without an owner or group
// to set first, mkdir gives an octal mode itself (-m sets it exactly, as chmod would; a symbolic one it would
// apply to a=rwx, not to what the umask left, so those still go through chmod).
const MKDIRS = `set -e
p=$1 mode=$2 owner=$3 group=$4
shift 4
up() {
  while [ "$d" != / ] && [ "\${d%/}" != "$d" ]; do d=\${d%/}; done
  case $d in */*) d=\${d%/*} ;; *) d=. ;; esac
  while [ "\${d%/}" != "$d" ]; do d=\${d%/}; done
  [ -n "$d" ] || d=/
}
d=$p
while [ ! -e "$d" ] && [ ! -L "$d" ]; do set -- "$d" "$@"; up; done
for d do
  if [ -z "$owner$group" ]; then case $mode in ''|*[!0-7]*) ;; *) mkdir -m "$mode" -- "$d"; continue ;; esac; fi
  mkdir -- "$d"
  [ -z "$owner" ] || chown -- "$owner" "$d"
  [ -z "$group" ] || chgrp -- "$group" "$d"
  [ -z "$mode" ] || chmod -- "$mode" "$d"
done`;

export const file = defineModule({
  name: 'file',
  summary: 'Make a path a file, directory, symlink or hard link with the given mode/owner/group, touch it, or remove it.',
  aliases: { dest: 'path', name: 'path' },
  params: {
    type: 'object',
    additionalProperties: false,
    required: ['path'],
    properties: {
      path: { type: 'string', description: 'Path on the host to manage. ~ and $VARS are expanded on the host, as in Ansible.' },
      state: {
        enum: ['file', 'directory', 'touch', 'link', 'hard', 'absent'],
        description:
          'file: must exist, only attributes change. directory: created with missing parents. touch: created empty if missing, times updated. link/hard: a symbolic/hard link to src. absent: removed, recursively for a directory. Unset: the current kind of path (file when missing).',
      },
      ...attrSchema,
      src: { type: 'string', description: 'For state=link and hard: what the link points to. A relative src is relative to the directory of path, as with ln -s.' },
      force: {
        type: 'boolean',
        default: false,
        description: 'For state=link: replace a file or empty directory at path, and allow a src that does not exist. For state=hard: replace a file at path.',
      },
      recurse: { type: 'boolean', default: false, description: 'For state=directory: also set owner, group and mode on everything inside.' },
      modification_time: { enum: ['now', 'preserve'], description: "now: set the modification time to now. preserve: keep it. Default: now for state=touch, preserve otherwise." },
      access_time: { enum: ['now', 'preserve'], description: "now: set the access time to now. preserve: keep it. Default: now for state=touch, preserve otherwise." },
    },
  },
  async plan(ctx, params) {
    checkMode(params.mode);
    const p = await expandPaths(ctx, params, ['path', 'src']);
    const state = p.state ?? (p.recurse ? 'directory' : undefined);
    if ((state === 'link' || state === 'hard') && p.src === undefined) throw new ModuleFailure(`src is required for state=${state}`);
    if (p.recurse && state !== 'directory') throw new ModuleFailure('recurse needs state=directory');
    const srcFact = p.src !== undefined ? linkSrcFact(p.path, p.src) : undefined;
    // One round trip: what the later steps ask for (src, the tree) is fetched with the path's own stats.
    const [followed, own] = await ctx.facts(
      statFact(p.path, { follow: true }),
      statFact(p.path),
      ...(srcFact ? [srcFact] : []),
      ...(p.recurse ? [treeFact(p.path)] : []),
    );
    const srcSt = srcFact ? (await ctx.facts(srcFact))[0] : null;
    const want: AttrParams = { mode: p.mode, owner: p.owner, group: p.group };
    const linkParams = { ...want, path: p.path, src: p.src!, force: p.force };
    switch (state ?? (own === null ? 'file' : followed?.type === 'directory' ? 'directory' : own.type === 'link' ? 'link-as-is' : 'file')) {
      case 'link':
        if (p.mode !== undefined) ctx.warn('mode is ignored for state=link: a symlink has no mode of its own on Linux');
        return planSymlink(ctx, linkParams, own, srcSt);
      case 'hard':
        return planHardlink(ctx, linkParams, own, srcSt);
      case 'absent':
        return planAbsent(ctx, p.path, own);
      case 'directory':
        return planDirectory(ctx, p.path, followed, own, want, p.recurse);
      case 'touch':
        return planTouch(ctx, p.path, followed, want, p.modification_time ?? 'now', p.access_time ?? 'now');
      case 'link-as-is':
        return keep(ctx, p.path, own!, want, 'link');
      default:
        if (!followed) throw new MissingOnHost(`file (${p.path}) is absent, cannot continue`, { path: p.path, state: 'absent' }, { hint: 'use state=touch to create an empty file, or copy/file_template to create one with content' });
        if (followed.type === 'directory') throw new ModuleFailure(`file (${p.path}) is directory, cannot continue`, { path: p.path, state: 'directory' });
        return planTimes(ctx, p.path, followed, want, p.modification_time ?? 'preserve', p.access_time ?? 'preserve', 'file');
    }
  },
});

function describe(path: string, st: FileStat): string {
  return `${path} is a ${st.type} with mode ${formatMode(st.mode)}, owner ${st.owner}, group ${st.group}`;
}

/** The path exists as asked: only attributes may differ (set on what a link points to, as Ansible's follow). */
function keep(ctx: ModuleContext, path: string, st: FileStat, want: AttrParams, state: string, extra: Change[] = []): Plan {
  const attrs = attrChange(ctx.conn, st.type === 'link' ? path : (st.realpath ?? path), st, want);
  const changes = attrs ? [...extra, attrs] : extra;
  return { changes, data: { path, state }, reason: changes.length ? undefined : describe(path, st) };
}

function planAbsent(ctx: ModuleContext, path: string, own: FileStat | null): Plan {
  const data = { path, state: 'absent' };
  if (!own) return { changes: [], data, reason: `${path} is already absent` };
  const summary = `remove ${own.type} ${path}${own.type === 'directory' ? ' and everything in it' : ''}`;
  const diff = stateDiff(path, `state: ${own.type}`, 'state: absent');
  return { changes: [{ summary, diff, apply: async () => void (await runOrFail(ctx.conn, cmd`rm -rf -- ${path}`, summary)) }], data };
}

async function planDirectory(ctx: ModuleContext, path: string, st: FileStat | null, own: FileStat | null, want: AttrParams, recurse: boolean): Promise<Plan> {
  const data = { path, state: 'directory' };
  if (st) {
    if (st.type !== 'directory') throw new ModuleFailure(`${path} already exists as a ${st.type}`, data, { hint: 'remove it first (state=absent) or choose another path' });
    const inside = recurse ? await recurseChange(ctx, path, want) : undefined;
    return keep(ctx, path, st, want, 'directory', inside ? [inside] : []);
  }
  if (own) throw new ModuleFailure(`${path} is a link to a missing ${own.target}`, data, { hint: 'create its target, or remove the link first' });
  const mode = typeof want.mode === 'number' ? formatMode(want.mode) : (want.mode ?? '');
  const summary = `create directory ${path}${describeNew(want)}`;
  const command = `sh -c ${argv([MKDIRS, 'runbook-mkdirs', path, mode, want.owner ?? '', want.group ?? ''])}`;
  const change: Change = {
    summary,
    diff: stateDiff(path, 'state: absent', 'state: directory'),
    predicts: predictDirectory(path, want),
    apply: async () => void (await runOrFail(ctx.conn, command, summary)),
  };
  return { changes: [change], data };
}

function planTouch(ctx: ModuleContext, path: string, st: FileStat | null, want: AttrParams, mtime: string, atime: string): Plan {
  if (st) return planTimes(ctx, path, st, want, mtime, atime, 'touch');
  const summary = `create empty file ${path}${describeNew(want)}`;
  const attrs = setAttrsCommand(path, want);
  const command = cmd`touch -- ${path}` + (attrs ? ` && ${attrs}` : '');
  const change: Change = {
    summary,
    diff: stateDiff(path, 'state: absent', 'state: file'),
    predicts: predictFile(path, Buffer.alloc(0), want, null),
    apply: async () => void (await runOrFail(ctx.conn, command, summary)),
  };
  return { changes: [change], data: { path, state: 'file' } };
}

/** An existing path: update its times when asked (touch), then its attributes. */
function planTimes(ctx: ModuleContext, path: string, st: FileStat, want: AttrParams, mtime: string, atime: string, state: string): Plan {
  const flags = mtime === 'now' && atime === 'now' ? [] : mtime === 'now' ? ['-m'] : atime === 'now' ? ['-a'] : undefined;
  if (!flags) return keep(ctx, path, st, want, state === 'touch' ? 'file' : state);
  const summary = `touch ${path} (${flags.length ? (flags[0] === '-m' ? 'modification time' : 'access time') : 'access and modification times'})`;
  // -c: never create; the path exists (a link is touched through, like Ansible's follow).
  const diff = stateDiff(path, `state: ${st.type}`, 'state: touch');
  const change: Change = { summary, diff, apply: async () => void (await runOrFail(ctx.conn, cmd`touch -c ${flags} -- ${st.realpath ?? path}`, summary)) };
  return keep(ctx, path, st, want, 'file', [change]);
}
