// apt_key: refused, on purpose. apt-key is deprecated (gone from Debian 13 and Ubuntu 24.04's apt) and
// trusts a key for EVERY source. The modern way is a keyring file per source, named by its signed-by
// option; the refusal shows that equivalent for the task's own arguments, so porting is a copy-paste.

import { ModuleFailure } from '../../engine/errors.js';
import { defineModule } from '../../engine/module-api/module.js';

export const aptKey = defineModule({
  name: 'apt_key',
  summary: 'Refused: apt-key is deprecated; the error shows the keyring-file + signed-by equivalent (deb822_repository signed_by, or get_url + apt_repository).',
  params: {
    type: 'object',
    additionalProperties: false,
    properties: {
      url: { type: 'string', description: 'URL of the key (shown in the equivalent the refusal suggests).' },
      data: { type: 'string', description: 'The key itself (shown as an inline signed_by in the suggestion).' },
      file: { type: 'string', description: 'A key file on the host (suggested as the keyring path).' },
      id: { type: 'string', description: 'Key id (not needed with keyring files).' },
      keyring: { type: 'string', description: 'A keyring path (suggested as the signed-by path).' },
      keyserver: { type: 'string', description: 'A keyserver: download the key from its https URL instead.' },
      state: { enum: ['present', 'absent'], default: 'present', description: 'present/absent (the suggestion covers both).' },
      validate_certs: { type: 'boolean', default: true, description: 'Accepted for compatibility.' },
    },
  },
  async plan(_ctx, p) {
    const name = keyName(p.url ?? p.file ?? p.keyring ?? p.id ?? 'vendor');
    const keyPath = p.keyring ?? p.file ?? `/etc/apt/keyrings/${name}.asc`;
    const signedBy = p.url ?? (p.data ? '|\n      <the key block>' : keyPath);
    const hint = [
      'apt-key is deprecated: give the key to the one source that needs it. Either, in one task:',
      `  - deb822_repository:`,
      `      name: ${name}`,
      `      uris: https://<repository URL>`,
      `      suites: <suite>`,
      `      components: main`,
      `      signed_by: ${signedBy}`,
      'or a keyring file and a one-line source naming it:',
      ...(p.url ? [`  - get_url: { url: ${p.url}, dest: ${keyPath}, mode: '0644' }`] : []),
      `  - apt_repository: { repo: "deb [signed-by=${keyPath}] https://<repository URL> <suite> main" }`,
    ].join('\n');
    throw new ModuleFailure('apt_key is not supported: apt-key is deprecated and trusts a key for every source', {}, { hint });
  },
});

/** A file name for the key from its URL or path: the last part without extension. */
function keyName(from: string): string {
  const last = from.replace(/[?#].*$/, '').split('/').filter(Boolean).pop() ?? 'vendor';
  return last.replace(/\.(asc|gpg|key|pub)$/i, '').replace(/[^A-Za-z0-9._-]+/g, '-') || 'vendor';
}
