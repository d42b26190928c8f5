// htpasswd against community.general.htpasswd and passlib, which it runs on: the same salt gives the same
// hash bytes (every scheme); a file written by either is accepted by the other without a change (the
// same password verifies, a new one is a change for both); removals and blank lines give the same bytes.
// Then the module end to end through converge() (check predicts, rerun changes nothing). Without the
// collection or passlib (outside CI) the comparisons are skipped with a message; under CI=true that fails.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashPassword, hashWithSalt, verifyPassword } from '../../../src/modules/files/htpasswd-hash.js';
import { htpasswd } from '../../../src/modules/files/htpasswd.js';
import { withLocal } from '../../helpers/local-tester.js';
import { failure } from '../../helpers/module-tester.js';

const PYTHON = '/usr/bin/python3'; // the system's, which has Debian's ansible and passlib packages
const MODULE = 'ansible_collections.community.general.plugins.modules.htpasswd';

function oracleMissing(): string | undefined {
  try {
    execFileSync(PYTHON, ['-c', `import passlib, ${MODULE}`], { stdio: 'ignore' });
    return undefined;
  } catch {
    const why = 'community.general or passlib is not installed (Debian: apt-get install ansible python3-passlib)';
    if (process.env.CI === 'true') throw new Error(`${why}, and CI=true forbids skipping the comparison with Ansible`);
    return why;
  }
}

const py = (code: string, ...args: string[]) => execFileSync(PYTHON, ['-c', code, ...args]).toString();

/** community.general.htpasswd run on `path` (as its action would run it), its changed flag and msg. */
function ansible(path: string, params: Record<string, unknown>): { changed: boolean; msg: string } {
  const args = JSON.stringify({ ANSIBLE_MODULE_ARGS: { path, ...params } });
  const out = JSON.parse(execFileSync(PYTHON, ['-m', MODULE, args]).toString()) as { changed: boolean; msg: string };
  return { changed: out.changed, msg: out.msg };
}

test('hashes: the same salt gives passlib\'s bytes, and passlib verifies what runbook makes', () => {
  const skip = oracleMissing();
  if (skip) return console.log(`  skipped the comparison with passlib: ${skip}`);
  const cases: [Parameters<typeof hashWithSalt>[0], string, string, number?][] = [
    ['apr_md5_crypt', 'pw', 'abcdefgh'],
    ['apr_md5_crypt', 'a longer pass phrase, ünïcode', 'x/y.z123'],
    ['md5_crypt', '', 'salt'],
    ['sha256_crypt', 'secret', 'saltsaltsaltsalt', 5000],
    ['sha512_crypt', 'secret', 'abc', 5000],
    ['sha512_crypt', 'pw', 'saltsaltsaltsalt', 1000],
    ['sha256_crypt', 'a password longer than thirty-two bytes, to wrap', 'Zq.12', 1234],
  ];
  for (const [scheme, pw, salt, rounds] of cases) {
    const theirs = py(`import sys; from passlib import hash as h; s=getattr(h, sys.argv[1]).using(salt=sys.argv[3], **({'rounds': int(sys.argv[4])} if sys.argv[4] else {})); print(s.hash(sys.argv[2]), end='')`, scheme, pw, salt, String(rounds ?? ''));
    assert.is(hashWithSalt(scheme, pw, salt, rounds), theirs, `${scheme} ${salt}`);
    assert.ok(verifyPassword(theirs, pw));
    assert.not.ok(verifyPassword(theirs, `${pw}x`));
  }
  // Fresh hashes in passlib's default formats (sha*_crypt: its default rounds, written in the hash).
  for (const scheme of ['apr_md5_crypt', 'md5_crypt', 'sha256_crypt', 'ldap_sha1', 'plaintext'] as const) {
    const mine = hashPassword(scheme, 'open sesame');
    const ok = py(`import sys; from passlib.apache import HtpasswdFile; from passlib.context import CryptContext; c=CryptContext(schemes=[sys.argv[1]]); print(c.identify(sys.argv[2]), c.verify('open sesame', sys.argv[2]), end='')`, scheme, mine);
    assert.is(ok, `${scheme} True`, mine);
  }
  assert.match(hashPassword('sha256_crypt', 'x'), /^\$5\$rounds=535000\$[./0-9A-Za-z]{16}\$/);
});

