// user: create, change or remove a local account with useradd/usermod/userdel, as Ansible's user module
// on Linux. The account, its groups and the groups the task names are read in one round trip.

import { ModuleFailure } from '../../engine/errors.js';
import { argv } from '../../engine/quote.js';
import { planUser, type UserWanted } from './user-plan.js';
import { userStateFact } from './user-state.js';
import { defineModule } from '../../engine/module-api/module.js';

export const user = defineModule({
  name: 'user',
  summary: 'Create, modify or remove a local user account (useradd, usermod, userdel).',
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
      system: { type: 'boolean', default: false, description: 'Create a system account (useradd -r).' },
      remove: { type: 'boolean', default: false, description: 'state=absent: also remove the home directory and mail spool (userdel -r).' },
      force: { type: 'boolean', default: false, description: 'state=absent: remove even when the user is logged in (userdel -f).' },
    },
  },
  async plan(ctx, p) {
    if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]*\$?$/.test(p.name)) throw new ModuleFailure(`invalid user name: ${JSON.stringify(p.name)}`);
    const groups = p.groups === undefined ? undefined : (Array.isArray(p.groups) ? p.groups : p.groups.split(',')).map((g) => g.trim()).filter(Boolean);
    const want: UserWanted = { ...p, groups };
    const [state] = await ctx.facts(userStateFact(p.name, [...(p.group !== undefined ? [p.group] : []), ...(groups ?? [])]));
    const plan = planUser(want, state);
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
    };
    if (!plan.argv) return { changes: [], data, reason: p.state === 'absent' ? `user ${p.name} does not exist` : `user ${p.name} is as asked` };
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
      }],
      data,
    };
  },
});
