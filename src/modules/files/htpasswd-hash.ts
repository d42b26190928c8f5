// The password hashes of Apache's htpasswd files, computed on the controller (the clear password never
// reaches the host): the schemes community.general.htpasswd writes through passlib, with passlib's formats
// and default costs, so the same salt gives the same bytes. md5-crypt (`$1$`, and Apache's `$apr1$`
// variant) is Poul-Henning Kamp's algorithm; `$5$`/`$6$` are Ulrich Drepper's SHA-crypt.

import { createHash, randomInt } from 'node:crypto';

export const SCHEMES = ['apr_md5_crypt', 'md5_crypt', 'sha256_crypt', 'sha512_crypt', 'ldap_sha1', 'plaintext'] as const;
export type Scheme = (typeof SCHEMES)[number];

const ITOA64 = './0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
/** passlib's default rounds, written into the hash as `rounds=N$`. */
const SHA_ROUNDS = { sha256: 535000, sha512: 656000 };

/** A new hash of `password` under `scheme`, with a fresh random salt. */
export function hashPassword(scheme: Scheme, password: string): string {
  const pw = Buffer.from(password);
  switch (scheme) {
    case 'apr_md5_crypt':
      return md5Crypt(pw, salt(8), '$apr1$');
    case 'md5_crypt':
      return md5Crypt(pw, salt(8), '$1$');
    case 'sha256_crypt':
      return shaCrypt(pw, salt(16), 'sha256', SHA_ROUNDS.sha256, true);
    case 'sha512_crypt':
      return shaCrypt(pw, salt(16), 'sha512', SHA_ROUNDS.sha512, true);
    case 'ldap_sha1':
      return `{SHA}${createHash('sha1').update(pw).digest('base64')}`;
    case 'plaintext':
      return password;
  }
}

/** A hash with a given salt (and rounds): what tests compare with passlib's output byte for byte. */
export function hashWithSalt(scheme: 'apr_md5_crypt' | 'md5_crypt' | 'sha256_crypt' | 'sha512_crypt', password: string, saltText: string, rounds?: number): string {
  const pw = Buffer.from(password);
  if (scheme === 'apr_md5_crypt' || scheme === 'md5_crypt') return md5Crypt(pw, saltText, scheme === 'md5_crypt' ? '$1$' : '$apr1$');
  const alg = scheme === 'sha256_crypt' ? 'sha256' : 'sha512';
  return shaCrypt(pw, saltText, alg, rounds ?? SHA_ROUNDS[alg], rounds !== 5000);
}

/**
 * Whether `hash` is `password`'s; undefined when its scheme is one runbook cannot check (bcrypt, DES crypt).
 * Anything that looks like no known scheme is plain text, as passlib's htpasswd context reads it.
 */
export function verifyPassword(hash: string, password: string): boolean | undefined {
  const pw = Buffer.from(password);
  let m: RegExpExecArray | null;
  if ((m = /^(\$apr1\$|\$1\$)([^$]{0,8})\$[./0-9A-Za-z]{22}$/.exec(hash))) return md5Crypt(pw, m[2]!, m[1]!) === hash;
  if ((m = /^\$([56])\$(?:rounds=(\d+)\$)?([^$]{0,16})\$[./0-9A-Za-z]+$/.exec(hash))) {
    const alg = m[1] === '5' ? 'sha256' : 'sha512';
    return shaCrypt(pw, m[3]!, alg, m[2] === undefined ? 5000 : clampRounds(Number(m[2])), m[2] !== undefined) === hash;
  }
  if (hash.startsWith('{SHA}')) return hashPassword('ldap_sha1', password) === hash;
  if (uncheckedScheme(hash)) return undefined;
  return hash === password;
}

/** Schemes passlib's htpasswd context reads that runbook does not compute, by their look. */
const UNCHECKED: readonly [string, RegExp][] = [
  ['bcrypt', /^\$2[abxy]?\$/],
  ['des_crypt', /^[./0-9A-Za-z]{13}$/],
];

/** The name of the scheme of a stored hash runbook cannot check (verifyPassword: undefined), else undefined. */
export function uncheckedScheme(hash: string): string | undefined {
  return UNCHECKED.find(([, re]) => re.test(hash))?.[0];
}

function salt(n: number): string {
  return Array.from({ length: n }, () => ITOA64[randomInt(64)]).join('');
}

function clampRounds(n: number): number {
  return Math.min(999_999_999, Math.max(1000, n));
}

