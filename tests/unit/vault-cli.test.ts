// `runbook vault ...` against ansible-vault: what each encrypts the other decrypts to the same bytes, in
// place; edit, rekey, encrypt_string; passwords from a file, an executable, a -client script, the config,
// the environment and the terminal (script(1) gives runbook one).

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ANSIBLE_ENV } from '../helpers/ansible.js';
import { ansibleVault, vaultOracleMissing } from '../helpers/vault-oracle.js';
import { RUNBOOK, cleanEnv, runbook, vaultDir } from '../helpers/vault-run.js';

const skip = vaultOracleMissing();
const PLAIN = 'db_password: "p@ss w0rd"\nlist: [1, 2]\nunicode: "é€😀"\n';

test('runbook encrypts in place, ansible-vault decrypts the same bytes; and the other way', () => {
  if (skip) return console.log(`skipped: ${skip}`);
  const dir = vaultDir({ pw: 'pw-one\n', 'a.yaml': PLAIN, 'b.yaml': PLAIN });
  let r = runbook(['vault', 'encrypt', 'a.yaml', '--vault-password-file', 'pw'], { cwd: dir });
  assert.is(r.code, 0, r.all);
  assert.match(readFileSync(join(dir, 'a.yaml'), 'utf8'), /^\$ANSIBLE_VAULT;1\.1;AES256\n/);
  assert.is(statSync(join(dir, 'a.yaml')).mode & 0o777, 0o600);
  const theirs = ansibleVault(['view', '--vault-password-file', 'pw', 'a.yaml'], { cwd: dir });
  assert.is(theirs.code, 0, theirs.stderr);
  assert.is(theirs.stdout, PLAIN);

  assert.is(ansibleVault(['encrypt', '--vault-id', 'prod@pw', 'b.yaml'], { cwd: dir }).code, 0);
  r = runbook(['vault', 'decrypt', 'b.yaml', '--vault-id', 'prod@pw'], { cwd: dir });
  assert.is(r.code, 0, r.all);
  assert.is(readFileSync(join(dir, 'b.yaml'), 'utf8'), PLAIN);
});

test('view, stdin to stdout, --output; already encrypted and not encrypted are refused (exit 1)', () => {
  const dir = vaultDir({ pw: 'pw\n', 'a.yaml': PLAIN });
  const enc = runbook(['vault', 'encrypt', '--vault-password-file', 'pw'], { cwd: dir, input: PLAIN });
  assert.is(enc.code, 0, enc.all);
  writeFileSync(join(dir, 'piped.vault'), enc.stdout);
  assert.is(runbook(['vault', 'view', 'piped.vault', '--vault-password-file', 'pw'], { cwd: dir }).stdout, PLAIN);
  assert.is(runbook(['vault', 'decrypt', 'piped.vault', '--output', 'out.yaml', '--vault-password-file', 'pw'], { cwd: dir }).code, 0);
  assert.is(readFileSync(join(dir, 'out.yaml'), 'utf8'), PLAIN);
  assert.match(readFileSync(join(dir, 'piped.vault'), 'utf8'), /^\$ANSIBLE_VAULT/);

  const again = runbook(['vault', 'encrypt', 'piped.vault', '--vault-password-file', 'pw'], { cwd: dir });
  assert.is(again.code, 1);
  assert.match(again.stderr, 'input is already encrypted');
  const plain = runbook(['vault', 'decrypt', 'a.yaml', '--vault-password-file', 'pw'], { cwd: dir });
  assert.is(plain.code, 1);
  assert.match(plain.stderr, 'not vault encrypted');
  assert.is(readFileSync(join(dir, 'a.yaml'), 'utf8'), PLAIN);
});

