// known_hosts: a host's key in a known_hosts file — Ansible's known_hosts module: the host is looked up with
// `ssh-keygen -F` (so hashed entries, [host]:port and several names per line match as in Ansible), a key of
// the same type is replaced in place of its line, a new one appended, hash_host hashes the name (HMAC-SHA1
// with a random salt, as ssh-keygen -H). The lookup, the check that the key names the host and the file's
// content are one command.

import { createHash, createHmac, randomBytes } from 'node:crypto';
import { ModuleFailure } from '../../engine/errors.js';
import { argv } from '../../engine/quote.js';
import type { Fact } from '../../engine/module-api/module.js';
import { defineModule } from '../../engine/module-api/module.js';
import { searchHostKey } from './known-hosts-plan.js';

interface KnownHostsState {
  /** The path with ~ expanded on the host. */
  path: string;
  exists: boolean;
  /** ssh-keygen -F HOST -f PATH. */
  search: { rc: number; stdout: string; stderr: string };
  /** ssh-keygen -F HOST on the key alone: '' when the key does not name the host. */
  sanity?: string;
  content: string;
}

const SCRIPT = `h=$1 p=$2 key=$3
case $p in "~/"*) p="$HOME/\${p#"~/"}" ;; "~") p=$HOME ;; esac
printf '@@path %s\\n' "$p"
if [ -n "$key" ]; then
  t=$(mktemp) || exit 1
  printf '%s' "$key" > "$t"; echo @@sanity; ssh-keygen -F "$h" -f "$t" 2>/dev/null; rm -f -- "$t"
fi
if [ -e "$p" ]; then
  e=$(mktemp) || exit 1
  echo @@search; ssh-keygen -F "$h" -f "$p" 2>"$e"; echo "@@rc $?"; echo @@stderr; cat -- "$e"; rm -f -- "$e"
  echo @@content; base64 < "$p"
fi
exit 0`;

function knownHostsFact(host: string, path: string, key: string | undefined): Fact<KnownHostsState> {
  return {
    key: `known_hosts:${JSON.stringify([host, path, key ?? ''])}`,
    command: `sh -c ${argv([SCRIPT, 'runbook-known_hosts', host, path, key ?? ''])}`,
    parse: (stdout, code, stderr) => {
      if (code !== 0) throw new Error(`could not read ${path}: ${stderr.trim() || `exit code ${code}`}`);
      const part = (tag: string, next: string) => {
        const at = stdout.indexOf(`@@${tag}\n`);
        if (at === -1) return undefined;
        const end = stdout.indexOf(`@@${next}`, at);
        return stdout.slice(at + tag.length + 3, end === -1 ? undefined : end);
      };
      const search = part('search', 'rc ');
      return {
        path: /^@@path (.*)$/m.exec(stdout)?.[1] ?? path,
        exists: search !== undefined,
        search: { rc: Number(/^@@rc (\d+)$/m.exec(stdout)?.[1] ?? 0), stdout: search ?? '', stderr: part('stderr', 'content') ?? '' },
        sanity: part('sanity', 'search'),
        content: Buffer.from((part('content', '\u0000') ?? '').replace(/\s+/g, ''), 'base64').toString('utf8'),
      };
    },
  };
}

/**
 * The salt of a hashed name. Ansible draws a random one; here it is derived from what the task asks (and the
 * inventory host), so check mode predicts the very bytes apply writes. It still differs per target, path,
 * name and key, so equal names do not hash alike across hosts' files.
 */
function saltFor(target: string, path: string, host: string, key: string): Buffer {
  return createHash('sha1').update(JSON.stringify(['runbook known_hosts salt', target, path, host, key.trim()])).digest();
}

/** hash_host_key: the host field replaced by |1|salt|hmac, as ssh-keygen -H writes it. */
export function hashHostKey(host: string, key: string, salt: Buffer = randomBytes(20)): string {
  const hashed = createHmac('sha1', salt).update(host).digest('base64');
  const parts = key.trim().split(/\s+/);
  parts[parts[0]!.startsWith('@') ? 1 : 0] = `|1|${salt.toString('base64')}|${hashed}`;
  return parts.join(' ');
}

