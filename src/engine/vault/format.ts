// The ansible-vault file format, 1.1 and 1.2 with the AES256 cipher, exactly as ansible-core writes it
// (ansible/parsing/vault/__init__.py, VaultAES256), so that either tool decrypts what the other encrypts:
//
//   $ANSIBLE_VAULT;1.1;AES256            (1.2 adds `;label`: the vault id the password belongs to)
//   hex( hex(salt) \n hex(hmac) \n hex(ciphertext) ), in lines of 80 characters, each ending in \n
//
// key material = PBKDF2-HMAC-SHA256(password, salt, 10000 iterations, 80 bytes): 32 bytes of AES-256 key,
// 32 bytes of HMAC-SHA256 key, 16 bytes of initial counter. The plaintext is PKCS#7-padded to 16 bytes even
// though CTR needs no padding (Ansible does, so we must), the HMAC covers the ciphertext only.

import { createCipheriv, createDecipheriv, createHmac, pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto';

export const VAULT_HEADER = '$ANSIBLE_VAULT';
export const DEFAULT_VAULT_ID = 'default';
const ITERATIONS = 10_000;
const SALT_BYTES = 32;

export interface Envelope {
  version: string;
  cipher: string;
  /** The vault id of a 1.2 envelope; 'default' for 1.1. */
  vaultId: string;
  /** The hexlified payload, whitespace removed. */
  body: string;
}

/** Text (a file, an inline `!vault` value) that is a vault envelope. Leading whitespace is allowed, as in Ansible. */
export function isVaulted(text: string | Buffer): boolean {
  const s = typeof text === 'string' ? text : text.subarray(0, 64).toString('latin1');
  return s.trimStart().startsWith(VAULT_HEADER);
}

export class VaultFormatError extends Error {}

export function parseEnvelope(text: string): Envelope {
  const lines = text.trim().split(/\r?\n/).map((l) => l.trim());
  const header = lines[0]!.split(';').map((p) => p.trim());
  if (header[0] !== VAULT_HEADER || header.length < 3) throw new VaultFormatError(`not a vault header: "${lines[0]}"`);
  const [, version = '', cipher = '', label] = header;
  if (version !== '1.1' && version !== '1.2') throw new VaultFormatError(`vault format version ${version} is not supported (1.1 and 1.2 are)`);
  if (cipher !== 'AES256') throw new VaultFormatError(`vault cipher ${cipher} is not supported (AES256 is)`);
  const body = lines.slice(1).join('');
  if (!/^(?:[0-9a-fA-F]{2})+$/.test(body)) throw new VaultFormatError('the vault body is not hexadecimal text (the file may be damaged)');
  return { version, cipher, vaultId: label || DEFAULT_VAULT_ID, body };
}

interface Keys {
  aesKey: Buffer;
  hmacKey: Buffer;
  iv: Buffer;
}

function deriveKeys(password: string, salt: Buffer): Keys {
  const material = pbkdf2Sync(Buffer.from(password, 'utf8'), salt, ITERATIONS, 80, 'sha256');
  return { aesKey: material.subarray(0, 32), hmacKey: material.subarray(32, 64), iv: material.subarray(64, 80) };
}

function pad(data: Buffer): Buffer {
  const n = 16 - (data.length % 16);
  return Buffer.concat([data, Buffer.alloc(n, n)]);
}

function unpad(data: Buffer): Buffer {
  const n = data[data.length - 1] ?? 0;
  if (n < 1 || n > 16 || n > data.length || !data.subarray(data.length - n).every((b) => b === n)) {
    throw new VaultFormatError('bad padding after decryption (the file may be damaged)');
  }
  return data.subarray(0, data.length - n);
}

/** Encrypt to the exact bytes ansible-vault writes (`salt` only for tests that compare with fixed vectors). */
export function encryptVault(plaintext: Buffer | string, password: string, vaultId = DEFAULT_VAULT_ID, salt: Buffer = randomBytes(SALT_BYTES)): string {
  const data = typeof plaintext === 'string' ? Buffer.from(plaintext, 'utf8') : plaintext;
  const keys = deriveKeys(password, salt);
  const cipher = createCipheriv('aes-256-ctr', keys.aesKey, keys.iv);
  const ciphertext = Buffer.concat([cipher.update(pad(data)), cipher.final()]);
  const hmac = createHmac('sha256', keys.hmacKey).update(ciphertext).digest();
  const inner = [salt, hmac, ciphertext].map((b) => b.toString('hex')).join('\n');
  const body = Buffer.from(inner, 'latin1').toString('hex');
  const header = vaultId && vaultId !== DEFAULT_VAULT_ID ? `${VAULT_HEADER};1.2;AES256;${vaultId}` : `${VAULT_HEADER};1.1;AES256`;
  const lines = [header];
  for (let i = 0; i < body.length; i += 80) lines.push(body.slice(i, i + 80));
  return `${lines.join('\n')}\n`;
}

/**
 * Decrypt an envelope with one password: the plaintext, or undefined when the HMAC says this password is
 * not the one (the caller tries the next). A damaged envelope throws VaultFormatError.
 */
export function decryptWith(envelope: Envelope, password: string): Buffer | undefined {
  const parts = Buffer.from(envelope.body, 'hex').toString('latin1').split('\n');
  if (parts.length !== 3 || !parts.every((p) => /^(?:[0-9a-fA-F]{2})*$/.test(p))) {
    throw new VaultFormatError('the vault payload is not salt, hmac and ciphertext (the file may be damaged)');
  }
  const [salt, hmac, ciphertext] = parts.map((p) => Buffer.from(p, 'hex')) as [Buffer, Buffer, Buffer];
  const keys = deriveKeys(password, salt);
  const expected = createHmac('sha256', keys.hmacKey).update(ciphertext).digest();
  if (hmac.length !== expected.length || !timingSafeEqual(hmac, expected)) return undefined;
  const decipher = createDecipheriv('aes-256-ctr', keys.aesKey, keys.iv);
  return unpad(Buffer.concat([decipher.update(ciphertext), decipher.final()]));
}
