// ansible-core's own vault, for the interop tests: the ansible-vault command, and its library (VaultLib,
// run with the interpreter of ansible-vault's #! line) to encrypt with a fixed salt, so that runbook's
// bytes can be compared with Ansible's exactly. Without ansible-core the tests skip, except under CI=true.

import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

function which(cmd: string): string | undefined {
  const r = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

/** Why the vault comparison cannot run here (undefined: it can); throws under CI=true. */
export function vaultOracleMissing(): string | undefined {
  if (which('ansible-vault')) return undefined;
  if (process.env.CI === 'true') throw new Error('ansible-vault is not installed, and CI=true forbids skipping the interop tests');
  return 'ansible-vault is not installed';
}

/** The Python that runs ansible-vault (its #! line), which can import ansible. */
function python(): string {
  const first = readFileSync(which('ansible-vault')!, 'utf8').split('\n')[0]!;
  return first.replace(/^#!\s*/, '').split(/\s+/)[0]!;
}

const ENCRYPT = `
import sys, json
from ansible.parsing.vault import VaultLib, VaultSecret
out = []
for a in json.loads(sys.stdin.read()):
    secret = VaultSecret(a['password'].encode())
    vid = None if a['id'] == 'default' else a['id']
    out.append(VaultLib([(a['id'], secret)]).encrypt(bytes.fromhex(a['plaintext']), secret, vault_id=vid, salt=bytes.fromhex(a['salt'])).decode())
sys.stdout.write(json.dumps(out))
`;

export interface VectorInput {
  plaintext: Buffer;
  password: string;
  vaultId: string;
  salt: Buffer;
}

/** Ansible's VaultLib.encrypt with given salts (one Python process for all): the envelopes ansible-vault would write. */
export function ansibleEncryptWithSalt(cases: VectorInput[]): string[] {
  const input = JSON.stringify(cases.map((c) => ({ plaintext: c.plaintext.toString('hex'), password: c.password, id: c.vaultId, salt: c.salt.toString('hex') })));
  return JSON.parse(execFileSync(python(), ['-c', ENCRYPT], { input, encoding: 'utf8', timeout: 120_000 })) as string[];
}

/** Run ansible-vault; its exit code and output. */
export function ansibleVault(args: string[], opts: { cwd?: string; input?: string } = {}) {
  const r = spawnSync('ansible-vault', args, { cwd: opts.cwd, input: opts.input ?? '', encoding: 'utf8', timeout: 120_000, env: { ...process.env, ANSIBLE_NOCOLOR: '1' } });
  return { code: r.status ?? 1, stdout: r.stdout, stderr: r.stderr };
}
