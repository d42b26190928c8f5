// group: create, change the gid of, or remove a local group with groupadd/groupmod/groupdel, as Ansible's
// group module on Linux. The group is read with one getent.

import { ModuleFailure } from '../../engine/errors.js';
import { argv, cmd } from '../../engine/quote.js';
import { defineModule, type Fact } from '../../engine/module-api/module.js';

export interface GroupState {
  gid: number;
  members: string[];
}

export function groupFact(name: string): Fact<GroupState | null> {
  return {
    key: `group:${name}`,
    command: cmd`getent group ${name}; exit 0`,
    parse: (stdout) => {
      const line = stdout.split('\n').find((l) => l.startsWith(`${name}:`));
      if (!line) return null;
      const [, , gid, members] = line.split(':');
      return { gid: Number(gid), members: (members ?? '').split(',').filter(Boolean) };
    },
  };
}

export const group = defineModule({
  name: 'group',
  summary: 'Create, modify (gid) or remove a local group (groupadd, groupmod, groupdel).',
  params: {
    type: 'object',
    additionalProperties: false,
    required: ['name'],
    properties: {
      name: { type: 'string', description: 'Name of the group.' },
      state: { enum: ['present', 'absent'], default: 'present', description: 'Whether the group should exist.' },
      gid: { type: 'integer', minimum: 0, description: 'Group id; an existing group with another gid is changed (groupmod -g).' },
      system: { type: 'boolean', default: false, description: 'Create a system group (groupadd -r: a gid from the system range).' },
      non_unique: { type: 'boolean', default: false, description: 'Allow a gid another group already has (-o); needs gid.' },
      force: { type: 'boolean', default: false, description: 'state=absent: remove the group even when it is the primary group of a user (groupdel -f).' },
      local: { type: 'boolean', default: false, description: 'Use the local tools (lgroupadd...) — accepted for Ansible compatibility; groupadd already writes /etc/group.' },
    },
  },
  async plan(ctx, p) {
    if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]*\$?$/.test(p.name)) throw new ModuleFailure(`invalid group name: ${JSON.stringify(p.name)}`);
    if (p.non_unique && p.gid === undefined) throw new ModuleFailure('gid is required with non_unique');
    const [cur] = await ctx.facts(groupFact(p.name));
    const data = { name: p.name, state: p.state, ...(p.state === 'present' ? { gid: p.gid ?? cur?.gid, system: p.system } : {}) };
    const change = (summary: string, line: string[], before: string, after: string) => ({
      changes: [{ summary, run: argv(line), diff: { header: `group ${p.name}`, before, after } }],
      data,
    });
    if (p.state === 'absent') {
      if (!cur) return { changes: [], data, reason: `group ${p.name} does not exist` };
      return change(`remove group ${p.name}`, ['groupdel', ...(p.force ? ['-f'] : []), p.name], `gid: ${cur.gid}\n`, 'state: absent\n');
    }
    const gidArgs = p.gid === undefined ? [] : ['-g', String(p.gid), ...(p.non_unique ? ['-o'] : [])];
    if (!cur) return change(`create group ${p.name}`, ['groupadd', ...gidArgs, ...(p.system ? ['-r'] : []), p.name], 'state: absent\n', p.gid === undefined ? 'state: present\n' : `gid: ${p.gid}\n`);
    if (p.gid !== undefined && p.gid !== cur.gid) return change(`group ${p.name}: gid ${cur.gid} -> ${p.gid}`, ['groupmod', ...gidArgs, p.name], `gid: ${cur.gid}\n`, `gid: ${p.gid}\n`);
    return { changes: [], data: { ...data, gid: cur.gid }, reason: `group ${p.name} exists${p.gid === undefined ? '' : ` with gid ${p.gid}`}` };
  },
});
