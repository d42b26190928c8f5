// The vault over SSH: a vaulted group_vars file and an inline `!vault` value reach two lab hosts (the file
// written there holds the real values), while no output — plain with --diff, --json — shows them. Without
// the password: exit 1 before any host is contacted, nothing written on either host.

import * as assert from 'uvu/assert';
import { encryptVault } from '../../src/engine/vault/format.js';
import { vaultBlock } from '../../src/cli/commands/vault.js';
import { labSuite } from './fixture.js';
import { runCli, writeTree } from './playbook-ssh-helpers.js';

const { add, run } = labSuite('vault over ssh', { hosts: 2 });
const PW = 'lab-vault-pw';
const GROUP = 'LabGr0up-S3cret';
const INLINE = 'LabInl1ne-K3y';
const DEST = '/root/rb-vault.conf';

const inline = vaultBlock(encryptVault(INLINE, PW, 'lab'), 'api_key').split('\n').map((l) => `    ${l}`).join('\n');
const tree = writeTree({
  pw: `${PW}\n`,
  'group_vars/lab.yaml': encryptVault(`group_secret: ${GROUP}\n`, PW),
  'site.yaml':
    `- hosts: lab\n  gather_facts: false\n  vars:\n${inline}\n  tasks:\n` +
    `    - copy: {dest: ${DEST}, content: "group={{ group_secret }}\\nkey={{ api_key }}\\n", mode: "0600"}\n` +
    `    - command: cat ${DEST}\n      register: conf\n      changed_when: false\n` +
    `    - debug: {var: conf.stdout}\n`,
});

function assertNoSecret(text: string, what: string): void {
  for (const s of [GROUP, INLINE, PW]) assert.not.ok(text.includes(s), `${what}: ${s} printed`);
}

add('no password: exit 1, located, nothing written on any host', async (lab) => {
  const r = await runCli(['apply', tree.path('site.yaml'), '-i', lab.inventoryFile]);
  assert.is(r.code, 1, r.stderr);
  assert.match(r.stderr, /vault(ed)? (value|file) but no vault password/);
  for (const h of lab.hosts) assert.is((await lab.run(h.name, `test -e ${DEST} && echo present || echo absent`)).stdout.trim(), 'absent');
});

add('the values reach every host; --diff and --json show none of them', async (lab) => {
  const plain = await runCli(['apply', tree.path('site.yaml'), '-i', lab.inventoryFile, '--diff', '--vault-id', `lab@${tree.path('pw')}`]);
  assert.is(plain.code, 0, plain.stdout + plain.stderr);
  assertNoSecret(plain.stdout + plain.stderr, 'apply --diff');
  assert.match(plain.stdout + plain.stderr, '(secret)');
  for (const h of lab.hosts) assert.is((await lab.run(h.name, `cat ${DEST}`)).stdout, `group=${GROUP}\nkey=${INLINE}\n`);
  await lab.run(lab.hosts[0]!.name, `echo old > ${DEST}`);
  const json = await runCli(['apply', tree.path('site.yaml'), '-i', lab.inventoryFile, '--json', '--diff', '--vault-password-file', tree.path('pw')]);
  assert.is(json.code, 0, json.stderr);
  assertNoSecret(json.stdout + json.stderr, 'apply --json');
  assert.ok(json.events.length > 0);
});

run();
