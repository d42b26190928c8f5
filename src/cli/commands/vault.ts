// `runbook vault encrypt|decrypt|view|edit|rekey|encrypt_string`: ansible-vault's commands, on the same
// files (either tool reads what the other writes). Files are changed in place unless --output says where;
// `-` is stdin/stdout. Unlike a run, `view` and `decrypt` print secrets: that is what they are asked for.

import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { loadConfig } from '../../engine/config/index.js';
import { ExitCode, InvalidInputError } from '../../engine/errors.js';
import { isVaulted } from '../../engine/vault/format.js';
import { VaultKeyring } from '../../engine/vault/keyring.js';
import { readInput, writeOutput } from '../vault-files.js';
import { promptPassword, vaultKeyringOf, type VaultOptions } from '../vault-secrets.js';
import { askPassword } from '../ask-password.js';

export interface VaultCommandOptions extends VaultOptions {
  output?: string;
  encryptVaultId?: string;
  newVaultId?: string;
  newVaultPasswordFile?: string;
  name?: string[];
  prompt?: boolean;
  stdinName?: string;
}

const say = (text: string) => process.stderr.write(`${text}\n`);
const fail = (message: string, hint?: string): never => {
  throw new InvalidInputError([{ message, hint }]);
};

async function keyring(opts: VaultOptions): Promise<VaultKeyring> {
  return vaultKeyringOf(opts, await loadConfig());
}

/** The files to work on: none means stdin (to stdout, unless --output). */
const inputs = (files: string[]) => (files.length > 0 ? files : ['-']);

function decryptFile(k: VaultKeyring, file: string, data: Buffer): { plaintext: Buffer; vaultId: string } {
  if (!isVaulted(data)) fail(`input is not vault encrypted data: ${file}`);
  return k.decrypt(data.toString('utf8'), { file, line: 1, col: 1 }, 'vaulted file');
}

export async function encrypt(files: string[], opts: VaultCommandOptions): Promise<number> {
  const k = await keyring(opts);
  k.encryptionSecret(opts.encryptVaultId); // refuse before reading anything
  for (const file of inputs(files)) {
    const data = await readInput(file);
    if (isVaulted(data)) fail(`input is already encrypted: ${file}`);
    await writeOutput(opts.output ?? file, k.encrypt(data, opts.encryptVaultId));
  }
  say('Encryption successful');
  return ExitCode.ok;
}

export async function decrypt(files: string[], opts: VaultCommandOptions): Promise<number> {
  const k = await keyring(opts);
  for (const file of inputs(files)) {
    await writeOutput(opts.output ?? file, decryptFile(k, file, await readInput(file)).plaintext);
  }
  say('Decryption successful');
  return ExitCode.ok;
}

export async function view(files: string[], opts: VaultCommandOptions): Promise<number> {
  const k = await keyring(opts);
  for (const file of inputs(files)) await writeOutput('-', decryptFile(k, file, await readInput(file)).plaintext);
  return ExitCode.ok;
}

/**
 * Decrypt into a private temporary directory, run $EDITOR (or vi) on it, encrypt again under the same
 * vault id if the text changed, replace the file atomically; the plaintext copy is removed either way.
 */
export async function edit(file: string, opts: VaultCommandOptions): Promise<number> {
  const k = await keyring(opts);
  const { plaintext, vaultId } = decryptFile(k, file, await readInput(file));
  const dir = await mkdtemp(join(tmpdir(), 'runbook-vault-edit-'));
  const temp = join(dir, basename(file));
  try {
    await writeFile(temp, plaintext, { mode: 0o600 });
    const editor = process.env.EDITOR || process.env.VISUAL || 'vi';
    // $EDITOR may hold arguments (`code --wait`): the shell splits it, the file is passed as "$1".
    const r = spawnSync('sh', ['-c', `${editor} "$1"`, 'sh', temp], { stdio: 'inherit' });
    if (r.status !== 0) fail(`the editor (${editor}) exited with ${r.status ?? r.signal}; ${file} is unchanged`);
    const edited = await readFile(temp);
    if (edited.equals(plaintext)) return ExitCode.ok;
    const encryptId = opts.encryptVaultId ?? (k.secrets.some((s) => s.id === vaultId) ? vaultId : undefined);
    await writeOutput(file, k.encrypt(edited, encryptId));
    return ExitCode.ok;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export async function rekey(files: string[], opts: VaultCommandOptions): Promise<number> {
  if (files.length === 0) fail('rekey needs the files to rekey');
  const k = await keyring(opts);
  const config = { vaultPasswordFile: undefined, vaultIdentityList: undefined };
  const fresh = opts.newVaultPasswordFile || opts.newVaultId
    ? await vaultKeyringOf({ vaultPasswordFile: opts.newVaultPasswordFile ? [opts.newVaultPasswordFile] : [], vaultId: opts.newVaultId ? [opts.newVaultId] : [] }, config)
    : new VaultKeyring([{ id: 'default', password: await promptPassword('default', true), source: 'prompt' }]);
  // Every file is decrypted before any is written: one wrong password changes nothing.
  const plain = await Promise.all(files.map(async (f) => decryptFile(k, f, await readInput(f)).plaintext));
  for (const [i, f] of files.entries()) await writeOutput(f, fresh.encrypt(plain[i]!));
  say('Rekey successful');
  return ExitCode.ok;
}

/** `name: !vault |` and the envelope indented by 10, as ansible-vault prints it. */
export function vaultBlock(envelope: string, name?: string): string {
  const lines = envelope.trimEnd().split('\n').map((l) => `${' '.repeat(10)}${l}`);
  return [`${name ? `${name}: ` : ''}!vault |`, ...lines].join('\n');
}

export async function encryptString(strings: string[], opts: VaultCommandOptions): Promise<number> {
  const k = await keyring(opts);
  k.encryptionSecret(opts.encryptVaultId);
  let names = opts.name ?? [];
  let values = strings;
  if (opts.prompt) values = [await askPassword('String to encrypt (hidden): ', { message: '--prompt needs a terminal', hint: 'give the string as an argument or on stdin' })];
  else if (opts.stdinName !== undefined || values.length === 0) values = [(await readInput('-')).toString('utf8')];
  if (opts.stdinName !== undefined) names = [opts.stdinName];
  if (names.length > values.length) fail(`${names.length} --name for ${values.length} strings`, 'give one --name per string');
  const blocks = values.map((v, i) => vaultBlock(k.encrypt(v, opts.encryptVaultId), names[i]));
  await writeOutput(opts.output ?? '-', `${blocks.join('\n')}\n`);
  say('Encryption successful');
  return ExitCode.ok;
}
