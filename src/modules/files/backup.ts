// The backup copy of a file about to be replaced (`backup: yes`). Ansible names it `name.PID.DATE~`; a name
// that can be guessed lets anyone who can write to the directory plant a symbolic link there first, and a
// plain `cp` would then write the old content through that link (into /etc/shadow, say). Here the name carries
// random bytes instead of the PID, the copy is made into a fresh temp file (mktemp: exclusive, 0600) and put
// in place with link(2), which fails when the name exists, whatever it is, and never follows a link.

import { randomBytes } from 'node:crypto';
import { argv } from '../../engine/quote.js';

const SCRIPT = `set -e
src=$1 tag=$2
case $src in */*) dir=\${src%/*}; dir=\${dir:-/} ;; *) dir=. ;; esac
b="$src.$tag.$(date +%Y-%m-%d@%H:%M:%S)~"
tmp=$(mktemp "$dir/.runbook-backup.XXXXXXXX")
trap 'rm -f -- "$tmp"' EXIT HUP INT TERM
cp -p -- "$src" "$tmp"
ln -- "$tmp" "$b"
printf 'backup=%s\\n' "$b"`;

/** The command copying `path` aside; it prints `backup=<name>` (see parseBackupName). `tag` is for tests. */
export function backupCommand(path: string, tag = randomBytes(4).toString('hex')): string {
  return `sh -c ${argv([SCRIPT, 'runbook-backup', path, tag])}`;
}

export function parseBackupName(stdout: string): string | undefined {
  return /^backup=(.*)$/m.exec(stdout)?.[1];
}
