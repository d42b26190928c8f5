// SHA-crypt ($5$ sha256, $6$ sha512; Ulrich Drepper's specification, as glibc's crypt(3)): what Ansible's
// password_hash writes when passlib is absent, so a user's /etc/shadow entry is the same from either tool.

import { createHash } from 'node:crypto';

const B64 = './0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const ORDER = {
  sha512: [[0, 21, 42], [22, 43, 1], [44, 2, 23], [3, 24, 45], [25, 46, 4], [47, 5, 26], [6, 27, 48], [28, 49, 7], [50, 8, 29], [9, 30, 51], [31, 52, 10], [53, 11, 32], [12, 33, 54], [34, 55, 13], [56, 14, 35], [15, 36, 57], [37, 58, 16], [59, 17, 38], [18, 39, 60], [40, 61, 19], [62, 20, 41]],
  sha256: [[0, 10, 20], [21, 1, 11], [12, 22, 2], [3, 13, 23], [24, 4, 14], [15, 25, 5], [6, 16, 26], [27, 7, 17], [18, 28, 8], [9, 19, 29]],
} as const;

function b64(w: number, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++, w >>>= 6) s += B64[w & 0x3f];
  return s;
}

/** `n` bytes made of `block` repeated. */
function stretch(block: Buffer, n: number): Buffer {
  const out = Buffer.alloc(n);
  for (let i = 0; i < n; i += block.length) block.copy(out, i, 0, Math.min(block.length, n - i));
  return out;
}

export function shaCrypt(alg: 'sha256' | 'sha512', password: string, saltIn: string, rounds = 5000): string {
  const H = (...parts: Buffer[]) => createHash(alg).update(Buffer.concat(parts)).digest();
  const P = Buffer.from(password, 'utf8');
  const S = Buffer.from(saltIn.slice(0, 16), 'utf8');
  const size = alg === 'sha512' ? 64 : 32;
  const B = H(P, S, P);
  const a: Buffer[] = [P, S, stretch(B, P.length)];
  for (let i = P.length; i > 0; i >>= 1) a.push(i & 1 ? B : P);
  let C = H(...a);
  const Pp = stretch(H(...Array<Buffer>(P.length).fill(P)), P.length);
  const Sp = stretch(H(...Array<Buffer>(16 + C[0]!).fill(S)), S.length);
  for (let r = 0; r < rounds; r++) {
    const parts: Buffer[] = [r & 1 ? Pp : C];
    if (r % 3) parts.push(Sp);
    if (r % 7) parts.push(Pp);
    parts.push(r & 1 ? C : Pp);
    C = H(...parts);
  }
  let out = '';
  for (const [x, y, z] of ORDER[alg]) out += b64((C[x]! << 16) | (C[y]! << 8) | C[z]!, 4);
  out += alg === 'sha512' ? b64(C[63]!, 2) : b64((C[31]! << 8) | C[30]!, 3);
  const id = alg === 'sha512' ? '6' : '5';
  return `$${id}$${rounds === 5000 ? '' : `rounds=${rounds}$`}${S.toString('utf8')}$${out}`;
}

/** The characters of a crypt salt. */
export const SALT_CHARS = B64;
