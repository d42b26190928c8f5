// The script behind Connection.put: one command, the bytes on stdin, written to a temp file in the target's
// own directory and renamed over it, so a reader never sees a half-written file and a killed run leaves the
// old file intact. An existing file's mode and owner are kept unless new ones are asked for.

import { argv } from '../quote.js';
import type { PutOptions } from './types.js';

const SCRIPT = `set -e
dest=$1 mode=$2 owner=$3 group=$4 backup=$5 parents=$6
case $dest in */*) dir=\${dest%/*}; dir=\${dir:-/} ;; *) dir=. ;; esac
[ -z "$parents" ] || [ -d "$dir" ] || mkdir -p -- "$dir"
tmp=$(mktemp "$dir/.runbook-tmp.XXXXXXXX")
trap 'rm -f -- "$tmp"' EXIT HUP INT TERM
cat > "$tmp"
if [ -e "$dest" ]; then
  chmod --reference="$dest" -- "$tmp"
  chown --reference="$dest" -- "$tmp" 2>/dev/null || :
else
  m=$(umask); chmod "$(printf '%o' $(( 0666 & ~0$m )))" -- "$tmp"
fi
[ -z "$mode" ] || chmod -- "$mode" "$tmp"
[ -z "$owner" ] || chown -- "$owner" "$tmp"
[ -z "$group" ] || chgrp -- "$group" "$tmp"
if [ -n "$backup" ] && [ -e "$dest" ]; then
  b="$dest.$$.$(date +%Y-%m-%d@%H:%M:%S)~"
  cp -p -- "$dest" "$b"
  printf 'backup=%s\\n' "$b"
fi
mv -f -- "$tmp" "$dest"
trap - EXIT HUP INT TERM`;

export function modeString(mode: string | number | undefined): string {
  if (mode === undefined) return '';
  return typeof mode === 'number' ? mode.toString(8).padStart(4, '0') : mode;
}

export function atomicPutCommand(path: string, opts: PutOptions = {}): string {
  return `sh -c ${argv([SCRIPT, 'runbook-put', path, modeString(opts.mode), opts.owner ?? '', opts.group ?? '', opts.backup ? '1' : '', opts.parents ? '1' : ''])}`;
}

export function parseBackup(stdout: string): string | undefined {
  return /^backup=(.*)$/m.exec(stdout)?.[1];
}
