// How the YAML loader meets the vault: an inline `!vault |` scalar (a custom tag whose value toValue
// decrypts, where it knows the position), and a file whose whole content is a vault. Decrypted values are
// registered as secrets the moment they exist.

import type { ScalarTag } from 'yaml';
import type { Loc } from '../errors.js';
import type { LoadedYaml } from '../load/yaml.js';
import { activeVaultKeyring } from './keyring.js';
import { registerSecret, registerSecretsIn } from './mask.js';

/** An inline `!vault |` value as the parser leaves it. */
class VaultedScalar {
  constructor(readonly text: string) {}
}

export const vaultTag: ScalarTag = {
  tag: '!vault',
  identify: (v) => v instanceof VaultedScalar,
  resolve: (text) => new VaultedScalar(text),
};

export const isVaultedScalar = (v: unknown): v is VaultedScalar => v instanceof VaultedScalar;

/** Decrypt an inline value with the run's vault ids; it stays a string (as in Ansible) and is a secret. */
export function decryptInline(v: VaultedScalar, loc: Loc): string {
  const value = activeVaultKeyring().decrypt(v.text, loc, 'vaulted value').plaintext.toString('utf8');
  registerSecret(value);
  return value;
}

/** The text of a file whose whole content is a vault, with the run's vault ids (located errors). */
export function decryptVaultedFile(text: string, file: string): string {
  return activeVaultKeyring().decrypt(text, { file, line: 1, col: 1 }, 'vaulted file').plaintext.toString('utf8');
}

/**
 * A vaulted YAML file: decrypted, then parsed by `parse`; every string in it is then a secret. Positions
 * are those of the decrypted text, under the file's name.
 */
export function parseVaultedFile(text: string, file: string, parse: (text: string, file: string) => LoadedYaml): LoadedYaml {
  const plain = decryptVaultedFile(text, file);
  let loaded: LoadedYaml;
  try {
    loaded = parse(plain, file);
  } catch (e) {
    // A syntax error quotes the decrypted lines it is about: they are masked like the values would be.
    registerSecret(plain);
    throw e;
  }
  registerSecretsIn(loaded.value);
  return loaded;
}
