// apt_repository: a one-line apt source, as Ansible's apt_repository (its SourcesList: the line is looked
// for in sources.list and every sources.list.d/*.list, enabled where it is found disabled, else added to
// its own file named after the repository). Files are written in Ansible's format through the copy core
// (diff, atomic put, attributes). A change refreshes
// the package lists (update_cache). `ppa:` lines need Launchpad and are refused.

import { posix } from 'node:path';
import { ModuleFailure } from '../../engine/errors.js';
import { cmd } from '../../engine/quote.js';
import { defineModule, type Change, type Fact } from '../../engine/module-api/module.js';
import { runOrFail } from '../files/attrs.js';
import { contentFacts, planContent } from '../files/content.js';
import { APT_ENV } from './package-commands.js';
import { addSource, dumpSources, normaliseRepo, parseSourcesFile, removeSource, suggestFilename, type SourceFiles } from './apt-sources.js';

export const SOURCES_D = '/etc/apt/sources.list.d';
const SOURCES_LIST = '/etc/apt/sources.list';

export const aptRepository = defineModule({
  name: 'apt_repository',
  summary: 'Add, enable or remove a one-line apt source (sources.list.d/*.list), as Ansible writes it.',
  aliases: { 'update-cache': 'update_cache' },
  params: {
    type: 'object',
    additionalProperties: false,
    required: ['repo'],
    properties: {
      repo: { type: 'string', description: "The source line, e.g. 'deb [signed-by=/etc/apt/keyrings/x.asc] https://example.org/debian bookworm main'." },
      state: { enum: ['present', 'absent'], default: 'present', description: 'present: the line is there and enabled. absent: every enabled copy of it is removed.' },
      filename: { type: 'string', description: 'Name of the file in sources.list.d, without .list (default: made from the repository URL, as Ansible does).' },
      mode: { type: ['string', 'integer'], description: 'Mode of a file this task creates (default 0644); existing files keep theirs, as in Ansible.' },
      update_cache: { type: 'boolean', default: true, description: 'Refresh the package lists (apt-get update) after a change.' },
      validate_certs: { type: 'boolean', default: true, description: 'Accepted for compatibility; runbook downloads no key here.' },
      codename: { type: 'string', description: 'Accepted for compatibility (only used by ppa: lines, which are refused).' },
      install_python_apt: { type: 'boolean', default: true, description: 'Accepted for compatibility; runbook needs no python3-apt.' },
    },
  },
  async plan(ctx, p) {
    if (p.repo.trim().startsWith('ppa:')) throw new ModuleFailure('ppa: repositories are not supported', {}, { hint: "write the deb line of the PPA with signed-by (deb822_repository with signed_by: the PPA's key URL)" });
    const source = normaliseRepo(p.repo);
    if (!source) throw new ModuleFailure(`Invalid repository string: ${p.repo}`, {}, { hint: "a line starting with deb or deb-src: 'deb https://host/debian bookworm main'" });
    if (p.filename !== undefined && (p.filename.includes('/') || p.filename === '')) throw new ModuleFailure(`invalid filename: ${p.filename}`, {}, { hint: 'a name without / (.list is added)' });
    const target = posix.join(SOURCES_D, p.filename !== undefined ? `${p.filename}.list` : suggestFilename(source));
    const [files] = await ctx.facts(sourcesFact(), ...contentFacts(target));
    const before: SourceFiles = new Map([...files].map(([f, text]) => [f, parseSourcesFile(text)]));
    const after = p.state === 'present' ? addSource(before, source, target) : removeSource(before, source);
    const changes: Change[] = [];
    // Ansible saves only when a file's lines changed, but then rewrites EVERY file in its format (a line
    // with extra spaces elsewhere comes out normalised): the same bytes as Ansible, file for file.
    const changed = [...after].some(([f, lines]) => { const was = before.get(f); return !was || dumpSources(was) !== dumpSources(lines); });
    for (const [file, lines] of changed ? after : []) {
      const was = before.get(file);
      if (was && files.get(file) === dumpSources(lines)) continue;
      if (!lines.length) {
        changes.push({ summary: `remove ${file} (no source left)`, diff: { header: file, before: files.get(file) ?? '', after: '' }, run: cmd`rm -f -- ${file}` });
        continue;
      }
      const plan = await planContent(ctx, Buffer.from(dumpSources(lines)), { dest: file, mode: was ? undefined : (p.mode ?? '0644') });
      changes.push(...plan.changes);
    }
    const data = { repo: p.repo, sources_added: [] as string[], sources_removed: [] as string[], state: p.state };
    if (!changes.length) return { changes, data, reason: p.state === 'present' ? `'${source}' is already enabled` : `'${source}' is not enabled anywhere` };
    if (p.update_cache) changes.push({ summary: 'update the package lists', apply: async () => void (await runOrFail(ctx.conn.derive({ env: APT_ENV }), 'apt-get update -q', 'apt-get update')) });
    return { changes, data };
  },
});

/** sources.list and sources.list.d/*.list, each as `@@file BYTES PATH` then its bytes. */
function sourcesFact(): Fact<Map<string, string>> {
  return {
    key: 'apt-sources',
    command: [
      cmd`for f in ${SOURCES_LIST} ${SOURCES_D}/*.list; do`,
      '  [ -f "$f" ] || continue',
      '  printf "@@file %s %s\\n" "$(wc -c < "$f")" "$f"; cat "$f"',
      'done',
    ].join('\n'),
    parse(stdout, code, stderr) {
      if (code !== 0) throw new Error(`could not read the apt sources: ${stderr.trim() || `exit code ${code}`}`);
      return splitFiles(Buffer.from(stdout));
    },
  };
}

/** Byte-counted sections: a file whose text holds `@@file` lines cannot confuse the split. */
export function splitFiles(buf: Buffer): Map<string, string> {
  const out = new Map<string, string>();
  let at = 0;
  while (at < buf.length) {
    const nl = buf.indexOf(0x0a, at);
    const m = /^@@file (\d+) (.*)$/.exec(buf.subarray(at, nl).toString());
    if (nl === -1 || !m) break;
    const size = Number(m[1]);
    out.set(m[2]!, buf.subarray(nl + 1, nl + 1 + size).toString());
    at = nl + 1 + size;
  }
  return out;
}
