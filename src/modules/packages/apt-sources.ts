// One-line apt sources (sources.list, sources.list.d/*.list) as Ansible's apt_repository models them
// (its SourcesList class): each line parsed into valid/enabled/source/comment, whitespace in a source
// normalised, files written back in its dump format. Pure, so the file bytes are tested against Ansible's.

export const VALID_SOURCE_TYPES = ['deb', 'deb-src'];

export interface SourceLine {
  valid: boolean;
  enabled: boolean;
  source: string;
  comment: string;
}

/** Ansible's SourcesList._parse of one line. */
export function parseSourceLine(raw: string): SourceLine {
  let line = raw.trim();
  let enabled = true;
  let comment = '';
  if (line.startsWith('#')) {
    enabled = false;
    line = line.slice(1);
  }
  const i = line.indexOf('#');
  if (i > 0) {
    comment = line.slice(i + 1).trim();
    line = line.slice(0, i);
  }
  let source = line.trim();
  let valid = false;
  if (source) {
    const chunks = source.split(/\s+/);
    if (VALID_SOURCE_TYPES.includes(chunks[0]!)) {
      valid = true;
      source = chunks.join(' ');
    }
  }
  return { valid, enabled, source, comment };
}

export function parseSourcesFile(text: string): SourceLine[] {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines.map(parseSourceLine);
}

/** Ansible's dump of one file ('' for a file with no lines: it is removed). */
export function dumpSources(lines: readonly SourceLine[]): string {
  return lines.map((l) => `${l.enabled ? '' : '# '}${l.source}${l.comment ? ` # ${l.comment}` : ''}\n`).join('');
}

/** The repo line as Ansible takes it: must be a valid, enabled source. Returns the normalised source. */
export function normaliseRepo(repo: string): string | undefined {
  const l = parseSourceLine(repo);
  return l.valid && l.enabled ? l.source : undefined;
}

/** Ansible's _suggest_filename: the first word after the type, options and protocol dropped, cleaned up. */
export function suggestFilename(source: string): string {
  let line = source.replace(/\[[^\]]+\]/g, '').replace(/\w+:\/\//g, '');
  const parts = line.split(/\s+/).filter((p) => p && !VALID_SOURCE_TYPES.includes(p));
  line = parts[0] ?? '';
  if (line.includes('@')) line = line.slice(line.indexOf('@') + 1);
  return `${line.replace(/[^a-zA-Z0-9]/g, ' ').split(/\s+/).filter(Boolean).join('_')}.list`;
}

export type SourceFiles = Map<string, SourceLine[]>;

/** add_source: enable every line with this source (disabled ones too); else append it to `file`. */
export function addSource(files: SourceFiles, source: string, file: string): SourceFiles {
  const out: SourceFiles = new Map([...files].map(([f, ls]) => [f, ls.map((l) => ({ ...l }))]));
  let found = false;
  for (const ls of out.values()) {
    for (const l of ls) {
      if (l.valid && l.source === source) {
        l.enabled = true;
        found = true;
      }
    }
  }
  if (!found) out.set(file, [...(out.get(file) ?? []), { valid: true, enabled: true, source, comment: '' }]);
  return out;
}

/** remove_source: every enabled line with this source goes (a disabled one stays). */
export function removeSource(files: SourceFiles, source: string): SourceFiles {
  return new Map([...files].map(([f, ls]) => [f, ls.filter((l) => !(l.valid && l.enabled && l.source === source))]));
}
