// OpenSSH known_hosts, read and appended the way ssh(1) does it: host patterns with `*`/`?` wildcards and
// `!` negation, `[host]:port` names for non-standard ports, hashed `|1|salt|hmac` names, `@revoked` and
// `@cert-authority` markers. No maintained npm package parses this format, so it lives here (small, tested).

import { createHash, createHmac, randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

export interface KnownHostEntry {
  /** 1-based line number in the file, for "remove line N" hints. */
  line: number;
  marker?: 'revoked' | 'cert-authority';
  /** The host field as written: comma-separated patterns or one hashed name. */
  hosts: string;
  keyType: string;
  /** Base64 of the key blob. */
  key: string;
}

export type HostKeyStatus =
  | { status: 'known'; entry: KnownHostEntry }
  | { status: 'unknown'; otherTypes: string[] }
  | { status: 'changed'; entry: KnownHostEntry }
  | { status: 'revoked'; entry: KnownHostEntry };

/** Parse known_hosts text; malformed lines and comments are skipped like ssh does. */
export function parseKnownHosts(text: string): KnownHostEntry[] {
  const out: KnownHostEntry[] = [];
  text.split('\n').forEach((raw, i) => {
    const fields = raw.trim().split(/\s+/);
    if (fields[0] === '' || fields[0]!.startsWith('#')) return;
    let marker: KnownHostEntry['marker'];
    if (fields[0]!.startsWith('@')) {
      const m = fields.shift()!;
      if (m !== '@revoked' && m !== '@cert-authority') return;
      marker = m.slice(1) as KnownHostEntry['marker'];
    }
    const [hosts, keyType, key] = fields;
    if (!hosts || !keyType || !key) return;
    out.push({ line: i + 1, marker, hosts, keyType, key });
  });
  return out;
}

/** The name ssh looks up: `host` on port 22, `[host]:port` otherwise. */
export function knownHostsName(host: string, port = 22): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

/** OpenSSH's wildcard match: `*` any run, `?` one character, case-insensitive like hostnames. */
export function wildcardMatch(pattern: string, name: string): boolean {
  const re = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${re}$`, 'i').test(name);
}

function hashedMatch(field: string, name: string): boolean {
  const [, kind, salt, hash] = field.split('|');
  if (kind !== '1' || !salt || !hash) return false;
  const mac = createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64');
  return mac === hash;
}

/** Does an entry's host field name this host? A matching `!pattern` excludes it whatever else matches. */
export function hostFieldMatches(field: string, name: string): boolean {
  if (field.startsWith('|')) return hashedMatch(field, name);
  let hit = false;
  for (const pattern of field.split(',')) {
    if (pattern.startsWith('!')) {
      if (wildcardMatch(pattern.slice(1), name)) return false;
    } else if (wildcardMatch(pattern, name)) hit = true;
  }
  return hit;
}

/** The key type named inside an SSH public key blob (its first string). */
export function keyTypeOf(blob: Buffer): string {
  const len = blob.readUInt32BE(0);
  return blob.subarray(4, 4 + len).toString('latin1');
}

/** `SHA256:...` as ssh-keygen -l prints it. */
export function fingerprint(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

/**
 * Check a host's key against the entries. A key of the same type with different bytes is `changed`; keys of
 * other types only are `unknown` (with `otherTypes`, so the caller can prefer those algorithms).
 */
export function checkHostKey(entries: KnownHostEntry[], name: string, blob: Buffer): HostKeyStatus {
  const type = keyTypeOf(blob);
  const b64 = blob.toString('base64');
  const mine = entries.filter((e) => e.marker !== 'cert-authority' && hostFieldMatches(e.hosts, name));
  const revoked = mine.find((e) => e.marker === 'revoked' && e.key === b64);
  if (revoked) return { status: 'revoked', entry: revoked };
  const plain = mine.filter((e) => e.marker === undefined);
  const same = plain.find((e) => e.key === b64);
  if (same) return { status: 'known', entry: same };
  const changed = plain.find((e) => e.keyType === type);
  if (changed) return { status: 'changed', entry: changed };
  return { status: 'unknown', otherTypes: [...new Set(plain.map((e) => e.keyType))] };
}

/** Key types recorded for a host (no key bytes needed), to order the server host key algorithms. */
export function knownKeyTypes(entries: KnownHostEntry[], name: string): string[] {
  return [...new Set(entries.filter((e) => e.marker === undefined && hostFieldMatches(e.hosts, name)).map((e) => e.keyType))];
}

export function readKnownHosts(file: string): KnownHostEntry[] {
  try {
    return parseKnownHosts(readFileSync(file, 'utf8'));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
}

/** One known_hosts line; `hash` writes the name as `|1|salt|hmac` like HashKnownHosts yes. */
export function formatKnownHostsLine(name: string, blob: Buffer, opts: { hash?: boolean } = {}): string {
  let field = name;
  if (opts.hash) {
    const salt = randomBytes(20);
    field = `|1|${salt.toString('base64')}|${createHmac('sha1', salt).update(name).digest('base64')}`;
  }
  return `${field} ${keyTypeOf(blob)} ${blob.toString('base64')}\n`;
}

/**
 * Record a key. One write(2) on an O_APPEND descriptor: concurrent runbook processes (and ssh itself)
 * appending to the same file never interleave or lose each other's lines, which a rewrite-and-rename would.
 */
export function appendKnownHost(file: string, line: string): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  let prefix = '';
  try {
    const text = readFileSync(file);
    if (text.length > 0 && text[text.length - 1] !== 0x0a) prefix = '\n';
  } catch {
    // missing: created below
  }
  const fd = openSync(file, 'a', 0o600);
  try {
    writeSync(fd, prefix + line);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