export const knownHosts = defineModule({
  name: 'known_hosts',
  summary: 'Add or remove a host key in a known_hosts file (ssh-keygen -F lookup, optional hashing), as Ansible does.',
  aliases: { host: 'name' },
  params: {
    type: 'object',
    additionalProperties: false,
    required: ['name'],
    properties: {
      name: { type: 'string', description: 'The host (name, address, or [host]:port) whose key is managed.' },
      key: { type: 'string', description: 'The known_hosts line: "HOST TYPE KEY" (as ssh-keyscan prints it). Required for state=present.' },
      path: { type: 'string', default: '~/.ssh/known_hosts', description: 'The known_hosts file (~ is the home of the user running the task).' },
      hash_host: { type: 'boolean', default: false, description: 'Write the host name hashed (|1|salt|hmac), as ssh-keygen -H does.' },
      state: { enum: ['present', 'absent'], default: 'present', description: 'present: the key is there (replacing a key of the same type). absent: the key (or, without key, every key of the host) is removed.' },
    },
  },
  async plan(ctx, p) {
    const host = p.name.toLowerCase();
    if (!p.key && p.state !== 'absent') throw new ModuleFailure('No key specified when adding a host');
    let key = p.key ? (p.hash_host ? hashHostKey(host, p.key, saltFor(ctx.host, p.path, host, p.key)) : p.key) : undefined;
    if (key && !key.endsWith('\n')) key += '\n';
    if (key && /\S+(\s+)?,(\s+)?/.test(host)) throw new ModuleFailure('Comma separated list of names is not supported. Please pass a single name to lookup in the known_hosts file.');
    const [st] = await ctx.facts(knownHostsFact(host, p.path, key));
    if (key && st.sanity === '') throw new ModuleFailure('Host parameter does not match hashed host field in supplied key');
    const s = searchHostKey(key, st);
    const data = { name: p.name, key: p.key ?? null, path: p.path, hash_host: p.hash_host, state: p.state };
    const noop = (reason: string) => ({ changes: [], data, reason });
    if (p.state === 'absent' && s.foundLine === undefined && key) return noop(`${st.path}: no such key for ${host}`);
    const present = p.state === 'present';
    if (!(s.replaceOrAdd || present !== s.found)) return noop(present ? `${st.path}: ${host} has this key` : `${st.path}: no key for ${host}`);
    const lines = st.content.split(/(?<=\n)/).filter((l) => l !== '');
    if (!key) {
      // Every line ssh-keygen found is removed: ssh-keygen -R (which keeps PATH.old, as with Ansible).
      const after = lines.filter((_, i) => !s.allLines.includes(i + 1)).join('');
      return { changes: [{ summary: `${st.path}: remove every key of ${host}`, diff: { header: st.path, before: st.content, after }, run: argv(['ssh-keygen', '-R', host, '-f', st.path]), failure: `ssh-keygen -R ${host} failed` }], data };
    }
    const kept = lines.filter((_, i) => !(s.foundLine === i + 1 && (s.replaceOrAdd || !present)));
    const after = kept.join('') + (present ? key : '');
    const expectSha = st.exists ? createHash('sha256').update(st.content).digest('hex') : 'absent';
    return {
      changes: [{
        summary: `${st.path}: ${present ? (s.found ? 'replace' : 'add') : 'remove'} the ${key.trim().split(/\s+/)[key.startsWith('@') ? 2 : 1]} key of ${host}`,
        diff: { header: st.path, before: st.content, after },
        // A new file is 0644 (Ansible's atomic move under umask 022); an existing one keeps its mode.
        apply: async () => void (await ctx.conn.put(st.path, after, { ...(st.exists ? {} : { mode: '0644' }), expect: expectSha })),
      }],
      data,
    };
  },
});
