// hostname: set the host's name, now (the kernel's, or systemd's transient name) and permanently
// (hostnamectl's static name, /etc/hostname, or RedHat's /etc/sysconfig/network), as Ansible's hostname
// module: the strategy follows the service manager and distribution unless `use` says otherwise.

import { ModuleFailure } from '../../engine/errors.js';
import { argv, cmd } from '../../engine/quote.js';
import { chooseStrategy, hostnameFact, namesFor, type Strategy } from './hostname-state.js';
import { defineModule, type Change, type ModuleContext } from '../../engine/module-api/module.js';

export const hostname = defineModule({
  name: 'hostname',
  summary: "Set the host's name, now and across reboots (hostnamectl, /etc/hostname or /etc/sysconfig/network).",
  params: {
    type: 'object',
    additionalProperties: false,
    required: ['name'],
    properties: {
      name: { type: 'string', minLength: 1, description: 'The host name to set.' },
      use: {
        enum: ['auto', 'systemd', 'debian', 'redhat', 'alpine', 'generic'],
        default: 'auto',
        description: 'systemd: hostnamectl. debian/alpine: /etc/hostname + hostname. redhat: /etc/sysconfig/network + hostname. generic: only the current name. auto: systemd when systemd runs, else by distribution.',
      },
    },
  },
  async plan(ctx, p) {
    const [state] = await ctx.facts(hostnameFact);
    const strategy = chooseStrategy(p.use, state);
    let names: { current: string; permanent?: string };
    try {
      names = namesFor(strategy, state);
    } catch (e) {
      throw new ModuleFailure((e as Error).message, {}, { hint: 'use: debian (or redhat) sets the name without systemd' });
    }
    if (strategy === 'systemd' && p.name.length > 64) throw new ModuleFailure('name cannot be longer than 64 characters on systemd servers, try a shorter name');
    const changes: Change[] = [];
    const before = names.current !== p.name ? names.current : (names.permanent ?? names.current);
    const diff = { header: 'hostname', before: `hostname = ${before}\n`, after: `hostname = ${p.name}\n` };
    // Ansible's order: the current name, then the permanent one (Alpine: permanent first, then hostname -F).
    if (names.current !== p.name) changes.push(change(ctx, `set the current hostname to ${p.name}`, currentCommand(strategy, p.name), diff));
    if (names.permanent !== undefined && names.permanent !== p.name) {
      const c = permanentChange(ctx, strategy, p.name, diff);
      if (strategy === 'alpine') changes.unshift(c);
      else changes.push(c);
    }
    // One diff for the task: only the first change carries it.
    changes.slice(1).forEach((c) => delete c.diff);
    const short = p.name.split('.')[0]!;
    return {
      changes,
      data: { name: p.name, ansible_facts: { ansible_hostname: short, ansible_nodename: p.name } },
      facts: { ansible_hostname: short, ansible_nodename: p.name },
      reason: changes.length ? undefined : `hostname is already ${p.name} (${strategy})`,
    };
  },
});

function currentCommand(strategy: Strategy, name: string): string {
  if (strategy === 'systemd') return argv(['hostnamectl', '--transient', 'set-hostname', name]);
  if (strategy === 'alpine') return 'hostname -F /etc/hostname';
  return argv(['hostname', name]);
}

function permanentChange(ctx: ModuleContext, strategy: Strategy, name: string, diff: Change['diff']): Change {
  const summary = `set the permanent hostname to ${name}`;
  if (strategy === 'systemd') {
    return change(ctx, summary, `${argv(['hostnamectl', '--pretty', 'set-hostname', name])} && ${argv(['hostnamectl', '--static', 'set-hostname', name])}`, diff);
  }
  if (strategy === 'redhat') {
    // Replace the HOSTNAME line (sed -i writes a new file and renames it), or add one.
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)) throw new ModuleFailure(`invalid host name for /etc/sysconfig/network: ${JSON.stringify(name)}`);
    const script = cmd`f=/etc/sysconfig/network; n=${name}; if grep -q '^HOSTNAME' "$f" 2>/dev/null; then sed -i "s/^HOSTNAME.*/HOSTNAME=$n/" "$f"; else printf 'HOSTNAME=%s\n' "$n" >> "$f"; fi`;
    return change(ctx, summary, script, diff);
  }
  return { summary, diff, apply: async () => void (await ctx.conn.put('/etc/hostname', `${name}\n`)) };
}

function change(ctx: ModuleContext, summary: string, line: string, diff: Change['diff']): Change {
  return {
    summary,
    diff,
    apply: async () => {
      const r = await ctx.conn.exec(line, { signal: ctx.signal });
      if (r.code !== 0) throw new ModuleFailure(`Command failed rc=${r.code}, out=${r.stdout.trim()}, err=${r.stderr.trim()}`, { rc: r.code });
    },
  };
}
