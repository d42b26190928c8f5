// Vault ids: the passwords a run was given, each under a label (`--vault-id label@FILE`; `default` for
// --vault-password-file and --ask-vault-pass). A 1.2 envelope names its label: the password of that label
// is tried first, then every other one (as ansible-vault does by default), so a file encrypted under a
// label still opens with the one password a user gave without it.
//
// The keyring of the run is process-wide (`useVaultKeyring`): YAML is loaded from many places (playbooks,
// vars_files, group_vars, -e @file, inventories) and every one of them must decrypt the same way.

import { InvalidInputError, type Loc } from '../errors.js';
import { decryptWith, encryptVault, parseEnvelope, VaultFormatError, DEFAULT_VAULT_ID } from './format.js';

export interface VaultSecret {
  id: string;
  password: string;
  /** Where the password came from, for messages (never the password). */
  source: string;
}

export const NO_PASSWORD_HINT = 'give --vault-password-file / --vault-id / --ask-vault-pass (or vault_password_file in ansible.cfg)';

export class VaultKeyring {
  constructor(readonly secrets: readonly VaultSecret[] = []) {}

  get empty(): boolean {
    return this.secrets.length === 0;
  }

  /** The secrets to try for an envelope's label: the matching ones first, then the rest. */
  candidates(label: string): VaultSecret[] {
    return [...this.secrets.filter((s) => s.id === label), ...this.secrets.filter((s) => s.id !== label)];
  }

  /**
   * Decrypt an envelope; `what` names it in messages ("vaulted value", "vaulted file"). Every failure is
   * an InvalidInputError at `loc`: no password, none that fits, a damaged envelope.
   */
  decrypt(text: string, loc?: Loc, what = 'vaulted value'): { plaintext: Buffer; vaultId: string } {
    if (this.empty) throw new InvalidInputError([{ loc, message: `${what} but no vault password`, hint: NO_PASSWORD_HINT }]);
    try {
      const envelope = parseEnvelope(text);
      for (const s of this.candidates(envelope.vaultId)) {
        const plaintext = decryptWith(envelope, s.password);
        if (plaintext) return { plaintext, vaultId: envelope.vaultId };
      }
      const tried = this.secrets.map((s) => `${s.id} (${s.source})`).join(', ');
      throw new InvalidInputError([{ loc, message: `${what}: no vault password given decrypts it (tried ${tried})`, hint: `it was encrypted for vault id "${envelope.vaultId}"; give that id's password` }]);
    } catch (e) {
      if (e instanceof VaultFormatError) throw new InvalidInputError([{ loc, message: `${what}: ${e.message}` }]);
      throw e;
    }
  }

  /** The secret new ciphertext is made with: `encryptId`'s, else the only one there is. */
  encryptionSecret(encryptId?: string): VaultSecret {
    if (encryptId !== undefined) {
      const s = this.secrets.find((x) => x.id === encryptId);
      if (!s) throw new InvalidInputError([{ message: `--encrypt-vault-id ${encryptId}: no password was given for that vault id`, hint: `add --vault-id ${encryptId}@FILE` }]);
      return s;
    }
    if (this.empty) throw new InvalidInputError([{ message: 'no vault password to encrypt with', hint: NO_PASSWORD_HINT }]);
    const ids = new Set(this.secrets.map((s) => s.id));
    if (ids.size > 1) throw new InvalidInputError([{ message: `several vault ids were given (${[...ids].join(', ')}): which one encrypts?`, hint: 'choose with --encrypt-vault-id LABEL' }]);
    return this.secrets[0]!;
  }

  encrypt(plaintext: Buffer | string, encryptId?: string): string {
    const s = this.encryptionSecret(encryptId);
    return encryptVault(plaintext, s.password, s.id === DEFAULT_VAULT_ID ? undefined : s.id);
  }
}

let active = new VaultKeyring();

/** Make `keyring` the one every YAML load of this process decrypts with (the CLI does, before loading). */
export function useVaultKeyring(keyring: VaultKeyring): void {
  active = keyring;
}

export function activeVaultKeyring(): VaultKeyring {
  return active;
}
