// The script behind Connection.put: one command, the bytes on stdin, written to a temp file in the target's
// own directory and renamed over it, so a reader never sees a half-written file and a killed run leaves the
// old file intact. An existing file's mode and owner are kept unless new ones are asked for.

import { createHash, randomBytes } from 'node:crypto';
import { argv } from '../quote.js';
import type { PutOptions } from './types.js';

// Exit codes the caller turns into messages.
export const PUT_INCOMPLETE = 90;
export const PUT_CHANGED_SINCE_READ = 91;
export const PUT_VALIDATE_FAILED = 92;

// What reached the temp file is checked against the sha256 (and, when it differs, the size) the controller
// sent — a small text against its size, see below — before anything is renamed: a run killed mid-transfer (SIGKILL, a closed terminal, a cut connection)
// ends the input early, and the truncated temp file is deleted, never installed. With `expect` (the sha256
// the plan read, or "absent"), the file must still be what the plan saw, checked and replaced under a lock on
// the directory (a new file: renamed into place only while nothing is there, atomically, see create), so two
// runs editing one file cannot both write from the same old content (a lost update);
// without flock, or where it does not work (some network filesystems), the check still runs, unlocked.
// The temp file is removed before any message is written: when runbook is gone, writing the message
// raises SIGPIPE, which would end the script before its EXIT trap could clean up.
// validate: the words of a command (the arguments after $8) run on the finished temp file, `%s` in a word
// standing for its path; a failure prints its exit code and output and exits before anything is renamed.
// mv -T: a directory that appeared at dest since planning is an error, not a place to drop the file into.
//
// Every process costs the host a fork and an exec (several ms of CPU on small VMs; a first run writes a file
// in most tasks), so the script starts few: the temp file is created by the shell itself (noclobber, so
// O_EXCL) under a name with 128 random bits that arrive on stdin, out of the process list, where no other
// user can see them to plant a file first; the umask is read from /proc; owner and mode are copied or set
// only when they would differ; a small text (lines, all ended: flag t) is copied by the shell's read and
// printf, not cat, and checked by counting its bytes as the shell reads the temp file back, not by sha256sum
// (the size covers an input cut short; SSH's integrity check covers the bytes themselves). Commonly: chmod,
// (flock, sha256sum), mv — and no flock for a new file.
const SCRIPT = `set -e
dest=$1 mode=$2 owner=$3 group=$4 flags=$5 size=$6 sum=$7 expect=$8
case $dest in */*) dir=\${dest%/*}; dir=\${dir:-/} ;; *) dir=. ;; esac
case $flags in *p*) [ -d "$dir" ] || mkdir -p -- "$dir" ;; esac
IFS= read -r nonce || :
case $nonce in *[!0-9a-f]*|'') echo "no temp name on stdin" >&2; exit ${PUT_INCOMPLETE} ;; esac
tmp=$dir/.runbook-tmp.$nonce
um=
if [ -z "$mode" ] && [ ! -e "$dest" ]; then
  # A new file without a mode gets what the umask leaves of 0666: created so, nothing to change after.
  while read -r k v; do [ "$k" != Umask: ] || { um=$v; break; }; done 2>/dev/null < /proc/$$/status || :
  [ -n "$um" ] || um=$(umask)
fi
umask 077
[ -z "$um" ] || umask "$um"
set -C
: > "$tmp"
set +C
trap 'rm -f -- "$tmp"' EXIT HUP INT TERM PIPE
fail() { rm -f -- "$tmp"; echo "$2" >&2; exit "$1"; }
changed() { fail ${PUT_CHANGED_SINCE_READ} "$dest changed since read (by another run or process); not overwritten"; }
got=
case $flags in
  *t*)
    l=; { while IFS= read -r l; do printf '%s\\n' "$l"; done; printf '%s' "$l"; } >> "$tmp"
    # Read back and counted by the shell: the size sent, on disk, means the whole text arrived. A shell that
    # counts characters, not bytes, counts less and takes the sha256 path below.
    n=0; l=; while IFS= read -r l; do n=$((n + \${#l} + 1)); done < "$tmp"; n=$((n + \${#l}))
    [ "$n" -ne "$size" ] || got=$sum ;;
  *) cat >> "$tmp" ;;
esac
[ -n "$got" ] || { got=$(sha256sum < "$tmp"); got=\${got%% *}; }
if [ "$got" != "$sum" ]; then
  got=$(wc -c < "$tmp"); got=$((got))
  [ "$got" -eq "$size" ] || fail ${PUT_INCOMPLETE} "received $got of $size bytes (the transfer was cut); $dest is unchanged"
  fail ${PUT_INCOMPLETE} "the received content's sha256 differs from what was sent; $dest is unchanged"
fi
# The old file's mode (or the umask's) first, as the base of a symbolic mode; then owner and group; then the
# mode last, as Ansible does: the kernel clears setuid/setgid on every chown, so a mode set before is lost.
# The old file's owner is copied only when it is not already the temp file's (ours), and the old mode again
# only when an owner changed.
chowned=
if [ -e "$dest" ]; then
  case $mode in ''|*[!0-7]*) chmod --reference="$dest" -- "$tmp" ;; esac
  if ! { [ -O "$dest" ] && [ -G "$dest" ] && [ -G "$tmp" ]; }; then chown --reference="$dest" -- "$tmp" 2>/dev/null || :; chowned=1; fi
fi
if [ -n "$owner" ]; then chown -- "$owner\${group:+:$group}" "$tmp"; chowned=1; elif [ -n "$group" ]; then chgrp -- "$group" "$tmp"; chowned=1; fi
if [ -n "$mode" ]; then chmod -- "$mode" "$tmp"; elif [ -n "$chowned" ] && [ -e "$dest" ]; then chmod --reference="$dest" -- "$tmp"; fi
shift 8
if [ $# -gt 0 ]; then
  n=$#
  while [ "$n" -gt 0 ]; do
    w=$1 out=; shift
    while :; do case $w in *%s*) out=$out\${w%%"%s"*}$tmp; w=\${w#*"%s"} ;; *) out=$out$w; break ;; esac; done
    set -- "$@" "$out"; n=$((n - 1))
  done
  rc=0; vout=$("$@" 2>&1 </dev/null) || rc=$?
  [ "$rc" -eq 0 ] || fail ${PUT_VALIDATE_FAILED} "rc:$rc error:$vout"
fi
# A new file (expect absent, still absent) is renamed into place only if nothing appeared there meanwhile:
# mv -n renames with RENAME_NOREPLACE, atomic against every writer, so no lock (one process, not two). A temp
# file still there afterwards means something did appear; where -n cannot (another mv), mv -f says why.
create() {
  mv -n -T -- "$tmp" "$dest" 2>/dev/null || :
  [ -e "$tmp" ] || return 0
  if [ -e "$dest" ] || [ -L "$dest" ]; then changed; fi
  mv -f -T -- "$tmp" "$dest"
}
commit() {
  [ -z "$locked" ] || flock 9 2>/dev/null || :
  if [ -n "$expect" ]; then
    if [ ! -e "$dest" ]; then now=absent; elif [ "$expect" = absent ]; then now=present; else now=$(sha256sum < "$dest"); now=\${now%% *}; fi
    [ "$now" = "$expect" ] || changed
  fi
  mv -f -T -- "$tmp" "$dest"
}
locked=
if [ "$expect" = absent ] && [ ! -e "$dest" ] && [ ! -L "$dest" ]; then create
elif [ -n "$expect" ] && command -v flock >/dev/null 2>&1 && [ -r "$dir" ]; then locked=1; commit 9<"$dir"; else commit; fi
trap - EXIT HUP INT TERM PIPE`;

