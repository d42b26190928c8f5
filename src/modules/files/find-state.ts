// What find reads on the host: every entry under one directory (lstat of each, as Ansible's os.walk + lstat),
// and the sha1 of regular files when asked, in one command per path — all paths in one round trip.
// GNU find and stat (--printf, NUL-separated, so any name survives).

import { cmd } from '../../engine/quote.js';
import type { Fact } from '../../engine/module-api/module.js';

export interface FoundEntry {
  path: string;
  /** The raw st_mode (type and permission bits). */
  rawMode: number;
  uid: number;
  gid: number;
  size: number;
  inode: number;
  dev: number;
  nlink: number;
  atime: number;
  mtime: number;
  ctime: number;
  owner: string;
  group: string;
}

export type FoundTree = { ok: true; entries: FoundEntry[]; sha1: Map<string, string>; warnings: string[] } | { ok: false; error: string };

const NOT_DIR = 3;
const SEP = '--runbook-find-sha1--';

export interface WalkOptions {
  follow: boolean;
  /** Deepest level listed (1: the directory's own entries). */
  maxDepth?: number;
  checksum: boolean;
}

export function findFact(path: string, o: WalkOptions): Fact<FoundTree> {
  const walk = cmd`find ${o.follow ? ['-L'] : []} ${path} -mindepth 1 ${o.maxDepth === undefined ? [] : ['-maxdepth', String(o.maxDepth)]}`;
  const lines = [
    cmd`[ -d ${path} ] || exit ${NOT_DIR}`,
    `${walk} -exec stat --printf '%f %a %u %g %s %i %d %h %.9X %.9Y %.9Z %U %G %n\\0' -- {} +`,
    ...(o.checksum ? [`printf '%s\\0' ${SEP}`, `${walk} -type f -exec sha1sum -z -- {} + 2>/dev/null`] : []),
    'exit 0',
  ];
  return {
    key: `find:${o.follow}:${o.maxDepth ?? ''}:${o.checksum}:${path}`,
    command: lines.join('\n'),
    parse(stdout, code, stderr) {
      if (code === NOT_DIR) return { ok: false, error: `'${path}' is not a directory` };
      if (code !== 0) return { ok: false, error: stderr.trim() || `exit code ${code}` };
      const [listing = '', sums = ''] = stdout.split(`${SEP}\0`);
      // What find could not read (permission denied): reported, as Ansible's walk errors are, not fatal.
      const warnings = stderr.split('\n').filter((l) => l.trim() !== '');
      return { ok: true, entries: parseEntries(listing), sha1: parseSums(sums), warnings };
    },
  };
}

export function parseEntries(listing: string): FoundEntry[] {
  return listing
    .split('\0')
    .filter((r) => r !== '')
    .map((r) => {
      const f = r.split(' ');
      const path = f.slice(13).join(' ');
      const name = (s: string) => (s === 'UNKNOWN' ? '' : s);
      const n = (i: number) => Number(f[i]);
      return { path, rawMode: parseInt(f[0]!, 16), uid: n(2), gid: n(3), size: n(4), inode: n(5), dev: n(6), nlink: n(7), atime: n(8), mtime: n(9), ctime: n(10), owner: name(f[11]!), group: name(f[12]!) };
    });
}

function parseSums(sums: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const r of sums.split('\0')) {
    const m = /^([0-9a-f]{40}) {2}([\s\S]*)$/.exec(r);
    if (m) out.set(m[2]!, m[1]!);
  }
  return out;
}
