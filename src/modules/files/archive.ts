// archive: pack paths on the host into a tar (gz, bz2, xz) or zip archive, or compress one file — the
// community.general archive module's arguments and result keys. The archive is rebuilt deterministically in a
// temporary file while planning and compared with dest by sha256, so check mode predicts exactly and an
// archive of unchanged files is left alone (a no-op costs one round trip, two when path has globs).

import { posix } from 'node:path';
import { ModuleFailure } from '../../engine/errors.js';
import { cmd } from '../../engine/quote.js';
import { defineModule, type Change, type Fact } from '../../engine/module-api/module.js';
import { attrChange, attrSchema } from './attrs.js';
import { buildCommand, type ArchiveFormat, type BuildSpec } from './archive-build.js';
import { statFact } from './file-state.js';
import { asList } from './find-filter.js';
import { expandPathList } from './paths.js';

const listOf = (description: string) => ({ type: ['array', 'string'], items: { type: 'string' }, description } as const);

/** The paths a glob matches on the host (NUL-separated; sorted, as Python's glob is not, but Ansible sorts). */
function globFact(pattern: string): Fact<string[]> {
  return {
    key: `glob-list:${pattern}`,
    command: `${cmd`p=${pattern}`}\nIFS=\nfor f in $p; do if [ -e "$f" ] || [ -L "$f" ]; then printf '%s\\0' "$f"; fi; done`,
    parse: (stdout) => stdout.split('\0').filter((x) => x !== ''),
  };
}

/** sha256 of the archive as it would be built now; 'none' when no source exists. */
function buildFact(spec: BuildSpec): Fact<string> {
  const script = `tmp=$(mktemp) || exit 1\ntrap 'rm -f -- "$tmp" "$tmp.list"' EXIT\n${buildCommand(spec, '"$tmp"')} || exit 1\nsha256sum < "$tmp"`;
  return {
    key: `archive-build:${JSON.stringify(spec)}`,
    command: script,
    parse(stdout, code, stderr) {
      if (code !== 0) throw new ModuleFailure(`could not build the archive: ${stderr.trim()}`, { rc: code });
      return stdout.slice(0, 64);
    },
  };
}

/** Ansible's arcroot: the directory every path's parent has in common, with a trailing slash. */
export function commonRoot(paths: string[]): string {
  const parents = paths.map((p) => `${posix.dirname(p)}/`);
  let prefix = parents[0]!;
  for (const p of parents) while (!p.startsWith(prefix)) prefix = prefix.slice(0, -1);
  // Python's dirname: what precedes the last slash ('/srv/' -> '/srv'; node's would give '/').
  const dir = prefix.slice(0, prefix.lastIndexOf('/')) || '/';
  return dir.endsWith('/') ? dir : `${dir}/`;
}

