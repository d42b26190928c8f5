// The vault format against ansible-core itself: with the same salt, runbook's envelope is Ansible's byte for
// byte (1.1 and 1.2, every padding length, binary and UTF-8 text); files ansible-vault encrypts (random salt)
// decrypt to the same bytes; what runbook encrypts, ansible-vault decrypts to the same bytes.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decryptWith, encryptVault, isVaulted, parseEnvelope } from '../../src/engine/vault/format.js';
import { VaultKeyring } from '../../src/engine/vault/keyring.js';
import { InvalidInputError, formatProblem } from '../../src/engine/errors.js';
import { ansibleEncryptWithSalt, ansibleVault, vaultOracleMissing, type VectorInput } from '../helpers/vault-oracle.js';

const skip = vaultOracleMissing();
const dir = mkdtempSync(join(tmpdir(), 'runbook-vault-format-'));
const binary = Buffer.from(Array.from({ length: 300 }, (_, i) => (i * 37) & 0xff));

const CASES: VectorInput[] = [
  { plaintext: Buffer.from(''), password: 'pw', vaultId: 'default', salt: Buffer.alloc(32, 1) },
  { plaintext: Buffer.from('s3cret'), password: 'correct horse', vaultId: 'default', salt: Buffer.alloc(32, 7) },
  { plaintext: Buffer.from('0123456789abcdef'), password: 'pw', vaultId: 'prod', salt: Buffer.alloc(32, 0xab) },
  { plaintext: Buffer.from('0123456789abcde'), password: 'pw', vaultId: 'default', salt: Buffer.alloc(32, 2) },
  { plaintext: Buffer.from('db_password: "é€ 😀"\nport: 5432\n'), password: 'pässwörd', vaultId: 'dev', salt: Buffer.from('00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff', 'hex') },
  { plaintext: binary, password: 'x', vaultId: 'default', salt: Buffer.alloc(32, 0xfe) },
];

test('same salt: runbook writes the envelope ansible-core writes, byte for byte', () => {
  if (skip) return console.log(`skipped: ${skip}`);
  const theirs = ansibleEncryptWithSalt(CASES);
  CASES.forEach((c, i) => {
    const ours = encryptVault(c.plaintext, c.password, c.vaultId, c.salt);
    assert.is(ours, theirs[i], `case ${i}`);
    assert.ok(decryptWith(parseEnvelope(theirs[i]!), c.password)!.equals(c.plaintext), `case ${i} decrypts`);
  });
  assert.match(theirs[2]!, /^\$ANSIBLE_VAULT;1\.2;AES256;prod\n/);
  assert.match(theirs[1]!, /^\$ANSIBLE_VAULT;1\.1;AES256\n/);
});

test('files ansible-vault encrypts, runbook decrypts to the same bytes (and the other way)', () => {
  if (skip) return console.log(`skipped: ${skip}`);
  writeFileSync(join(dir, 'pw'), 'interop-pw\n');
  const plain = Buffer.concat([Buffer.from('secret: "two\nlines"\n'), binary]);
  writeFileSync(join(dir, 'theirs'), plain);
  let r = ansibleVault(['encrypt', '--vault-id', `ops@${join(dir, 'pw')}`, join(dir, 'theirs')]);
  assert.is(r.code, 0, r.stderr);
  const keyring = new VaultKeyring([{ id: 'other', password: 'wrong', source: 'test' }, { id: 'ops', password: 'interop-pw', source: 'test' }]);
  assert.ok(keyring.decrypt(readFileSync(join(dir, 'theirs'), 'utf8')).plaintext.equals(plain));

  writeFileSync(join(dir, 'ours'), new VaultKeyring([{ id: 'default', password: 'interop-pw', source: 'test' }]).encrypt(plain));
  r = ansibleVault(['decrypt', '--vault-password-file', join(dir, 'pw'), join(dir, 'ours')]);
  assert.is(r.code, 0, r.stderr);
  assert.ok(readFileSync(join(dir, 'ours')).equals(plain));
});

test('a wrong password is refused by the HMAC, a damaged envelope says so, both located', () => {
  const text = encryptVault('hello', 'right');
  assert.is(decryptWith(parseEnvelope(text), 'wrong'), undefined);
  assert.ok(isVaulted(`  ${text}`));
  const loc = { file: 'vars.yaml', line: 3, col: 9 };
  const problem = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      assert.instance(e, InvalidInputError);
      return formatProblem((e as InvalidInputError).problems[0]!);
    }
    assert.unreachable('no error');
  };
  assert.match(problem(() => new VaultKeyring().decrypt(text, loc))!, 'vars.yaml:3:9: vaulted value but no vault password');
  assert.match(problem(() => new VaultKeyring([{ id: 'default', password: 'wrong', source: 'f' }]).decrypt(text, loc))!, 'vars.yaml:3:9: vaulted value: no vault password given decrypts it');
  assert.match(problem(() => new VaultKeyring([{ id: 'default', password: 'right', source: 'f' }]).decrypt(text.replace(/\n[0-9a-f]{4}/, '\nzzzz'), loc))!, 'not hexadecimal');
  assert.match(problem(() => new VaultKeyring([{ id: 'a', password: 'x', source: 'f' }, { id: 'b', password: 'y', source: 'f' }]).encrypt('x'))!, '--encrypt-vault-id');
});

test('the label decides the order: the matching id first, then every other', () => {
  const k = new VaultKeyring([{ id: 'a', password: '1', source: '' }, { id: 'b', password: '2', source: '' }, { id: 'c', password: '3', source: '' }]);
  assert.equal(k.candidates('b').map((s) => s.id), ['b', 'a', 'c']);
  assert.ok(k.decrypt(encryptVault('v', '3', 'b')).plaintext.equals(Buffer.from('v')));
});

test.run();
