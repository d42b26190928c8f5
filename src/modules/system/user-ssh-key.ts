// The user module's generate_ssh_key, as Ansible's: when the key file (ssh_key_file, relative to the home)
// does not exist, ssh-keygen makes it with an empty passphrase, the .ssh directory it needs is created 0700,
// and both files are given to the user. An existing key is never replaced; its public key and fingerprint
// are returned. The read is a fact batched with the account's, so a no-op stays one round trip.

import { ModuleFailure } from '../../engine/errors.js';
import { argv } from '../../engine/quote.js';
import type { Change, Fact, ModuleContext } from '../../engine/module-api/module.js';

export interface SshKeyParams {
  name: string;
  ssh_key_type: string;
  ssh_key_bits?: number;
  ssh_key_file?: string;
  ssh_key_comment?: string;
  ssh_key_passphrase?: string;
}

export interface SshKeyState {
  /** The key file's path (home resolved), or undefined when the user does not exist yet. */
  path?: string;
  publicKey?: string;
  fingerprint?: string;
}

/** Where the key file is, in the shell: $f from the user's home and the (relative or absolute) file. */
const RESOLVE = `u=$1 f=$2
h=$(getent passwd "$u" | cut -d: -f6) || exit 0
case $f in /*) ;; *) f="$h/$f" ;; esac`;

const READ = `${RESOLVE}
printf '@@path %s\\n' "$f"
if [ -e "$f" ]; then echo @@pub; cat -- "$f.pub" 2>/dev/null; echo @@fp; ssh-keygen -l -f "$f.pub" 2>/dev/null; fi
exit 0`;

const keyFile = (p: SshKeyParams) => p.ssh_key_file ?? `.ssh/id_${p.ssh_key_type}`;

export function sshKeyFact(p: SshKeyParams): Fact<SshKeyState> {
  return {
    key: `user-ssh-key:${JSON.stringify([p.name, keyFile(p)])}`,
    command: `sh -c ${argv([READ, 'runbook-user-key', p.name, keyFile(p)])}`,
    parse: (stdout) => parseSshKey(stdout),
  };
}

function parseSshKey(stdout: string): SshKeyState {
  const path = /^@@path (.*)$/m.exec(stdout)?.[1];
  const pub = /@@pub\n([\s\S]*?)@@fp\n/.exec(stdout)?.[1];
  const fp = /@@fp\n([\s\S]*)$/.exec(stdout)?.[1];
  return { path, ...(pub !== undefined ? { publicKey: pub.trim(), fingerprint: (fp ?? '').trim() } : {}) };
}

/** The key generation change, or none when the key exists; `data` is the result's ssh_* keys. */
export function sshKeyChanges(ctx: ModuleContext, p: SshKeyParams, s: SshKeyState): { changes: Change[]; data: Record<string, string> } {
  const file = keyFile(p);
  if (s.publicKey !== undefined) return { changes: [], data: { ssh_key_file: s.path!, ssh_public_key: s.publicKey, ssh_fingerprint: s.fingerprint ?? '' } };
  const bits = p.ssh_key_bits ? ['-b', String(p.ssh_key_bits)] : [];
  const script = `${RESOLVE}
[ -n "$h" ] || { echo "no home for user $u" >&2; exit 1; }
if [ -e "$f" ]; then exit 0; fi
d=\${f%/*}
if [ ! -d "$d" ]; then mkdir -m 0700 -- "$d" && chown "$u:$(id -g "$u")" -- "$d" || exit 1; fi
c=\${4:-"ansible-generated on $(hostname)"}
ssh-keygen -q -t "$3" ${bits.length ? '-b "$6"' : ''} -C "$c" -N "$5" -f "$f" </dev/null >/dev/null || exit 1
chown "$u:$(id -g "$u")" -- "$f" "$f.pub" || exit 1
printf '@@path %s\\n' "$f"; echo @@pub; cat -- "$f.pub"; echo @@fp; ssh-keygen -l -f "$f.pub"`;
  // No comment asked: Ansible's default, with the host's own name (read there).
  const args = [script, 'runbook-user-keygen', p.name, file, p.ssh_key_type, p.ssh_key_comment ?? '', p.ssh_key_passphrase ?? '', ...(p.ssh_key_bits ? [String(p.ssh_key_bits)] : [])];
  return {
    changes: [{
      summary: `generate ${p.ssh_key_type} ssh key ${s.path ?? `~${p.name}/${file}`}`,
      apply: async () => {
        // The passphrase is an argument of this one command; the connection sends private tasks on stdin.
        const r = await ctx.conn.exec(`sh -c ${argv(args)}`, { signal: ctx.signal });
        if (r.code !== 0) throw new ModuleFailure(`Failed to generate the ssh key: ${r.stderr.trim() || `exit code ${r.code}`}`, { rc: r.code });
        const made = parseSshKey(r.stdout);
        return { ssh_key_file: made.path, ssh_public_key: made.publicKey, ssh_fingerprint: made.fingerprint };
      },
    }],
    data: { ssh_key_file: s.path ?? file },
  };
}
