// find: list the files under directories that match names, age, size and content — Ansible's find, same
// arguments, the same `files` (Ansible's stat keys), `matched`, `examined`, `skipped_paths`. Read-only: every
// path's listing comes in one round trip (a second only for `contains`, which reads the candidates).

import { posix } from 'node:path';
import { ModuleFailure } from '../../engine/errors.js';
import { defineModule, type ModuleContext } from '../../engine/module-api/module.js';
import { contentFact, MAX_EDIT_BYTES } from './file-state.js';
import { decodeText } from './diff-text.js';
import { ageOk, asList, contentOk, nameFilter, parseAge, parseSize, sizeOk } from './find-filter.js';
import { findFact, type FoundEntry } from './find-state.js';
import { expandPathList } from './paths.js';

const listOf = (description: string) => ({ type: ['array', 'string'], items: { type: 'string' }, description } as const);

export const find = defineModule({
  name: 'find',
  summary: 'Find files under directories by name pattern, type, age, size or content (Ansible semantics); changes nothing.',
  aliases: { name: 'paths', path: 'paths', pattern: 'patterns', exclude: 'excludes' },
  params: {
    type: 'object',
    additionalProperties: false,
    required: ['paths'],
    properties: {
      paths: listOf('Directories to search (a list, or a comma-separated string). ~ and $VARS are expanded on the host.'),
      patterns: listOf("Names to keep: shell globs (fnmatch: '*.log', 'app-?.conf'), or Python regexps matched at the start of the name with use_regex. Default: every name."),
      excludes: listOf('Names to leave out, in the same syntax as patterns.'),
      use_regex: { type: 'boolean', default: false, description: 'patterns and excludes are Python regular expressions (re.match on the base name) instead of globs.' },
      contains: { type: 'string', description: 'Only files with a line matching this Python regular expression at its start (re.match), or anywhere in the file with read_whole_file. file_type=file only.' },
      read_whole_file: { type: 'boolean', default: false, description: 'Search contains in the whole file (re.search) instead of line by line.' },
      file_type: { enum: ['file', 'directory', 'link', 'any'], default: 'file', description: 'Which kind of entry to list.' },
      recurse: { type: 'boolean', default: false, description: 'Descend into subdirectories.' },
      depth: { type: 'integer', minimum: 1, description: 'With recurse: the deepest level listed (1: the entries of the paths themselves).' },
      hidden: { type: 'boolean', default: false, description: 'List names starting with a dot too (hidden directories are searched either way when recursing, as in Ansible).' },
      follow: { type: 'boolean', default: false, description: 'Descend into symbolic links to directories.' },
      age: { type: 'string', description: "Only entries at least this old ('2d', '3h', '30m', '1w', seconds without a unit); negative: at most this old." },
      age_stamp: { enum: ['atime', 'mtime', 'ctime'], default: 'mtime', description: 'Which timestamp age compares.' },
      size: { type: 'string', description: "Only files at least this large ('10m', '1k', '2g', bytes without a unit); negative: at most this large." },
      get_checksum: { type: 'boolean', default: false, description: 'Add the sha1 of each regular file as checksum.' },
    },
  },
  prefetch: false, // ages are measured against the time the task runs
  async plan(ctx, params) {
    const age = params.age === undefined ? undefined : parseAge(params.age);
    if (params.age !== undefined && age === undefined) throw new ModuleFailure('failed to process age', { age: params.age }, { hint: "write it like '2d', '-3h' or '600'" });
    const size = params.size === undefined ? undefined : parseSize(params.size);
    if (params.size !== undefined && size === undefined) throw new ModuleFailure('failed to process size', { size: params.size }, { hint: "write it like '10m', '-1k' or '512'" });
    const raw = asList(params.paths);
    const paths = await expandPathList(ctx, raw);
    const maxDepth = !params.recurse ? 1 : params.depth === undefined ? undefined : params.depth + 1;
    const trees = await ctx.facts(...paths.map((p) => findFact(p, { follow: params.follow, maxDepth, checksum: params.get_checksum })));
    const now = Date.now() / 1000;
    let nameOk: (name: string) => boolean;
    try {
      nameOk = nameFilter(asList(params.patterns), asList(params.excludes), params.use_regex);
    } catch (e) {
      throw new ModuleFailure(`invalid pattern: ${(e as Error).message}`, {}, { hint: 'with use_regex, patterns and excludes are Python regular expressions' });
    }
    const skipped: Record<string, string> = {};
    const files: Record<string, unknown>[] = [];
    const candidates: FoundEntry[] = [];
    let examined = 0;
    paths.forEach((root, i) => {
      const tree = trees[i]!;
      if (!tree.ok) {
        skipped[root] = tree.error;
        ctx.warn(tree.error);
        return;
      }
      for (const w of tree.warnings) ctx.warn(w);
      examined += tree.entries.length;
      const base = root.replace(/\/+$/, '') || '/';
      for (const e of tree.entries) {
        const path = posix.normalize(e.path);
        const depth = posix.relative(base, path).split('/').length;
        if (params.depth !== undefined && depth > params.depth) continue;
        const name = posix.basename(path);
        if (name.startsWith('.') && !params.hidden) continue;
        const kind = e.rawMode & 0o170000;
        const want = params.file_type;
        const isReg = kind === 0o100000;
        const typeOk = want === 'any' || (want === 'directory' && kind === 0o040000) || (want === 'file' && isReg) || (want === 'link' && kind === 0o120000);
        if (!typeOk || !nameOk(name) || !ageOk(e[params.age_stamp], now, age)) continue;
        if ((want === 'file' || (want === 'any' && isReg)) && !sizeOk(e.size, size)) continue;
        const sum = isReg && params.get_checksum ? tree.sha1.get(e.path) : undefined;
        const entry = { ...e, path };
        if (want === 'file' && params.contains !== undefined) candidates.push(entry);
        files.push({ path, ...statInfo(entry), ...(sum !== undefined ? { checksum: sum } : {}) });
      }
    });
    const kept: Record<string, unknown>[] = params.contains === undefined ? files : await withContent(ctx, files, candidates, params.contains, params.read_whole_file);
    const complete = Object.keys(skipped).length === 0;
    const msg = complete ? 'All paths examined' : 'Not all paths examined, check warnings for details';
    const data = { files: kept.sort((a, b) => String(a.path).localeCompare(String(b.path))), matched: kept.length, examined, msg, skipped_paths: skipped };
    return { changes: [], data, reason: `${kept.length} match(es) among ${examined} entries` };
  },
});

