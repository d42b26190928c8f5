// user: create, change or remove a local account with useradd/usermod/userdel, as Ansible's user module
// on Linux. The account, its groups and the groups the task names are read in one round trip.

import { ModuleFailure } from '../../engine/errors.js';
import { argv } from '../../engine/quote.js';
import { planUser, type UserWanted } from './user-plan.js';
import { userStateFact } from './user-state.js';
import { sshKeyChanges, sshKeyFact } from './user-ssh-key.js';
import { defineModule } from '../../engine/module-api/module.js';

export const user = defineModule({
  name: 'user',
  summary: 'Create, modify or remove a local user account (useradd, usermod, userdel), optionally with an SSH key pair.',
  aliases: { user: 'name', createhome: 'create_home' },
  params: {
    type: 'object',
    additionalProperties: false,
    required: ['name'],
    properties: {
      name: { type: 'string', description: 'Login name.' },
      state: { enum: ['present', 'absent'], default: 'present', description: 'Whether the account should exist.' },
      uid: { type: 'integer', minimum: 0, description: 'User id.' },
      group: { type: 'string', description: 'Primary group (name or gid); it must exist.' },
      groups: { type: ['array', 'string'], items: { type: 'string' }, description: 'Supplementary groups (a list or comma-separated); each must exist. An empty list removes them all unless append.' },
      append: { type: 'boolean', default: false, description: 'Add the groups to the current ones instead of replacing them.' },
      shell: { type: 'string', description: 'Login shell.' },
      home: { type: 'string', description: 'Home directory.' },
      comment: { type: 'string', description: 'The GECOS field (full name).' },
      create_home: { type: 'boolean', default: true, description: 'Create the home directory when creating the account (useradd -m).' },
      password: { type: 'string', description: 'Password HASH as in /etc/shadow (e.g. from mkpasswd), never the clear text.' },
      update_password: { enum: ['always', 'on_create'], default: 'always', description: 'always: set the hash when it differs. on_create: only for a new account.' },
      password_lock: { type: 'boolean', description: 'true: lock the password (usermod -L, a `!` before the hash); false: unlock a locked one (usermod -U). Unset: leave it.' },
      expires: { type: 'number', description: 'When the account expires, in seconds since the epoch (compared by UTC day, as Ansible does); a negative value removes the expiry.' },
      system: { type: 'boolean', default: false, description: 'Create a system account (useradd -r).' },
      remove: { type: 'boolean', default: false, description: 'state=absent: also remove the home directory and mail spool (userdel -r).' },
      force: { type: 'boolean', default: false, description: 'state=absent: remove even when the user is logged in (userdel -f).' },
      generate_ssh_key: { type: 'boolean', default: false, description: 'Generate an SSH key pair for the user when ssh_key_file does not exist (an existing key is never replaced).' },
      ssh_key_type: { type: 'string', default: 'rsa', description: 'Key type for ssh-keygen -t (rsa, ed25519, ecdsa).' },
      ssh_key_bits: { type: 'integer', minimum: 0, description: 'Key size for ssh-keygen -b (default: ssh-keygen\'s for the type).' },
      ssh_key_file: { type: 'string', description: 'The private key file, relative to the home directory or absolute (default .ssh/id_TYPE).' },
      ssh_key_comment: { type: 'string', description: 'The key\'s comment (default: "ansible-generated on HOSTNAME").' },
      ssh_key_passphrase: { type: 'string', description: 'Passphrase of the new key (default: none).' },
    },
  },
  async plan(ctx, p) {
    if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]*\$?$/.test(p.name)) throw new ModuleFailure(`invalid user name: ${JSON.stringify(p.name)}`);
    const groups = p.groups === undefined ? undefined : (Array.isArray(p.groups) ? p.groups : p.groups.split(',')).map((g) => g.trim()).filter(Boolean);
    const want: UserWanted = { ...p, groups };
    const keyWanted = p.generate_ssh_key && p.state === 'present';
    const account = userStateFact(p.name, [...(p.group !== undefined ? [p.group] : []), ...(groups ?? [])]);
    // The key is read only when asked for, in the same round trip as the account.
    const [state, key] = keyWanted ? await ctx.facts(account, sshKeyFact(p)) : [(await ctx.facts(account))[0], undefined];
    const keyPlan = key ? sshKeyChanges(ctx, p, key) : { changes: [], data: {} };
    const plan = planUser(want, state, ctx.check);
    const u = state.user;
    const data = p.state === 'absent' ? { name: p.name, state: 'absent', ...(p.remove ? { remove: true } : {}) } : {
      name: p.name,
      state: 'present',
      uid: p.uid ?? u?.uid,
      shell: p.shell ?? u?.shell,
      home: p.home ?? u?.home,
      comment: p.comment ?? u?.comment,
      system: p.system,
      ...(groups ? { groups: groups.join(','), append: p.append } : {}),
      ...keyPlan.data,
    };
    if (!plan.argv) {
      const reason = p.state === 'absent' ? `user ${p.name} does not exist` : `user ${p.name} is as asked${keyWanted ? ', with its ssh key' : ''}`;
      return { changes: keyPlan.changes, data, reason: keyPlan.changes.length ? undefined : reason };
    }
    const line = argv(plan.argv);
    return {
      changes: [{
        summary: plan.summary!,
        diff: { header: `user ${p.name}`, before: plan.before, after: plan.after },
        apply: async () => {
          const r = await ctx.conn.exec(line, { signal: ctx.signal });
          if (r.code !== 0) throw new ModuleFailure(r.stderr.trim() || `${plan.argv![0]} failed with exit code ${r.code}`, { rc: r.code, stdout: r.stdout, stderr: r.stderr });
          return { rc: 0 };
        },
      }, ...keyPlan.changes],
      data,
    };
  },
});
