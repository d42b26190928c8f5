// The vault passwords of a command, gathered as ansible-core does: `vault_identity_list` from the
// configuration, then each --vault-id (`label@FILE`, `label@prompt`, or a bare FILE for id `default`), then
// each --vault-password-file and the configuration's vault_password_file (id `default`), then
// --ask-vault-pass. A password file is read and stripped; an executable one is run and prints the password
// (a `*-client` script is asked for its label with `--vault-id LABEL`, as Ansible's client scripts are).
// Everything is asked and read before any playbook is loaded, so a prompt never meets the live view.

import { spawn } from 'node:child_process';
import { constants } from 'node:fs';
import { access, readFile, stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import type { RunbookConfig } from '../engine/config/index.js';
import { InvalidInputError } from '../engine/errors.js';
import { DEFAULT_VAULT_ID } from '../engine/vault/format.js';
import { useVaultKeyring, VaultKeyring, type VaultSecret } from '../engine/vault/keyring.js';
import { askPassword } from './ask-password.js';
import { maskProcessOutput } from './output-mask.js';
import { registerSecret } from '../engine/vault/mask.js';

export interface VaultOptions {
  vaultId?: string[];
  vaultPasswordFile?: string[];
  askVaultPass?: boolean;
}

interface Source {
  id: string;
  /** A file path, or 'prompt'. */
  from: string;
}

/** `label@source` or a bare source (id `default`). */
export function parseVaultId(entry: string): Source {
  const at = entry.indexOf('@');
  return at < 0 ? { id: DEFAULT_VAULT_ID, from: entry } : { id: entry.slice(0, at) || DEFAULT_VAULT_ID, from: entry.slice(at + 1) };
}

export function vaultSources(opts: VaultOptions, config: Pick<RunbookConfig, 'vaultPasswordFile' | 'vaultIdentityList'>): Source[] {
  const sources = [...(config.vaultIdentityList ?? []), ...(opts.vaultId ?? [])].map(parseVaultId);
  for (const file of [...(opts.vaultPasswordFile ?? []), ...(config.vaultPasswordFile ? [config.vaultPasswordFile] : [])]) {
    sources.push({ id: DEFAULT_VAULT_ID, from: file });
  }
  if (opts.askVaultPass) sources.push({ id: DEFAULT_VAULT_ID, from: 'prompt' });
  // The same source given twice (the config and the command line) is read once.
  return sources.filter((s, i) => sources.findIndex((t) => t.id === s.id && t.from === s.from) === i);
}

const fail = (message: string, hint?: string): never => {
  throw new InvalidInputError([{ message, hint }]);
};

/** Ask on the terminal; `confirm` (new passwords) asks twice and compares. */
export async function promptPassword(id: string, confirm = false): Promise<string> {
  const label = id === DEFAULT_VAULT_ID ? '' : ` (${id})`;
  const noTerminal = { message: 'asking for the vault password needs a terminal', hint: 'give --vault-password-file FILE or --vault-id LABEL@FILE instead' };
  const first = await askPassword(`${confirm ? 'New vault' : 'Vault'} password${label}: `, noTerminal);
  if (confirm && (await askPassword(`Confirm new vault password${label}: `, noTerminal)) !== first) fail('the two passwords differ');
  if (first === '') fail('an empty vault password is not allowed');
  return first;
}

/** Run an executable password file: its stdout, without the final newline, is the password. */
function runScript(file: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    // stdin and stderr stay the terminal's, so a script may ask (gpg, a keychain) and explain itself.
    const child = spawn(file, args, { stdio: ['inherit', 'pipe', 'inherit'] });
    const out: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.on('error', (e) => reject(new InvalidInputError([{ message: `vault password script ${file}: ${e.message}` }])));
    child.on('close', (code) => {
      if (code !== 0) reject(new InvalidInputError([{ message: `vault password script ${file} exited with ${code}`, hint: 'run it by hand: it must print the password and exit 0' }]));
      else resolve(Buffer.concat(out).toString('utf8').replace(/^[\r\n]+|[\r\n]+$/g, ''));
    });
  });
}

async function readSource(s: Source): Promise<string> {
  if (s.from === 'prompt') return promptPassword(s.id);
  const info = await stat(s.from).catch(() => fail(`vault password file not found: ${s.from}`, 'check the path given to --vault-password-file / --vault-id / vault_password_file'));
  if (!info.isFile()) fail(`vault password file is not a file: ${s.from}`);
  const executable = await access(s.from, constants.X_OK).then(() => true, () => false);
  const password = executable
    ? await runScript(resolve(s.from), /-client(\.[^.]+)?$/.test(basename(s.from)) ? ['--vault-id', s.id] : [])
    : (await readFile(s.from, 'utf8')).trim();
  if (password === '') fail(`vault password ${executable ? 'script' : 'file'} ${s.from} gave an empty password`);
  return password;
}

/** Read every source into a keyring (not yet the run's). */
export async function vaultKeyringOf(opts: VaultOptions, config: Pick<RunbookConfig, 'vaultPasswordFile' | 'vaultIdentityList'>): Promise<VaultKeyring> {
  const secrets: VaultSecret[] = [];
  for (const s of vaultSources(opts, config)) secrets.push({ id: s.id, password: await readSource(s), source: s.from });
  return new VaultKeyring(secrets);
}

/**
 * For commands that load playbooks and inventories: the keyring every YAML load decrypts with, and this
 * process's output masked from now on (decrypted values are registered as they are decrypted).
 */
/** The options the keyring in use was made from: `apply PLANFILE` loads the playbook twice and asks once. */
let inUse: string | undefined;

export async function useVaultOptions(opts: VaultOptions, config: RunbookConfig): Promise<void> {
  const key = JSON.stringify([opts.vaultId, opts.vaultPasswordFile, opts.askVaultPass, config]);
  if (key === inUse) return;
  const keyring = await vaultKeyringOf(opts, config);
  inUse = key;
  useVaultKeyring(keyring);
  // The passwords themselves are secrets too (a template could name a password file's content).
  for (const s of keyring.secrets) registerSecret(s.password);
  maskProcessOutput();
}