/** Keep the files whose content matches `contains` (read in one more round trip; binary and huge files never match). */
async function withContent(ctx: ModuleContext, files: Record<string, unknown>[], candidates: FoundEntry[], contains: string, whole: boolean): Promise<Record<string, unknown>[]> {
  const bodies = await ctx.facts(...candidates.map((c) => contentFact(c.path, MAX_EDIT_BYTES)));
  const ok = new Set<string>();
  candidates.forEach((c, i) => {
    const text = bodies[i] ? decodeText(bodies[i]!) : undefined;
    try {
      if (text !== undefined && contentOk(text, contains, whole)) ok.add(c.path);
    } catch (e) {
      throw new ModuleFailure(`invalid contains pattern: ${(e as Error).message}`, {}, { hint: 'contains is a Python regular expression' });
    }
  });
  return files.filter((f) => ok.has(String(f.path)));
}

/** Ansible's statinfo() keys for one entry. */
function statInfo(e: FoundEntry): Record<string, unknown> {
  const m = e.rawMode;
  const kind = m & 0o170000;
  return {
    mode: (m & 0o7777).toString(8).padStart(4, '0'),
    isdir: kind === 0o040000,
    ischr: kind === 0o020000,
    isblk: kind === 0o060000,
    isreg: kind === 0o100000,
    isfifo: kind === 0o010000,
    islnk: kind === 0o120000,
    issock: kind === 0o140000,
    uid: e.uid,
    gid: e.gid,
    size: e.size,
    inode: e.inode,
    dev: e.dev,
    nlink: e.nlink,
    atime: e.atime,
    mtime: e.mtime,
    ctime: e.ctime,
    gr_name: e.group,
    pw_name: e.owner,
    wusr: !!(m & 0o200),
    rusr: !!(m & 0o400),
    xusr: !!(m & 0o100),
    wgrp: !!(m & 0o020),
    rgrp: !!(m & 0o040),
    xgrp: !!(m & 0o010),
    woth: !!(m & 0o002),
    roth: !!(m & 0o004),
    xoth: !!(m & 0o001),
    isuid: !!(m & 0o4000),
    isgid: !!(m & 0o2000),
  };
}
