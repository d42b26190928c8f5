// The fstab edit of the mount module, as a pure function: a port of ansible.posix.mount's Linux branch
// (_set_mount_save_old and unset_mount), quirks included — fields escaped with \040 \046 \134, a matching
// line with 4 or 5 fields always rewritten with its dump and passno, comments and foreign lines kept as they
// are, a line without its final newline given one — so the bytes and `changed` are Ansible's.

export interface FstabEntry {
  /** The mount point (Ansible's name/path). */
  name: string;
  src?: string;
  fstype?: string;
  opts: string;
  dump: string;
  passno: string;
}

/** Ansible's _escape_fstab. */
export function escapeFstab(v: string): string {
  return v.replace(/\\/g, '\\134').replace(/ /g, '\\040').replace(/&/g, '\\046');
}

/** Python's readlines(): every line with its newline. */
function readLines(text: string): string[] {
  return text.split(/(?<=\n)/).filter((l) => l !== '');
}

/** The line Ansible writes for an entry. */
export function fstabLine(e: FstabEntry): string {
  return `${escapeFstab(e.src ?? '')} ${escapeFstab(e.name)} ${escapeFstab(e.fstype ?? '')} ${escapeFstab(e.opts)} ${escapeFstab(e.dump)} ${escapeFstab(e.passno)}\n`;
}

const skip = (line: string) => !line.trim() || line.trim().startsWith('#');

/** A swap line of another source is not this entry (several swaps share the mount point `none`). */
function otherSwap(ld: Record<string, string>, e: { src?: string }): boolean {
  return e.src !== undefined && ld.name === 'none' && ld.fstype === 'swap' && ld.src !== e.src;
}

/** state present/mounted: the fstab with the entry set; `changed` as Ansible decides it. */
export function setFstabEntry(text: string, e: FstabEntry): { text: string; changed: boolean } {
  const out: string[] = [];
  let exists = false;
  let changed = false;
  const want: Record<string, string> = { src: escapeFstab(e.src ?? ''), name: escapeFstab(e.name), fstype: escapeFstab(e.fstype ?? ''), opts: escapeFstab(e.opts), dump: escapeFstab(e.dump), passno: escapeFstab(e.passno) };
  for (let line of readLines(text)) {
    if (!line.endsWith('\n')) line += '\n';
    const fields = line.split(/\s+/).filter(Boolean);
    if (skip(line) || ![4, 5, 6].includes(fields.length)) {
      out.push(line);
      continue;
    }
    const labels = ['src', 'name', 'fstype', 'opts', 'dump', 'passno'];
    // A missing dump/passno is Python's int 0, never equal to the string asked for: the line is rewritten.
    const ld: Record<string, string | number> = { dump: 0, passno: 0 };
    fields.forEach((f, i) => (ld[labels[i]!] = f));
    if (ld.name !== want.name || otherSwap(ld as Record<string, string>, e)) {
      out.push(line);
      continue;
    }
    exists = true;
    for (const t of ['src', 'fstype', 'opts', 'dump', 'passno']) {
      if (ld[t] !== want[t]) {
        ld[t] = want[t]!;
        changed = true;
      }
    }
    out.push(changed ? `${ld.src} ${ld.name} ${ld.fstype} ${ld.opts} ${ld.dump} ${ld.passno}\n` : line);
  }
  if (!exists) {
    out.push(fstabLine(e));
    changed = true;
  }
  return { text: out.join(''), changed };
}

/** state absent/absent_from_fstab: every 6-field line of the mount point removed. */
export function unsetFstabEntry(text: string, e: { name: string; src?: string }): { text: string; changed: boolean } {
  const out: string[] = [];
  let changed = false;
  const name = escapeFstab(e.name);
  for (const line of readLines(text)) {
    const fields = line.split(/\s+/).filter(Boolean);
    if (skip(line) || fields.length !== 6) {
      out.push(line);
      continue;
    }
    const [src, n, fstype] = fields as [string, string, string];
    if (n !== name || otherSwap({ src, name: n, fstype }, e)) {
      out.push(line);
      continue;
    }
    changed = true;
  }
  return { text: out.join(''), changed };
}
