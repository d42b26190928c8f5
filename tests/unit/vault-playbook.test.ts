// A playbook with a vaulted vars file, a vaulted group_vars file and an inline `!vault` value (made by
// ansible-vault when it is installed, by runbook otherwise), run on localhost in a temporary directory:
// the values reach the host, and the secrets appear nowhere in any output — plain, --json, --diff,
// --check, the live view, failures and errors, validate, inventory. Without a password: exit 1, located,
// nothing written.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encryptVault } from '../../src/engine/vault/format.js';
import { ansibleVault, vaultOracleMissing } from '../helpers/vault-oracle.js';
import { RUNBOOK, cleanEnv, runbook, vaultDir, type Ran } from '../helpers/vault-run.js';
import { vaultBlock } from '../../src/cli/commands/vault.js';

const PW = 'playbook-pw';
const DB = 'Db-Pa55-q7Kx';
const GROUP = 'Gr0up-S3cret-zz';
const INLINE = 'Inl1ne-Key-Wm2';
const SECRETS = [DB, GROUP, INLINE];

/** Whole files and inline values encrypted by ansible-vault (interop), or by runbook without it. */
function encryptFile(dir: string, name: string, text: string): void {
  writeFileSync(join(dir, name), text);
  if (vaultOracleMissing()) writeFileSync(join(dir, name), encryptVault(text, PW));
  else assert.is(ansibleVault(['encrypt', '--vault-password-file', 'pw', name], { cwd: dir }).code, 0);
}

function inline(dir: string, name: string, value: string): string {
  if (vaultOracleMissing()) return vaultBlock(encryptVault(value, PW), name);
  const r = ansibleVault(['encrypt_string', '--vault-password-file', 'pw', '--name', name, value], { cwd: dir });
  assert.is(r.code, 0, r.stderr);
  return r.stdout;
}

function project(): string {
  const dir = vaultDir({ pw: `${PW}\n`, 'inventory.yaml': 'all:\n  hosts:\n    h: {connection: local}\n' });
  mkdirSync(join(dir, 'group_vars'));
  encryptFile(dir, 'secret.yaml', `db_pass: ${DB}\n`);
  encryptFile(dir, 'group_vars/all.yaml', `group_secret: ${GROUP}\n`);
  const key = inline(dir, 'api_key', INLINE).split('\n').map((l) => `    ${l}`).join('\n');
  writeFileSync(
    join(dir, 'play.yaml'),
    `- hosts: h\n  gather_facts: false\n  vars_files: [secret.yaml]\n  vars:\n${key}\n  tasks:\n` +
      `    - copy: {dest: "${dir}/out.conf", content: "db={{ db_pass }}\\ngroup={{ group_secret }}\\nkey={{ api_key }}\\n"}\n` +
      `    - debug: {msg: "using {{ api_key }} and {{ db_pass }}"}\n` +
      `    - debug: {var: group_secret}\n`,
  );
  writeFileSync(
    join(dir, 'fails.yaml'),
    `- hosts: h\n  gather_facts: false\n  vars_files: [secret.yaml]\n  tasks:\n` +
      `    - copy: {dest: "/nonexistent-dir/{{ db_pass }}/x", content: "{{ group_secret }}"}\n      ignore_errors: true\n` +
      `    - fail: {msg: "refused {{ db_pass }} {{ group_secret }}"}\n`,
  );
  return dir;
}

function assertNoSecret(r: Ran, what: string): void {
  for (const s of SECRETS) assert.not.ok(r.all.includes(s), `${what}: ${s} printed:\n${r.all}`);
}

const dir = project();
const apply = (args: string[]) => runbook(['apply', 'play.yaml', '--vault-password-file', 'pw', ...args], { cwd: dir });