test('a file written by either tool is accepted by the other, the same password without a change', () => {
  const skip = oracleMissing();
  if (skip) return console.log(`  skipped the comparison with Ansible: ${skip}`);
  return withLocal(async (h) => {
    for (const scheme of ['apr_md5_crypt', 'md5_crypt', 'ldap_sha1', 'plaintext'] as const) {
      const ours = h.path(`ours-${scheme}`);
      const r = await h.converge(htpasswd, { path: ours, name: 'alice', password: 'pw1', crypt_scheme: scheme });
      assert.is(r.result.msg, `Created ${ours} and added alice`);
      assert.equal(ansible(ours, { name: 'alice', password: 'pw1', crypt_scheme: scheme }), { changed: false, msg: 'alice already present' }, scheme);
      const theirs = h.path(`theirs-${scheme}`);
      assert.is(ansible(theirs, { name: 'bob', password: 'pw2', crypt_scheme: scheme }).changed, true);
      assert.is((await h.plan(htpasswd, { path: theirs, name: 'bob', password: 'pw2', crypt_scheme: scheme })).changes.length, 0, scheme);
      assert.is((await h.plan(htpasswd, { path: theirs, name: 'bob', password: 'other', crypt_scheme: scheme })).changes.length, 1, scheme);
    }
  });
});

test('removal, update in place and blank lines: the same bytes as Ansible', () => {
  const skip = oracleMissing();
  if (skip) return console.log(`  skipped the comparison with Ansible: ${skip}`);
  return withLocal(async (h) => {
    const start = '# users\nalice:plain-a\n\n  \nbob:{SHA}x\ncarol:plain-c';
    const cases: Record<string, unknown>[] = [
      { name: 'bob', state: 'absent' },
      { name: 'nobody', state: 'absent' },
      { name: 'alice', password: 'plain-a', crypt_scheme: 'plaintext' },
      { name: 'carol', password: 'new', crypt_scheme: 'plaintext' },
      { name: 'dave', password: 'pw-d', crypt_scheme: 'plaintext' },
    ];
    for (const params of cases) {
      const a = h.path('a');
      const b = h.path('b');
      writeFileSync(a, start);
      writeFileSync(b, start);
      const theirs = ansible(a, params);
      const plan = await h.plan(htpasswd, { path: b, ...params });
      if (theirs.changed) await h.converge(htpasswd, { path: b, ...params });
      // Ansible's module strips blank lines even when it changes nothing (without saying so); runbook writes
      // only with a change.
      if (theirs.changed) assert.is(readFileSync(b, 'utf8'), readFileSync(a, 'utf8'), JSON.stringify(params));
      else assert.is(readFileSync(b, 'utf8'), start);
      assert.is(plan.changes.length > 0, theirs.changed, JSON.stringify(params));
      assert.is(plan.data?.msg, theirs.msg, JSON.stringify(params));
    }
  });
});

test('htpasswd converges (mode, new directory); the diff shows no hash; hashes it cannot check fail clearly', () =>
  withLocal(async (h) => {
    const path = h.path('conf/.htpasswd');
    const r = await h.converge(htpasswd, { path, name: 'web', password: 's3cret', mode: '0640' });
    assert.is(statSync(path).mode & 0o777, 0o640);
    assert.match(readFileSync(path, 'utf8'), /^web:\$apr1\$[./0-9A-Za-z]{8}\$[./0-9A-Za-z]{22}\n$/);
    const diff = JSON.stringify(r.first.changes.map((c) => c.diff));
    assert.not.match(diff, /apr1|s3cret/);
    assert.match(diff, /web:\(new hash\)/);
    writeFileSync(path, 'web:$2y$05$abcdefghijklmnopqrstuuZxDtqGqZ6ZT3d3ql5RkMzJDaSDuRrQu\n');
    h.facts.invalidate();
    const e = await failure(() => h.plan(htpasswd, { path, name: 'web', password: 'x' }));
    assert.match(e.message, /hash is bcrypt, which runbook does not compute/);
    assert.match((await failure(() => h.plan(htpasswd, { path: h.path('none'), name: 'u', password: 'p', create: false }))).message, /does not exist/);
  }));

test.run();
