// The hostname module's view of a host, read in one command: is systemd the service manager (Ansible's
// canary, /run/systemd/system), the OS family, and the current and permanent names as each strategy of
// Ansible's hostname module reads them.

import type { Fact } from '../../engine/module-api/module.js';

export type Strategy = 'systemd' | 'debian' | 'redhat' | 'alpine' | 'generic';

export interface HostnameState {
  systemd: boolean;
  /** os-release ID and ID_LIKE words, lower case. */
  osIds: string[];
  /** `hostname` (the kernel's name for this UTS namespace). */
  kernel: string;
  /** hostnamectl --transient / --static; undefined when hostnamectl failed or is absent. */
  transient?: string;
  static?: string;
  hostnamectlError?: string;
  /** /etc/hostname content (trimmed); undefined when the file is missing. */
  etcHostname?: string;
  /** HOSTNAME= in /etc/sysconfig/network; undefined when absent. */
  sysconfig?: string;
}

const SCRIPT = `echo "@@systemd"; [ -d /run/systemd/system ] && echo yes
echo "@@os"; cat /etc/os-release 2>/dev/null || cat /usr/lib/os-release 2>/dev/null
echo "@@kernel"; hostname 2>/dev/null || cat /proc/sys/kernel/hostname
if [ -d /run/systemd/system ] && command -v hostnamectl >/dev/null 2>&1; then
  t=$(hostnamectl --transient status 2>&1) && s=$(hostnamectl --static status 2>&1) && { echo "@@transient"; printf '%s\\n' "$t"; echo "@@static"; printf '%s\\n' "$s"; } || { echo "@@hostnamectl_error"; printf '%s\\n' "$t$s"; }
fi
[ -f /etc/hostname ] && { echo "@@etc_hostname"; cat /etc/hostname; }
[ -f /etc/sysconfig/network ] && { echo "@@sysconfig"; grep '^HOSTNAME' /etc/sysconfig/network; }
exit 0`;

export const hostnameFact: Fact<HostnameState> = {
  key: 'hostname-state',
  command: SCRIPT,
  parse: (stdout, code, stderr) => {
    if (code !== 0) throw new Error(`could not read the hostname: ${stderr.trim() || `exit code ${code}`}`);
    return parseHostnameState(stdout);
  },
};

export function parseHostnameState(stdout: string): HostnameState {
  const sec = new Map<string, string[]>();
  let cur: string[] | undefined;
  for (const line of stdout.split('\n')) {
    const m = /^@@(\w+)$/.exec(line);
    if (m) sec.set(m[1]!, (cur = []));
    else cur?.push(line);
  }
  const text = (k: string) => (sec.has(k) ? sec.get(k)!.join('\n').trim() : undefined);
  const os = text('os') ?? '';
  const field = (k: string) => new RegExp(`^${k}=["']?([^"'\\n]*)`, 'm').exec(os)?.[1] ?? '';
  const sysconfig = text('sysconfig');
  return {
    systemd: text('systemd') === 'yes',
    osIds: [field('ID'), ...field('ID_LIKE').split(/\s+/)].map((s) => s.toLowerCase()).filter(Boolean),
    kernel: text('kernel') ?? '',
    transient: text('transient'),
    static: text('static'),
    hostnamectlError: text('hostnamectl_error'),
    etcHostname: text('etc_hostname'),
    sysconfig: sysconfig === undefined ? undefined : (/^HOSTNAME=["']?([^"'\n]*)/m.exec(sysconfig)?.[1]?.trim() ?? undefined),
  };
}

/** Ansible's choice: systemd when systemd manages the host, else by distribution family. */
export function chooseStrategy(use: string, s: HostnameState): Strategy {
  if (use !== 'auto') return use as Strategy;
  if (s.systemd) return 'systemd';
  if (s.osIds.some((i) => ['debian', 'ubuntu', 'raspbian', 'linuxmint', 'kali', 'devuan', 'pop', 'void'].includes(i))) return 'debian';
  if (s.osIds.some((i) => ['rhel', 'centos', 'fedora', 'amzn', 'ol', 'scientific'].includes(i))) return 'redhat';
  if (s.osIds.includes('alpine')) return 'alpine';
  return 'generic';
}

/** The current and permanent names as the strategy reads them (permanent undefined: it has none). */
export function namesFor(strategy: Strategy, s: HostnameState): { current: string; permanent?: string } {
  switch (strategy) {
    case 'systemd':
      if (s.transient === undefined) throw new Error(`hostnamectl failed: ${s.hostnamectlError ?? 'not available (is systemd running?)'}`);
      return { current: s.transient, permanent: s.static ?? '' };
    case 'debian':
    case 'alpine':
      return { current: s.kernel, permanent: s.etcHostname ?? '' };
    case 'redhat':
      return { current: s.kernel, permanent: s.sysconfig ?? '' };
    default:
      return { current: s.kernel };
  }
}