test('the values reach the host; plain, --diff, --json and --check print none of them', () => {
  const diff = apply(['--diff']);
  assert.is(diff.code, 0, diff.all);
  assert.is(readFileSync(join(dir, 'out.conf'), 'utf8'), `db=${DB}\ngroup=${GROUP}\nkey=${INLINE}\n`);
  assertNoSecret(diff, '--diff');
  assert.match(diff.stdout, '+key=(secret)');
  assert.match(diff.stdout, 'using (secret) and (secret)');

  writeFileSync(join(dir, 'out.conf'), 'old\n');
  const check = apply(['--check', '--diff']);
  assert.is(check.code, 3, check.all);
  assertNoSecret(check, '--check --diff');
  const json = apply(['--json', '--diff']);
  assert.is(json.code, 0, json.all);
  assertNoSecret(json, '--json');
  assert.ok(json.stdout.trim().split('\n').every((l) => JSON.parse(l)), 'every line is still JSON');
  assert.match(json.stdout, '(secret)');
  const plain = apply([]);
  assert.is(plain.code, 0, plain.all);
  assertNoSecret(plain, 'plain');
});

test('failures and module errors print no secret (exit 2)', () => {
  const r = runbook(['apply', 'fails.yaml', '--vault-password-file', 'pw'], { cwd: dir });
  assert.is(r.code, 2, r.all);
  assertNoSecret(r, 'failure');
  assert.match(r.all, 'refused (secret) (secret)');
  const json = runbook(['apply', 'fails.yaml', '--vault-password-file', 'pw', '--json'], { cwd: dir });
  assert.is(json.code, 2);
  assertNoSecret(json, 'failure --json');
});

test('include_vars of a vaulted file (at run time): decrypted, masked; without a password that task fails', () => {
  writeFileSync(join(dir, 'inc.yaml'), '- hosts: h\n  gather_facts: false\n  tasks:\n    - include_vars: secret.yaml\n    - debug: {msg: "got {{ db_pass }}"}\n');
  const r = runbook(['apply', 'inc.yaml', '--vault-password-file', 'pw'], { cwd: dir });
  assert.is(r.code, 0, r.all);
  assertNoSecret(r, 'include_vars');
  assert.match(r.stdout, 'got (secret)');
  const alone = vaultDir({ pw: `${PW}\n` });
  encryptFile(alone, 'secret.yaml', `db_pass: ${DB}\n`);
  writeFileSync(join(alone, 'inc.yaml'), '- hosts: localhost\n  gather_facts: false\n  tasks:\n    - include_vars: secret.yaml\n');
  const none = runbook(['apply', 'inc.yaml'], { cwd: alone });
  assert.is(none.code, 2, none.all);
  assert.match(none.stdout, 'secret.yaml:1:1: vaulted file but no vault password');
  assert.not.ok(none.all.includes('$ANSIBLE_VAULT'));
});

test('validate and inventory read the vault too, and print no secret', () => {
  const v = runbook(['validate', 'play.yaml', '--vault-password-file', 'pw'], { cwd: dir });
  assert.is(v.code, 0, v.all);
  const inv = runbook(['inventory', '--host', 'h', '--playbook-dir', '.', '--vault-password-file', 'pw'], { cwd: dir });
  assert.is(inv.code, 0, inv.all);
  assertNoSecret(inv, 'inventory --host');
  assert.match(inv.stdout, '(secret)');
});

test('a vaulted INI inventory is read with the password, refused (located) without', () => {
  const d = vaultDir({ pw: `${PW}\n` });
  encryptFile(d, 'hosts', '[web]\nh1 ansible_connection=local\n');
  const ok = runbook(['inventory', '-i', 'hosts', '--graph', '--vault-password-file', 'pw'], { cwd: d });
  assert.match(ok.stdout, '|  |--h1', ok.all);
  const none = runbook(['inventory', '-i', 'hosts', '--graph'], { cwd: d });
  assert.is(none.code, 1);
  assert.match(none.stderr, 'hosts:1:1: vaulted file but no vault password');
});

