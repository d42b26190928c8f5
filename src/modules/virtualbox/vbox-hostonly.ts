// vbox_hostonly: a VirtualBox host-only interface (the workstation's side of the seed's LAN, vboxnet1 at
// 192.168.33.253) exists and has the asked address: created when missing, `hostonlyif ipconfig` only when
// the address or netmask differs.

import { ModuleFailure } from '../../engine/errors.js';
import { argv } from '../../engine/quote.js';
import { parseHostonlyIfs, planHostonly } from './vbox-hostonly-state.js';
import { defineModule, type Fact } from '../../engine/module-api/module.js';

const hostonlyIfs = (vboxmanage: string): Fact<ReturnType<typeof parseHostonlyIfs>> => ({
  key: `vbox-hostonlyifs:${vboxmanage}`,
  command: argv([vboxmanage, 'list', 'hostonlyifs']),
  parse(stdout, code, stderr) {
    if (code !== 0) {
      throw new ModuleFailure(`${vboxmanage} list hostonlyifs failed (exit ${code}): ${stderr.trim()}`, {}, {
        hint: code === 127 ? 'is VirtualBox installed? set vboxmanage to the path of VBoxManage' : undefined,
      });
    }
    return parseHostonlyIfs(stdout);
  },
});

export const vboxHostonly = defineModule({
  name: 'vbox_hostonly',
  summary: 'A VirtualBox host-only interface exists (or not) with the given IPv4 address and netmask.',
  params: {
    type: 'object',
    additionalProperties: false,
    required: ['name'],
    properties: {
      name: { type: 'string', description: 'Interface name as VirtualBox lists it, e.g. vboxnet1.' },
      ip: { type: 'string', format: 'ipv4', description: 'IPv4 address of the host side of the network (required when state is present).' },
      netmask: { type: 'string', format: 'ipv4', default: '255.255.255.0', description: 'Netmask in dotted form.' },
      state: { enum: ['present', 'absent'], default: 'present', description: 'present: exists with ip/netmask; absent: removed.' },
      vboxmanage: { type: 'string', default: 'VBoxManage', description: 'The VBoxManage command (name on PATH or full path).' },
    },
  },
  async plan(ctx, p) {
    if (p.state === 'present' && p.ip === undefined) throw new ModuleFailure('ip is required when state is present');
    const [ifs] = await ctx.facts(hostonlyIfs(p.vboxmanage));
    try {
      return (planHostonly(ifs, p));
    } catch (e) {
      throw new ModuleFailure((e as Error).message);
    }
  },
});
