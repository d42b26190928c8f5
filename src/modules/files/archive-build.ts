// The shell side of archive: build the archive of some paths deterministically (members sorted by name,
// gzip without a timestamp, zip without extra attributes), so the same files give the same bytes and a
// rebuild can be compared with dest by sha256. Used twice: by the plan, into a temporary file that is removed
// at once (the comparison), and by the change, into a temporary file beside dest renamed over it.

import { argv } from '../../engine/quote.js';

export type ArchiveFormat = 'gz' | 'bz2' | 'xz' | 'zip' | 'tar';

export interface BuildSpec {
  format: ArchiveFormat;
  /** The directory member names are relative to (Ansible's arcroot). */
  root: string;
  /** Paths relative to root. */
  members: string[];
  /** One path not forced into an archive (gz/bz2/xz): compressed when it is a file, archived when a directory. */
  single: boolean;
  /** Exclusion patterns (fnmatch) on member names. */
  patterns: string[];
  /** Excluded paths, relative to root. */
  excluded: string[];
}

const COMPRESSOR: Record<string, string> = { gz: 'gzip -n', bz2: 'bzip2', xz: 'xz' };

// $1 out-file, $2 mode (tar|zip|compress), $3 compressor, $4 root, then patterns, '--', excluded, '--', members.
const SCRIPT = `set -e
out=$1 how=$2 comp=$3 root=$4; shift 4
pats= ; while [ "$1" != -- ]; do pats="$pats
$1"; shift; done; shift
excl= ; while [ "$1" != -- ]; do excl="$excl
$1"; shift; done; shift
cd -- "$root"
# auto: one path, not forced into an archive: a directory is archived, a file compressed (gz/bz2/xz).
if [ "$how" = auto ]; then if [ -d "$1" ]; then how=tar; else how=compress; fi; fi
case $how in
compress) [ ! -e "$1" ] || $comp -c -- "$1" > "$out" ;;
*)
  # Every member, sorted; excluded paths (and what is under them) and names matching a pattern dropped.
  set -f
  find "$@" -print 2>/dev/null | LC_ALL=C sort | while IFS= read -r m; do
    skip= IFS='
'
    for e in $excl; do case $m in "$e"|"$e"/*) skip=1 ;; esac; done
    for p in $pats; do case $m in $p) skip=1 ;; esac; done
    unset IFS
    [ -n "$skip" ] || printf '%s\\n' "$m"
  done > "$out.list"
  # Nothing left to pack (the sources were removed after an earlier run): no archive, and no error.
  if [ ! -s "$out.list" ]; then rm -f -- "$out.list"; exit 0; fi
  if [ "$how" = zip ]; then rm -f -- "$out"; zip -X -q -@ "$out" < "$out.list"
  elif [ -n "$comp" ]; then tar --no-recursion -cf - -T "$out.list" | $comp -c > "$out"
  else tar --no-recursion -cf "$out" -T "$out.list"; fi
  rm -f -- "$out.list" ;;
esac`;

/** The command writing the archive to `out` (a shell word: quoted text, or "$tmp"). */
export function buildCommand(spec: BuildSpec, out: string): string {
  const how = spec.format === 'zip' ? 'zip' : spec.format === 'tar' ? 'tar' : spec.single ? 'auto' : 'tar';
  const comp = spec.format === 'zip' || spec.format === 'tar' ? '' : COMPRESSOR[spec.format]!;
  return `sh -c ${argv([SCRIPT])} runbook-archive ${out} ${argv([how, comp, spec.root, ...spec.patterns, '--', ...spec.excluded, '--', ...spec.members])}`;
}