export const archive = defineModule({
  name: 'archive',
  summary: 'Pack files and directories on the host into a tar.gz/tar.bz2/tar.xz/tar/zip archive, or compress one file; rebuilt only when its content would differ.',
  params: {
    type: 'object',
    additionalProperties: false,
    required: ['path'],
    properties: {
      path: listOf('Paths (or globs) on the host to archive. ~ and $VARS are expanded on the host.'),
      dest: { type: 'string', description: 'The archive to write. Required for several paths, globs or a directory; default for one file: path + .format.' },
      format: { enum: ['gz', 'bz2', 'xz', 'zip', 'tar'], default: 'gz', description: 'gz, bz2, xz: a compressed tar (or, for one file, the file compressed); zip; tar (uncompressed).' },
      exclude_path: listOf('Paths to leave out (with what is under them).'),
      exclusion_patterns: listOf('Glob patterns (fnmatch) on member names to leave out.'),
      force_archive: { type: 'boolean', default: false, description: 'Make an archive even of a single file (gz/bz2/xz would otherwise just compress it).' },
      remove: { type: 'boolean', default: false, description: 'Remove the archived paths afterwards.' },
      ...attrSchema,
    },
  },
  async plan(ctx, params) {
    const patterns = await expandPathList(ctx, asList(params.path));
    const globby = patterns.some((p) => /[*?]/.test(p));
    const globs = patterns.filter((p) => /[*?]/.test(p));
    const matches = globs.length ? ((await ctx.facts(...globs.map(globFact))) as string[][]) : [];
    const expanded = patterns.flatMap((p) => (globs.includes(p) ? matches[globs.indexOf(p)]! : [p]));
    const excluded = await expandPathList(ctx, asList(params.exclude_path));
    const paths = [...new Set(expanded)].filter((p) => !excluded.includes(p)).sort();
    if (paths.length === 0) throw new ModuleFailure('Error, no source paths were found', { path: patterns.join(', ') });
    const single = !params.force_archive && !globby && paths.length === 1;
    const dest = params.dest === undefined ? undefined : (await expandPathList(ctx, [params.dest]))[0]!;
    const root = commonRoot(paths);
    const rel = (p: string) => (p.startsWith(root) ? p.slice(root.length) : p);
    const spec: BuildSpec = { format: params.format as ArchiveFormat, root, members: paths.map(rel), single, patterns: asList(params.exclusion_patterns), excluded: excluded.map(rel) };
    const target = dest ?? `${paths[0]}.${params.format}`;
    const [built, destSt, ...sts] = await ctx.facts(buildFact(spec), statFact(target, { follow: true, checksum: true }), ...paths.map((p) => statFact(p)));
    const missing = paths.filter((_, i) => !sts[i]);
    const isDir = sts[0]?.type === 'directory';
    if ((!single || isDir) && dest === undefined) throw new ModuleFailure('Error, must specify "dest" when archiving multiple files or trees', { path: patterns.join(', ') });
    const compressed = single && !isDir && params.format !== 'zip' && params.format !== 'tar';
    const data = { dest: target, arcroot: root, expanded_paths: paths, missing, state: missing.length ? 'incomplete' : compressed ? 'compress' : 'archive' };
    if (missing.length === paths.length) {
      if (destSt) return { changes: [], data: { ...data, state: compressed ? 'compress' : 'archive' }, reason: `${target} exists and its sources are gone` };
      throw new ModuleFailure('Error, no source paths were found', { path: patterns.join(', ') });
    }
    const changes: Change[] = [];
    if (destSt?.type === 'directory') throw new ModuleFailure(`${target} is a directory`, {}, { hint: 'dest names the archive file' });
    if (destSt?.sha256 !== built) {
      const attrs = [params.owner && cmd`chown -- ${params.owner} "$tmp"`, params.group && cmd`chgrp -- ${params.group} "$tmp"`, params.mode !== undefined && cmd`chmod -- ${String(typeof params.mode === 'number' ? params.mode.toString(8) : params.mode)} "$tmp"`].filter(Boolean);
      const keep = destSt ? cmd`chmod --reference=${target} "$tmp" && chown --reference=${target} "$tmp" 2>/dev/null; ` : '';
      changes.push({
        summary: `${destSt ? 'rebuild' : 'create'} ${target} (${compressed ? `${params.format} of ${paths[0]}` : `${params.format} archive of ${paths.length} path(s)`})`,
        run: `${cmd`tmp=$(mktemp ${`${target}.XXXXXXXX`})`} || exit 1\ntrap 'rm -f -- "$tmp" "$tmp.list"' EXIT\n${buildCommand(spec, '"$tmp"')} || exit 1\n${keep}${attrs.length ? `${attrs.join(' && ')} || exit 1\n` : ''}${cmd`mv -f -- "$tmp" ${target}`}`,
        failure: `Failed to write ${target}`,
      });
    } else if (destSt) {
      const a = attrChange(ctx.conn, target, destSt, params);
      if (a) changes.push(a);
    }
    const present = paths.filter((_, i) => sts[i]);
    if (params.remove) changes.push({ summary: `remove the archived ${present.join(', ')}`, run: cmd`rm -rf -- ${present}` });
    return { changes, data, reason: changes.length ? undefined : `${target} already holds ${paths.join(', ')} as they are` };
  },
});
