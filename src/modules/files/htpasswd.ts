// htpasswd (community.general): one user of an Apache htpasswd file, present with a password or absent.
// As Ansible's module (through passlib): a user whose stored hash already matches the password is left
// alone, whatever its scheme; otherwise its line gets a new hash in crypt_scheme, in place, or at the end
// for a new user; comments stay; blank lines are dropped when the file is written. The hash is computed on
// the controller (htpasswd-hash.ts): the clear password never reaches the host, and the diff shows no hash.

import { ModuleFailure } from '../../engine/errors.js';
import { defineModule } from '../../engine/module-api/module.js';
import { attrSchema } from './attrs.js';
import { hashPassword, SCHEMES, uncheckedScheme, verifyPassword } from './htpasswd-hash.js';
import { expandPaths } from './paths.js';
import { readTextFile, textChanges, withAttrMsg } from './text-file.js';

export const htpasswd = defineModule({
  name: 'htpasswd',
  summary: 'Add, update or remove a user of an Apache htpasswd file, as community.general.htpasswd.',
  aliases: { dest: 'path', destfile: 'path', username: 'name' },
  params: {
    type: 'object',
    additionalProperties: false,
    required: ['path', 'name'],
    properties: {
      path: { type: 'string', description: 'The htpasswd file.' },
      name: { type: 'string', description: 'The user.' },
      password: { type: 'string', description: 'The clear password (hashed on the controller; use no_log or a vault for it).' },
      crypt_scheme: { enum: [...SCHEMES], default: 'apr_md5_crypt', description: 'The hash for a new or changed password (passlib\'s names and formats). bcrypt and des_crypt are not offered.' },
      state: { enum: ['present', 'absent'], default: 'present', description: 'Whether the user should be in the file.' },
      create: { type: 'boolean', default: true, description: 'Create the file when missing (false: a missing file fails).' },
      ...attrSchema,
    },
  },
  async plan(ctx, params) {
    const p = await expandPaths(ctx, params, ['path']);
    if (p.name.includes(':') || /[\r\n]/.test(p.name)) throw new ModuleFailure(`invalid user name ${JSON.stringify(p.name)}: it may hold no ':' and no line break`);
    const file = await readTextFile(ctx, p.path, p.mode);
    const lines = file.text === null ? [] : file.text.split('\n');
    if (lines.at(-1) === '') lines.pop();
    const at = lines.findIndex((l) => userOf(l) === p.name);
    let msg: string;
    let after: string[] | null = null;
    if (p.state === 'absent') {
      if (file.text === null) return { changes: [], data: { msg: `${p.name} not present` }, reason: `${p.path} does not exist` };
      if (at === -1) msg = `${p.name} not present`;
      else {
        msg = `Remove ${p.name}`;
        after = lines.filter((_, i) => i !== at);
      }
    } else {
      if (p.password === undefined) throw new ModuleFailure('password is required with state=present');
      if (file.text === null && !p.create) throw new ModuleFailure(`Destination ${p.path} does not exist`, {}, { hint: 'set create: true to create it' });
      const stored = at === -1 ? undefined : lines[at]!.slice(p.name.length + 1).replace(/\r$/, '');
      const ok = stored === undefined ? false : verifyPassword(stored, p.password);
      if (ok === undefined) {
        throw new ModuleFailure(`cannot check the password of ${p.name} in ${p.path}: its hash is ${uncheckedScheme(stored!)}, which runbook does not compute`, {}, { hint: `runbook checks ${SCHEMES.join(', ')}` });
      }
      if (ok) msg = `${p.name} already present`;
      else {
        const line = `${p.name}:${hashPassword(p.crypt_scheme, p.password)}`;
        after = at === -1 ? [...lines, line] : lines.map((l, i) => (i === at ? line : l));
        msg = file.text === null ? `Created ${p.path} and added ${p.name}` : `Add/update ${p.name}`;
      }
    }
    // Ansible's module drops blank lines from a file it edits.
    const text = after && after.filter((l) => l.trim() !== '').map((l) => `${l}\n`).join('');
    const changes = textChanges(ctx, file, text, `${p.path}: ${msg}`, { ...p, backupKey: 'backup_file' });
    if (text !== null && changes[0]) changes[0].diff = { header: p.path, before: file.text === null ? '' : masked(file.text), after: masked(text, p.name) };
    return { changes, data: { msg: withAttrMsg(msg, changes, text !== null) }, reason: changes.length ? undefined : `${p.path}: ${msg}` };
  },
});

/** The user of an entry line (`user:hash`); undefined for a comment or a line without `:`. */
function userOf(line: string): string | undefined {
  const colon = line.indexOf(':');
  return colon === -1 || line.trimStart().startsWith('#') ? undefined : line.slice(0, colon);
}

/** The file with every hash replaced by a placeholder (`user` gets a new one): what the diff may show. */
function masked(text: string, user?: string): string {
  return text.replace(/^([^#:\n][^:\n]*):.*$/gm, (_, name: string) => `${name}:${name === user ? '(new hash)' : '(hash)'}`);
}
