// authorized_key: SSH public keys in a user's authorized_keys — ansible.posix.authorized_key: the same
// arguments, bytes and `changed` (authorized-key-plan.ts). The user, the file's path (~user/.ssh/authorized_keys
// unless `path`), its attributes and content are read by one command, so a no-op is one round trip. A write
// sets what Ansible sets: the .ssh directory 0700 (manage_dir) and the file 0600, owned by the user.

import { createHash } from 'node:crypto';
import { ModuleFailure } from '../../engine/errors.js';
import { argv } from '../../engine/quote.js';
import type { Fact } from '../../engine/module-api/module.js';
import { defineModule } from '../../engine/module-api/module.js';
import { decodeText } from '../files/diff-text.js';
import { editAuthorizedKeys } from './authorized-key-plan.js';

interface KeyFileState {
  user?: { uid: number; gid: number; home: string };
  path: string;
  /** Where a link at path points. */
  realpath?: string;
  content: Buffer | null;
}

const SCRIPT = `u=$1 p=$2
if ent=$(getent passwd "$u"); then echo "@@passwd $ent"; fi
if [ -z "$p" ]; then [ -n "$ent" ] || exit 0; h=$(printf '%s\\n' "$ent" | cut -d: -f6); p="$h/.ssh/authorized_keys"; fi
printf '@@path %s\\n' "$p"
if [ -L "$p" ]; then printf '@@real %s\\n' "$(readlink -f -- "$p")"; fi
if [ -f "$p" ]; then echo @@content; base64 < "$p" || exit 1; fi
exit 0`;

export function keyFileFact(user: string, path: string | undefined): Fact<KeyFileState> {
  return {
    key: `authorized_keys:${JSON.stringify([user, path ?? ''])}`,
    command: `sh -c ${argv([SCRIPT, 'runbook-authorized_key', user, path ?? ''])}`,
    parse: (stdout, code, stderr) => {
      if (code !== 0) throw new Error(`could not read the authorized keys of ${user}: ${stderr.trim() || `exit code ${code}`}`);
      const at = stdout.indexOf('@@content\n');
      const head = at === -1 ? stdout : stdout.slice(0, at);
      const pw = /^@@passwd [^:]*:[^:]*:(\d+):(\d+):[^:]*:([^:]*):/m.exec(head);
      return {
        user: pw ? { uid: Number(pw[1]), gid: Number(pw[2]), home: pw[3]! } : undefined,
        path: /^@@path (.*)$/m.exec(head)?.[1] ?? path ?? '',
        realpath: /^@@real (.*)$/m.exec(head)?.[1],
        content: at === -1 ? null : Buffer.from(stdout.slice(at + 10).replace(/\s+/g, ''), 'base64'),
      };
    },
  };
}

export const authorizedKey = defineModule({
  name: 'authorized_key',
  summary: "Add or remove SSH public keys in a user's authorized_keys (ansible.posix.authorized_key).",
  params: {
    type: 'object',
    additionalProperties: false,
    required: ['user', 'key'],
    properties: {
      user: { type: 'string', description: 'Whose authorized_keys (the user must exist, except in check mode with path).' },
      key: { type: 'string', description: 'The public key(s), one per line, as in authorized_keys (options before the type are kept).' },
      path: { type: 'string', description: 'Another file than ~USER/.ssh/authorized_keys.' },
      manage_dir: { type: 'boolean', default: true, description: "When writing, create the file's directory and make it 0700 and the user's (as Ansible does for ~/.ssh)." },
      state: { enum: ['present', 'absent'], default: 'present', description: 'Whether the key(s) should be there.' },
      key_options: { type: 'string', description: 'Options to put before the key (e.g. no-port-forwarding,from="10.0.0.1"), replacing its own.' },
      exclusive: { type: 'boolean', default: false, description: 'Remove every other line of the file (other keys, comments, blank lines).' },
      comment: { type: 'string', description: "Replace the key's comment." },
      follow: { type: 'boolean', default: false, description: 'When the file is a link, write where it points instead of replacing the link.' },
      validate_certs: { type: 'boolean', default: true, description: 'Accepted for Ansible compatibility (keys from a URL are not fetched by runbook).' },
    },
  },
  async plan(ctx, p) {
    if (p.key.startsWith('http')) {
      throw new ModuleFailure(`Error getting key from: ${p.key}`, {}, { hint: "fetch it on the controller: key: \"{{ lookup('url', URL, split_lines=False) }}\"" });
    }
    const [st] = await ctx.facts(keyFileFact(p.user, p.path));
    if (!st.user && !(ctx.check && p.path !== undefined)) {
      throw new ModuleFailure(ctx.check && p.path === undefined ? 'Either user must exist or you must provide full path to key file in check mode' : `Failed to lookup user ${p.user}: "getpwnam(): name not found: '${p.user}'"`);
    }
    const existing = st.content === null ? '' : decodeText(st.content);
    if (existing === undefined) throw new ModuleFailure(`${st.path} is not UTF-8 text`);
    const after = editAuthorizedKeys(p, existing);
    const data = { user: p.user, key: p.key, keyfile: st.path, state: p.state, exclusive: p.exclusive, manage_dir: p.manage_dir, path: p.path ?? null, key_options: p.key_options ?? null, comment: p.comment ?? null, follow: p.follow };
    if (after === undefined) return { changes: [], data, reason: `${st.path}: ${p.state === 'present' ? 'the key is there' : 'no such key'}${p.exclusive ? ', and no other' : ''}` };
    const target = p.follow && st.realpath ? st.realpath : st.path;
    const user = st.user;
    return {
      changes: [{
        summary: `${st.path}: ${p.state === 'present' ? 'add or update' : 'remove'} the key${p.exclusive ? ', remove the others' : ''}`,
        diff: { header: st.path, before: existing, after },
        apply: async () => {
          if (!user) throw new ModuleFailure(`Failed to lookup user ${p.user}`);
          const dir = target.slice(0, target.lastIndexOf('/')) || '/';
          if (p.manage_dir) {
            const r = await ctx.conn.exec(`sh -c ${argv([`[ -d "$1" ] || mkdir -m 0700 -- "$1" || exit 1; chown "$2" -- "$1" && chmod 0700 -- "$1"`, 'runbook-ssh-dir', dir, `${user.uid}:${user.gid}`])}`, { signal: ctx.signal });
            if (r.code !== 0) throw new ModuleFailure(`Failed to create directory ${dir} : ${r.stderr.trim()}`);
          }
          // A link at path is replaced by the file (as Ansible's atomic move does) unless follow.
          if (!p.follow && st.realpath) await ctx.conn.exec(`rm -f -- ${argv([st.path])}`, { signal: ctx.signal });
          const read = st.content === null || (!p.follow && st.realpath) ? 'absent' : createHash('sha256').update(st.content).digest('hex');
          await ctx.conn.put(target, after, { mode: '0600', owner: String(user.uid), group: String(user.gid), parents: true, expect: read });
        },
      }],
      data,
    };
  },
});