test('no password: exit 1, located, saying which options give one; nothing written', () => {
  const fresh = project();
  const before = readdirSync(fresh).sort();
  const r = runbook(['apply', 'play.yaml'], { cwd: fresh });
  assert.is(r.code, 1, r.all);
  assert.match(r.stderr, /(play\.yaml:\d+:\d+: vaulted value|all\.yaml:1:1: vaulted file) but no vault password/);
  assert.match(r.stderr, '--vault-password-file / --vault-id / --ask-vault-pass');
  assert.not.ok(r.all.includes('$ANSIBLE_VAULT'), 'the ciphertext is never used as a value');
  assert.equal(readdirSync(fresh).sort(), before);
  assert.not.ok(existsSync(join(fresh, 'out.conf')));

  // Each kind of vaulted input is located on its own.
  writeFileSync(join(fresh, 'only-file.yaml'), '- hosts: localhost\n  gather_facts: false\n  vars_files: [secret.yaml]\n  tasks: [{debug: {msg: hi}}]\n');
  const v = runbook(['validate', 'only-file.yaml', '-i', 'localhost,'], { cwd: fresh });
  assert.is(v.code, 1, v.all);
  assert.match(v.stdout, 'secret.yaml:1:1: vaulted file but no vault password');
  const wrong = runbook(['apply', 'play.yaml', '--vault-id', 'dev@inventory.yaml'], { cwd: fresh });
  assert.is(wrong.code, 1);
  assert.match(wrong.stderr, 'no vault password given decrypts it');
  assert.not.ok(existsSync(join(fresh, 'out.conf')));
});

test('the live view on a terminal, with -J: asked once, no secret shown', async () => {
  writeFileSync(join(dir, 'out.conf'), 'old\n');
  const env = cleanEnv({ TERM: 'xterm' });
  delete env.CI;
  const child = spawn('script', ['-qec', `'${process.execPath}' '${RUNBOOK}' apply play.yaml --diff -J`, '/dev/null'], { cwd: dir, env });
  let out = '';
  child.stdout.on('data', (b: Buffer) => {
    const before = out;
    out += b.toString('utf8');
    if (!before.includes('Vault password:') && out.includes('Vault password:')) child.stdin.write(`${PW}\r`);
  });
  const timer = setTimeout(() => child.kill(), 120_000);
  const code = await new Promise((r) => child.on('exit', r));
  clearTimeout(timer);
  assert.is(code, 0, out);
  for (const s of [...SECRETS, PW]) assert.not.ok(out.includes(s), `${s} shown:\n${out}`);
  assert.match(out, '(secret)');
  assert.is(readFileSync(join(dir, 'out.conf'), 'utf8'), `db=${DB}\ngroup=${GROUP}\nkey=${INLINE}\n`);
});

test('a saved plan (plan file and markdown summary) holds no secret; applying it writes the values', () => {
  const play = join(dir, 'planned.yaml');
  writeFileSync(
    play,
    `- hosts: h\n  gather_facts: false\n  vars_files: [secret.yaml]\n  tasks:\n` +
      `    - copy: {dest: "${dir}/planned.conf", content: "db={{ db_pass }}\\ngroup={{ group_secret }}\\n"}\n`,
  );
  const planned = runbook(['plan', 'planned.yaml', '--vault-password-file', 'pw', '-o', 'planned.plan', '--diff'], { cwd: dir });
  assert.is(planned.code, 3, planned.all);
  assertNoSecret(planned, 'plan --diff');
  const file = readFileSync(join(dir, 'planned.plan'), 'utf8');
  assert.match(file, /planned\.conf/, 'the plan names the change');
  for (const s of SECRETS) assert.not.ok(file.includes(s), `plan file holds ${s}`);
  const md = runbook(['plan', 'planned.yaml', '--vault-password-file', 'pw', '--format', 'markdown'], { cwd: dir });
  assert.match(md.all, /planned\.conf/);
  assertNoSecret(md, 'plan --format markdown');
  const applied = runbook(['apply', 'planned.plan', '--vault-password-file', 'pw'], { cwd: dir });
  assert.is(applied.code, 0, applied.all);
  assertNoSecret(applied, 'apply PLANFILE');
  assert.is(readFileSync(join(dir, 'planned.conf'), 'utf8'), `db=${DB}\ngroup=${GROUP}\n`);
});

test.run();
