// modprobe: a kernel module loaded or not (and, with persistent, listed in /etc/modules-load.d and its
// options in /etc/modprobe.d) — community.general.modprobe. The state is read in one command: /proc/modules,
// the kernel's built-ins, the persistent files, and whether this host may load modules at all: a container
// or a lab host shares its kernel with others (no CAP_SYS_MODULE, modules_disabled, no /lib/modules for the
// running kernel), and there the module refuses clearly instead of failing in modprobe's words — after it
// has modelled the state, so an already loaded module is still a no-op.

import { ModuleFailure } from '../../engine/errors.js';
import { argv, cmd } from '../../engine/quote.js';
import type { Change, Fact } from '../../engine/module-api/module.js';
import { defineModule } from '../../engine/module-api/module.js';
import { shlexSplit } from '../commands/command-line.js';

export interface ModprobeState {
  loaded: boolean;
  /** Why this host cannot change its kernel's modules, if it cannot. */
  refusal?: string;
  /** /etc/modules-load.d files listing the module. */
  listedIn: string[];
  /** name=value options set in /etc/modprobe.d. */
  params: string[];
}

// $1 module name. CapEff bit 16 is CAP_SYS_MODULE.
const SCRIPT = `m=$1 u=$(printf %s "$1" | tr - _)
if grep -q "^$u " /proc/modules 2>/dev/null || grep -qE "/$m\\.ko(\\.[a-z]+)?$" "/lib/modules/$(uname -r)/modules.builtin" 2>/dev/null; then echo @@loaded; fi
cap=$(awk '/^CapEff:/ { print $2 }' /proc/self/status)
if [ ! -e /proc/modules ]; then echo '@@refuse the running kernel has no loadable module support (no /proc/modules)'
elif [ -n "$cap" ] && [ $(( 0x$cap >> 16 & 1 )) -eq 0 ]; then echo "@@refuse this user has no CAP_SYS_MODULE (a container, or not root)"
elif [ "$(cat /proc/sys/kernel/modules_disabled 2>/dev/null)" = 1 ]; then echo '@@refuse the kernel forbids loading modules (kernel.modules_disabled=1)'
elif [ ! -d "/lib/modules/$(uname -r)" ]; then echo "@@refuse /lib/modules/$(uname -r) is missing: the running kernel is not this system's own (a container?)"
elif [ -n "$container" ] || [ -e /.dockerenv ] || [ -e /run/.containerenv ] || grep -qa 'container=' /proc/1/environ 2>/dev/null; then echo '@@refuse this host is a container: its kernel is shared with the machine'
fi
for f in /etc/modules-load.d/*.conf /etc/modules; do [ -f "$f" ] && grep -qE "^ *$m *([#;].*)?$" "$f" && echo "@@listed $f"; done
for f in /etc/modprobe.d/*; do [ -f "$f" ] && sed -n "s/^options $m \\([A-Za-z0-9_]*=[^ ]*\\) *\\([#;].*\\)\\{0,1\\}$/@@param \\1/p" "$f"; done
exit 0`;

export function modprobeFact(name: string): Fact<ModprobeState> {
  return {
    key: `modprobe:${name}`,
    command: `sh -c ${argv([SCRIPT, 'runbook-modprobe', name])}`,
    parse: (stdout) => ({
      loaded: /^@@loaded$/m.test(stdout),
      refusal: /^@@refuse (.*)$/m.exec(stdout)?.[1],
      listedIn: [...stdout.matchAll(/^@@listed (.*)$/gm)].map((m) => m[1]!),
      params: [...stdout.matchAll(/^@@param (.*)$/gm)].map((m) => m[1]!),
    }),
  };
}