/**
 * Data the shell can copy with `read -r`/`printf` exactly: lines that all end in a newline, no NUL byte.
 * Small: the shell reads a pipe a byte per system call, which beats starting `cat` only up to about 1 KiB.
 */
function isSmallText(data: Buffer): boolean {
  return data.length > 0 && data.length <= 1024 && data[data.length - 1] === 10 && !data.includes(0);
}

export function modeString(mode: string | number | undefined): string {
  if (mode === undefined) return '';
  return typeof mode === 'number' ? mode.toString(8).padStart(4, '0') : mode;
}

/**
 * The command writing `data` to `path`, and what goes on its stdin: the temp file's random name on a line,
 * then `data`, as separate chunks (a large file is not copied to prepend a line).
 */
export function atomicPut(path: string, data: Buffer, opts: PutOptions = {}): { command: string; stdin: Buffer[] } {
  const sum = createHash('sha256').update(data).digest('hex');
  const flags = `${opts.parents ? 'p' : ''}${isSmallText(data) ? 't' : ''}`;
  const args = [path, modeString(opts.mode), opts.owner ?? '', opts.group ?? '', flags, String(data.length), sum, opts.expect ?? '', ...(opts.validate ?? [])];
  const nonce = Buffer.from(`${randomBytes(16).toString('hex')}\n`);
  return { command: `sh -c ${argv([SCRIPT, 'runbook-put', ...args])}`, stdin: [nonce, data] };
}
