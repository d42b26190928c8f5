// sysctl: a kernel parameter in a sysctl file (/etc/sysctl.conf or sysctl_file) and, with sysctl_set or
// reload, in the running kernel — ansible.posix.sysctl on Linux: the same file bytes and the same `changed`
// (sysctl-plan.ts). The file and the live value (/proc/sys) are read in one round trip.

import { ModuleFailure } from '../../engine/errors.js';
import { argv, cmd } from '../../engine/quote.js';
import type { Change, Fact } from '../../engine/module-api/module.js';
import { defineModule } from '../../engine/module-api/module.js';
import { contentFact, statFact } from '../files/file-state.js';
import { readTextFile } from '../files/text-file.js';
import { writeFile } from '../files/write-file.js';
import { decideSysctl, parseSysctlValue } from './sysctl-plan.js';

/** /proc/sys path of a key: dots are separators, unless the name already uses slashes (net/ipv4/conf/eth0.5/...). */
export function procPath(name: string): string {
  return `/proc/sys/${name.includes('/') ? name.replace(/^\/+/, '') : name.replace(/\./g, '/')}`;
}

/** The kernel's value of a key, or undefined when there is no such key. */
export function liveValueFact(name: string): Fact<string | undefined> {
  const path = procPath(name);
  return {
    key: `sysctl-live:${path}`,
    command: cmd`cat -- ${path} 2>/dev/null`,
    parse: (stdout, code) => (code === 0 ? stdout : undefined),
  };
}

export const sysctl = defineModule({
  name: 'sysctl',
  summary: 'Set a kernel parameter in a sysctl file and (reload / sysctl_set) in the running kernel (ansible.posix.sysctl).',
  aliases: { key: 'name', val: 'value' },
  params: {
    type: 'object',
    additionalProperties: false,
    required: ['name'],
    properties: {
      name: { type: 'string', description: 'The key, e.g. net.ipv4.ip_forward.' },
      value: { type: ['string', 'number', 'boolean'], description: 'Its value (required for state=present); yes/no/true/false become 1/0 as in Ansible.' },
      state: { enum: ['present', 'absent'], default: 'present', description: 'Whether the key should be in the file.' },
      reload: { type: 'boolean', default: true, description: 'When something changed, load the file into the kernel (sysctl -p FILE); also a change when the live value differs.' },
      sysctl_set: { type: 'boolean', default: false, description: 'Also set the live value (sysctl -w) when it differs from value.' },
      ignoreerrors: { type: 'boolean', default: false, description: 'Ignore unknown keys while reloading and setting (sysctl -e).' },
      sysctl_file: { type: 'string', default: '/etc/sysctl.conf', description: 'The file holding the setting (e.g. /etc/sysctl.d/60-app.conf).' },
    },
  },
  async plan(ctx, p) {
    const name = p.name.trim();
    if (name === '') throw new ModuleFailure('name cannot be blank');
    if (p.state === 'present' && p.value === undefined) throw new ModuleFailure('value cannot be None', {}, { hint: 'state=present needs a value' });
    const value = p.state === 'present' ? parseSysctlValue(p.value) : parseSysctlValue(p.value);
    if (p.state === 'present' && value === '') throw new ModuleFailure('value cannot be blank');
    // The file's stat and bytes and the live value in one batch; readTextFile then finds them cached.
    const [, , live] = await ctx.facts(statFact(p.sysctl_file, { follow: true }), contentFact(p.sysctl_file), liveValueFact(name));
    const file = await readTextFile(ctx, p.sysctl_file);
    const d = decideSysctl({ name, value, state: p.state, reload: p.reload, sysctl_set: p.sysctl_set }, file.text ?? '', live);
    if (p.sysctl_set && p.state === 'present' && live === undefined && !p.ignoreerrors) {
      throw new ModuleFailure(`the kernel has no parameter ${name} (${procPath(name)} cannot be read)`, {}, { hint: 'check the name; in a container, a parameter may only exist on the host' });
    }
    const changes: Change[] = [];
    if (d.fileText !== undefined) {
      const text = d.fileText;
      changes.push({
        summary: `${p.sysctl_file}: ${p.state === 'absent' ? `remove ${name}` : `${name}=${value}`}`,
        diff: { header: p.sysctl_file, before: file.text ?? '', after: text },
        apply: async () => void (await writeFile(ctx.conn, { path: file.st?.realpath ?? file.path, content: text, want: file.st ? {} : { mode: '0644' }, st: file.st, expect: file.read })),
      });
    }
    const e = p.ignoreerrors ? ['-e'] : [];
    if (d.setLive) changes.push({ summary: `set ${name} = ${value} in the kernel (was ${live!.trim()})`, diff: { header: `kernel ${name}`, before: `${live!.trim()}\n`, after: `${value}\n` }, run: argv(['sysctl', ...e, '-w', `${name}=${value}`]), failure: `setting ${name} failed` });
    if (d.reload) changes.push({ summary: `reload ${p.sysctl_file}`, run: argv(['sysctl', ...e, '-p', p.sysctl_file]), failure: 'Failed to reload sysctl' });
    if (d.changed && !changes.length) changes.push({ summary: `${name}: the kernel value differs`, run: 'true' });
    const reason = p.state === 'absent' ? `${name} is not in ${p.sysctl_file}` : `${name}=${value} in ${p.sysctl_file}${p.sysctl_set || p.reload ? ' and in the kernel' : ''}`;
    return { changes, data: { name, value, state: p.state, sysctl_file: p.sysctl_file }, reason: changes.length ? undefined : reason };
  },
});