test('edit: $EDITOR changes the plaintext, the file stays vaulted under its id; no change, no rewrite', () => {
  const dir = vaultDir({ pw: 'pw\n', 'a.yaml': PLAIN, 'ed.sh': { exec: '#!/bin/sh\nsed -i "s/p@ss w0rd/new one/" "$1"\n' } });
  assert.is(runbook(['vault', 'encrypt', 'a.yaml', '--vault-id', 'dev@pw'], { cwd: dir }).code, 0);
  const r = runbook(['vault', 'edit', 'a.yaml', '--vault-id', 'dev@pw'], { cwd: dir, env: { EDITOR: join(dir, 'ed.sh') } });
  assert.is(r.code, 0, r.all);
  const after = readFileSync(join(dir, 'a.yaml'), 'utf8');
  assert.match(after, /^\$ANSIBLE_VAULT;1\.2;AES256;dev\n/);
  assert.match(runbook(['vault', 'view', 'a.yaml', '--vault-id', 'dev@pw'], { cwd: dir }).stdout, 'db_password: "new one"');
  assert.is(runbook(['vault', 'edit', 'a.yaml', '--vault-id', 'dev@pw'], { cwd: dir, env: { EDITOR: 'true' } }).code, 0);
  assert.is(readFileSync(join(dir, 'a.yaml'), 'utf8'), after);
  const failed = runbook(['vault', 'edit', 'a.yaml', '--vault-id', 'dev@pw'], { cwd: dir, env: { EDITOR: 'false' } });
  assert.is(failed.code, 1);
  assert.is(readFileSync(join(dir, 'a.yaml'), 'utf8'), after);
});

test('rekey: the new id opens every file (ansible-vault too), the old password no longer does', () => {
  if (skip) return console.log(`skipped: ${skip}`);
  const dir = vaultDir({ old: 'old\n', new: 'new\n', 'a.yaml': PLAIN, 'b.yaml': 'x: 1\n' });
  assert.is(runbook(['vault', 'encrypt', 'a.yaml', 'b.yaml', '--vault-password-file', 'old'], { cwd: dir }).code, 0);
  const r = runbook(['vault', 'rekey', 'a.yaml', 'b.yaml', '--vault-password-file', 'old', '--new-vault-id', 'prod@new'], { cwd: dir });
  assert.is(r.code, 0, r.all);
  assert.is(ansibleVault(['view', '--vault-id', 'prod@new', 'a.yaml'], { cwd: dir }).stdout, PLAIN);
  const old = runbook(['vault', 'view', 'b.yaml', '--vault-password-file', 'old'], { cwd: dir });
  assert.is(old.code, 1);
  assert.match(old.stderr, 'b.yaml:1:1: vaulted file: no vault password given decrypts it');
});

test('encrypt_string prints a !vault block that Ansible reads; ansible-vault encrypt_string runbook reads', () => {
  if (skip) return console.log(`skipped: ${skip}`);
  const dir = vaultDir({ pw: 'pw\n' });
  const ours = runbook(['vault', 'encrypt_string', 'multi\nline "value"', '--name', 'token', '--vault-password-file', 'pw'], { cwd: dir });
  assert.is(ours.code, 0, ours.all);
  assert.match(ours.stdout, /^token: !vault \|\n {10}\$ANSIBLE_VAULT;1\.1;AES256\n( {10}[0-9a-f]{1,80}\n)+$/);
  writeFileSync(join(dir, 'vars.yaml'), ours.stdout);
  // Ansible's own loader reads the value (ansible-vault decrypts whole files only).
  const ansible = spawnSync('ansible', ['localhost', '-m', 'debug', '-a', 'var=token', '-e', '@vars.yaml', '--vault-password-file', 'pw'], {
    cwd: dir,
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, ...ANSIBLE_ENV, ANSIBLE_LOAD_CALLBACK_PLUGINS: '1', ANSIBLE_STDOUT_CALLBACK: 'json' },
  });
  assert.is(ansible.status, 0, ansible.stdout + ansible.stderr);
  const result = JSON.parse(ansible.stdout) as { plays: { tasks: { hosts: Record<string, { token: string }> }[] }[] };
  assert.is(result.plays[0]!.tasks[0]!.hosts.localhost!.token, 'multi\nline "value"');

  const theirs = ansibleVault(['encrypt_string', '--vault-password-file', 'pw', '--name', 'token', 'from ansible'], { cwd: dir });
  writeFileSync(join(dir, 'theirs.yaml'), theirs.stdout);
  writeFileSync(join(dir, 'play.yaml'), '- hosts: localhost\n  gather_facts: false\n  vars_files: [theirs.yaml]\n  tasks:\n    - copy: {dest: out.txt, content: "{{ token }}"}\n');
  const run = runbook(['apply', 'play.yaml', '--vault-password-file', 'pw'], { cwd: dir });
  assert.is(run.code, 0, run.all);
  assert.is(readFileSync(join(dir, 'out.txt'), 'utf8'), 'from ansible');
});

