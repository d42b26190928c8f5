// Whether a path is a mount point now, and of what: the host's /proc/self/mountinfo line for it (the last
// one: what is visible there), and whether the path exists — read together with the fstab in one batch.

import { cmd } from '../../engine/quote.js';
import type { Fact } from '../../engine/module-api/module.js';

export interface LiveMount {
  /** Nothing mounted on the path. */
  mounted: boolean;
  src?: string;
  fstype?: string;
  /** Per-mount options (rw,nosuid,...) and the file system's own (size=...). */
  opts?: string;
  exists: boolean;
}

/** mountinfo's escaping of a path (octal \040 for space, \011 tab, \012 newline, \134 backslash). */
export function escapeMountinfo(path: string): string {
  return path.replace(/[\\ \t\n]/g, (c) => `\\${c.charCodeAt(0).toString(8).padStart(3, '0')}`);
}

const unescape = (s: string) => s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));

export function liveMountFact(path: string): Fact<LiveMount> {
  const clean = path.length > 1 ? path.replace(/\/+$/, '') : path;
  return {
    key: `mount-live:${clean}`,
    // The path as an awk argument, not -v (which would turn mountinfo's \040 into a space before comparing).
    command: `awk 'BEGIN { p = ARGV[1]; delete ARGV[1] } $5 == p' ${cmd`${escapeMountinfo(clean)} /proc/self/mountinfo; if [ -e ${clean} ]; then echo @@exists; fi`}`,
    parse: (stdout) => {
      const lines = stdout.split('\n').filter((l) => l && l !== '@@exists');
      const exists = stdout.includes('@@exists');
      const last = lines.at(-1);
      if (!last) return { mounted: false, exists };
      const [before, after = ''] = last.split(' - ');
      const fields = before!.split(' ');
      const [fstype, src, superOpts] = after.split(' ');
      return { mounted: true, src: unescape(src ?? ''), fstype, opts: `${fields[5] ?? ''}${superOpts ? `,${superOpts}` : ''}`, exists };
    },
  };
}