export const modprobe = defineModule({
  name: 'modprobe',
  summary: 'Load or unload a kernel module, optionally at every boot (community.general.modprobe); refuses clearly where the kernel is shared.',
  params: {
    type: 'object',
    additionalProperties: false,
    required: ['name'],
    properties: {
      name: { type: 'string', pattern: '^[A-Za-z0-9_-]+$', description: 'The kernel module, e.g. br_netfilter.' },
      state: { enum: ['present', 'absent'], default: 'present', description: 'Whether the module should be loaded.' },
      params: { type: 'string', default: '', description: 'Module parameters (name=value, space-separated) passed to modprobe, and written to /etc/modprobe.d with persistent.' },
      persistent: {
        enum: ['disabled', 'present', 'absent'],
        default: 'disabled',
        description: 'present: /etc/modules-load.d/NAME.conf and /etc/modprobe.d/NAME.conf make it load at boot. absent: those lines commented out. disabled: the files are not touched.',
      },
    },
  },
  async plan(ctx, p) {
    const [s] = await ctx.facts(modprobeFact(p.name));
    const want = p.params.split(/\s+/).filter(Boolean);
    const changes: Change[] = [];
    if (p.state === 'present' && !s.loaded) changes.push({ summary: `load ${p.name}`, run: argv(['modprobe', p.name, ...shlexSplit(p.params)]), failure: `modprobe ${p.name} failed` });
    if (p.state === 'absent' && s.loaded) changes.push({ summary: `unload ${p.name}`, run: argv(['modprobe', '-r', p.name]), failure: `modprobe -r ${p.name} failed` });
    if (changes.length && s.refusal) throw new ModuleFailure(`cannot ${p.state === 'present' ? 'load' : 'unload'} kernel module ${p.name} here: ${s.refusal}`, { name: p.name, state: p.state }, { hint: 'load it on the machine that owns the kernel (the VM or bare-metal host), or leave this task to it' });
    const sameParams = want.length === s.params.length && want.every((w) => s.params.includes(w));
    const loadFile = `/etc/modules-load.d/${p.name}.conf`;
    const optsFile = `/etc/modprobe.d/${p.name}.conf`;
    if (p.persistent === 'present') {
      if (!s.listedIn.length) changes.push({ summary: `${loadFile}: load ${p.name} at boot`, diff: { header: loadFile, before: '', after: `${p.name}\n` }, run: `${cmd`mkdir -p /etc/modules-load.d && printf '%s\n' ${p.name} > ${loadFile}`}` });
      if (!sameParams) {
        const text = `${want.map((w) => `options ${p.name} ${w}`).join('\n')}\n`;
        changes.push({ summary: `${optsFile}: options ${want.join(' ') || '(none)'}`, diff: { header: optsFile, before: s.params.map((w) => `options ${p.name} ${w}\n`).join(''), after: text }, run: `${commentOut('/etc/modprobe.d/*', `options ${p.name} `)} && ${cmd`printf %s ${text} > ${optsFile}`}` });
      }
    } else if (p.persistent === 'absent') {
      if (s.listedIn.length) changes.push({ summary: `${s.listedIn.join(', ')}: ${p.name} commented out`, run: commentOut('/etc/modules-load.d/*.conf', p.name, true) });
      if (s.params.length) changes.push({ summary: `/etc/modprobe.d: options of ${p.name} commented out`, run: commentOut('/etc/modprobe.d/*', `options ${p.name} `) });
    }
    const data = { name: p.name, params: p.params, state: p.state };
    return { changes, data, reason: changes.length ? undefined : `${p.name} is ${s.loaded ? 'loaded' : 'not loaded'}${p.persistent === 'disabled' ? '' : `, persistent ${p.persistent}`}` };
  },
});

/** sed -i that comments out the lines of the module (whole line `NAME`) or starting with a prefix. */
function commentOut(glob: string, what: string, wholeLine = false): string {
  const esc = what.replace(/[.[\]*^$/\\]/g, '\\$&');
  const re = wholeLine ? `^ *${esc} *\\([#;].*\\)\\{0,1\\}$` : `^${esc}`;
  return `for f in ${glob}; do [ -f "$f" ] && sed -i ${cmd`s/${re}/#&/`} "$f"; done; true`;
}