/** `n` characters of crypt's base64 for the low bits of `v`, least significant first. */
function to64(v: number, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++, v >>>= 6) s += ITOA64[v & 0x3f];
  return s;
}

function md5Crypt(pw: Buffer, saltText: string, magic: string): string {
  const salt = Buffer.from(saltText.slice(0, 8));
  const md5 = () => createHash('md5');
  const alt = md5().update(pw).update(salt).update(pw).digest();
  const ctx = md5().update(pw).update(magic).update(salt);
  for (let i = pw.length; i > 0; i -= 16) ctx.update(alt.subarray(0, Math.min(16, i)));
  for (let i = pw.length; i > 0; i >>>= 1) ctx.update(i & 1 ? Buffer.alloc(1) : pw.subarray(0, 1));
  let fin = ctx.digest();
  for (let i = 0; i < 1000; i++) {
    const c = md5().update(i & 1 ? pw : fin);
    if (i % 3) c.update(salt);
    if (i % 7) c.update(pw);
    fin = c.update(i & 1 ? fin : pw).digest();
  }
  let out = '';
  for (const [a, b, c] of [[0, 6, 12], [1, 7, 13], [2, 8, 14], [3, 9, 15], [4, 10, 5]] as const) out += to64((fin[a]! << 16) | (fin[b]! << 8) | fin[c]!, 4);
  return `${magic}${salt.toString()}$${out}${to64(fin[11]!, 2)}`;
}

/** The byte order of SHA-crypt's final encoding: triples, then the last one or two bytes. */
const SHA_ORDER = {
  sha256: { triples: [[0, 10, 20], [21, 1, 11], [12, 22, 2], [3, 13, 23], [24, 4, 14], [15, 25, 5], [6, 16, 26], [27, 7, 17], [18, 28, 8], [9, 19, 29]], tail: (d: Buffer) => to64((d[31]! << 8) | d[30]!, 3) },
  sha512: {
    triples: [[0, 21, 42], [22, 43, 1], [44, 2, 23], [3, 24, 45], [25, 46, 4], [47, 5, 26], [6, 27, 48], [28, 49, 7], [50, 8, 29], [9, 30, 51], [31, 52, 10], [53, 11, 32], [12, 33, 54], [34, 55, 13], [56, 14, 35], [15, 36, 57], [37, 58, 16], [59, 17, 38], [18, 39, 60], [40, 61, 19], [62, 20, 41]],
    tail: (d: Buffer) => to64(d[63]!, 2),
  },
};

function shaCrypt(pw: Buffer, saltText: string, alg: 'sha256' | 'sha512', rounds: number, showRounds: boolean): string {
  const salt = Buffer.from(saltText.slice(0, 16));
  const h = () => createHash(alg);
  const size = alg === 'sha256' ? 32 : 64;
  const b = h().update(pw).update(salt).update(pw).digest();
  const a = h().update(pw).update(salt);
  let i = pw.length;
  for (; i > size; i -= size) a.update(b);
  a.update(b.subarray(0, i));
  for (i = pw.length; i > 0; i >>>= 1) a.update(i & 1 ? b : pw);
  let c = a.digest();
  const dp = h();
  for (i = 0; i < pw.length; i++) dp.update(pw);
  const p = repeat(dp.digest(), pw.length);
  const ds = h();
  for (i = 0; i < 16 + c[0]!; i++) ds.update(salt);
  const s = repeat(ds.digest(), salt.length);
  for (let r = 0; r < rounds; r++) {
    const x = h().update(r & 1 ? p : c);
    if (r % 3) x.update(s);
    if (r % 7) x.update(p);
    c = x.update(r & 1 ? c : p).digest();
  }
  const order = SHA_ORDER[alg];
  let out = '';
  for (const [x, y, z] of order.triples) out += to64((c[x!]! << 16) | (c[y!]! << 8) | c[z!]!, 4);
  const prefix = alg === 'sha256' ? '$5$' : '$6$';
  return `${prefix}${showRounds ? `rounds=${rounds}$` : ''}${salt.toString()}$${out}${order.tail(c)}`;
}

/** `digest` repeated to `n` bytes. */
function repeat(digest: Buffer, n: number): Buffer {
  const out = Buffer.alloc(n);
  for (let i = 0; i < n; i += digest.length) digest.copy(out, i, 0, Math.min(digest.length, n - i));
  return out;
}