test('passwords: an executable prints it, a -client script is asked for its label, config and environment', () => {
  const dir = vaultDir({
    'pw-script': { exec: '#!/bin/sh\necho scripted\n' },
    'keys-client': { exec: '#!/bin/sh\n[ "$1 $2" = "--vault-id prod" ] && echo client-pw\n' },
    'ansible.cfg': '[defaults]\nvault_password_file = pw-script\n',
    'a.yaml': 'a: 1\n',
  });
  assert.is(runbook(['vault', 'encrypt', 'a.yaml', '--vault-id', 'prod@keys-client'], { cwd: dir }).code, 0);
  assert.is(runbook(['vault', 'view', 'a.yaml', '--vault-id', 'prod@keys-client'], { cwd: dir }).stdout, 'a: 1\n');
  assert.is(runbook(['vault', 'rekey', 'a.yaml', '--vault-id', 'prod@keys-client', '--new-vault-password-file', 'pw-script'], { cwd: dir }).code, 0);
  // The config's vault_password_file (relative to the config file), and the environment's.
  assert.is(runbook(['vault', 'view', 'a.yaml'], { cwd: dir }).stdout, 'a: 1\n');
  const elsewhere = vaultDir({});
  const viaEnv = runbook(['vault', 'view', join(dir, 'a.yaml')], { cwd: elsewhere, env: { ANSIBLE_VAULT_PASSWORD_FILE: join(dir, 'pw-script') } });
  assert.is(viaEnv.stdout, 'a: 1\n', viaEnv.all);
  // vault_identity_list (here from the environment): label@source entries, as --vault-id.
  const ids = vaultDir({ 'keys-client': { exec: '#!/bin/sh\n[ "$1 $2" = "--vault-id prod" ] && echo client-pw\n' }, 'b.yaml': 'b: 2\n' });
  assert.is(runbook(['vault', 'encrypt', 'b.yaml', '--vault-id', 'prod@keys-client'], { cwd: ids }).code, 0);
  const viaList = runbook(['vault', 'view', 'b.yaml'], { cwd: ids, env: { ANSIBLE_VAULT_IDENTITY_LIST: 'prod@keys-client' } });
  assert.is(viaList.stdout, 'b: 2\n', viaList.all);
  const none = runbook(['vault', 'view', join(dir, 'a.yaml')], { cwd: elsewhere });
  assert.is(none.code, 1);
  assert.match(none.stderr, 'vaulted file but no vault password');
  const missing = runbook(['vault', 'view', join(dir, 'a.yaml'), '--vault-password-file', 'nope'], { cwd: elsewhere });
  assert.match(missing.stderr, 'vault password file not found: nope');
});

test('--ask-vault-pass on a terminal: asked once, not echoed', async () => {
  const dir = vaultDir({ pw: 'typed-pw\n', 'a.yaml': 'a: 1\n' });
  assert.is(runbook(['vault', 'encrypt', 'a.yaml', '--vault-password-file', 'pw'], { cwd: dir }).code, 0);
  const child = spawn('script', ['-qec', `'${process.execPath}' '${RUNBOOK}' vault view a.yaml -J`, '/dev/null'], { cwd: dir, env: cleanEnv() });
  let out = '';
  child.stdout.on('data', (b: Buffer) => {
    const before = out;
    out += b.toString('utf8');
    if (!before.includes('Vault password:') && out.includes('Vault password:')) child.stdin.write('typed-pw\r');
  });
  const timer = setTimeout(() => child.kill(), 60_000);
  const code = await new Promise((r) => child.on('exit', r));
  clearTimeout(timer);
  assert.is(code, 0, out);
  assert.is(out.split('Vault password:').length - 1, 1);
  assert.not.match(out, 'typed-pw');
  assert.match(out, 'a: 1');
});

test.run();
