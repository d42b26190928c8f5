// What package_facts reads, in ONE command: the installed packages of each package manager asked for, in
// the shapes ansible-core's package_facts gives (apt: name, version, arch, category; rpm: name, version,
// release, epoch, arch; apk: name, version, release; each with its `source`). Read with the managers' own
// query tools (dpkg-query, rpm, apk), so the host needs no Python bindings. Not given: apt's `origin` (it
// needs apt's policy database). The parser is pure: tests feed it recorded output.

import type { Fact } from '../../engine/module-api/module.js';

export const MANAGERS = ['apt', 'rpm', 'apk'] as const;
export type Manager = (typeof MANAGERS)[number];
export type PackageFact = Record<string, string | null> & { name: string; source: Manager };

const SECTION = '--runbook-package-facts';

/** Availability test and listing per manager; fields are tab-separated. */
const LIST: Record<Manager, { tool: string; list: string }> = {
  apt: {
    tool: 'dpkg-query',
    list: `dpkg --print-architecture 2>/dev/null; dpkg-query -W -f '\${db:Status-Abbrev}\\t\${Package}\\t\${Version}\\t\${Architecture}\\t\${Section}\\n'`,
  },
  rpm: { tool: 'rpm', list: `rpm -qa --queryformat '%{NAME}\\t%{VERSION}\\t%{RELEASE}\\t%{EPOCH}\\t%{ARCH}\\n'` },
  apk: { tool: 'apk', list: 'apk info -v 2>/dev/null' },
};

/** `first`: the first usable manager only (an if/elif chain); `all`: every usable one. */
export function packageFactsFact(managers: Manager[], strategy: 'first' | 'all'): Fact<Partial<Record<Manager, PackageFact[]>>> {
  const branches = managers.map((m) => `command -v ${LIST[m].tool} >/dev/null 2>&1; then echo "${SECTION} ${m}"; ${LIST[m].list}`);
  const command = strategy === 'first'
    ? `if ${branches.join('\nelif ')}\nfi\nexit 0`
    : `${branches.map((b) => `if ${b}; fi`).join('\n')}\nexit 0`;
  return {
    key: `package_facts:${strategy}:${managers.join(',')}`,
    command,
    parse: (stdout) => parsePackages(stdout),
  };
}

export function parsePackages(stdout: string): Partial<Record<Manager, PackageFact[]>> {
  const out: Partial<Record<Manager, PackageFact[]>> = {};
  let current: Manager | undefined;
  let lines: string[] = [];
  const flush = () => {
    if (current) out[current] = PARSERS[current](lines);
    lines = [];
  };
  for (const line of stdout.split('\n')) {
    if (line.startsWith(`${SECTION} `)) {
      flush();
      current = line.slice(SECTION.length + 1) as Manager;
    } else if (line.trim() !== '') lines.push(line);
  }
  flush();
  return out;
}

const PARSERS: Record<Manager, (lines: string[]) => PackageFact[]> = {
  apt: ([native = '', ...lines]) =>
    lines.flatMap((l) => {
      const [status = '', name = '', version = '', arch = '', category = ''] = l.split('\t');
      // Installed in any state that has files (not `n`ot-installed, not only `c`onfig-files left).
      if (!name || 'nc'.includes(status[1] ?? 'n')) return [];
      // python-apt names a foreign-architecture package `name:arch`, as Ansible reports it.
      const key = arch !== native.trim() && arch !== 'all' ? `${name}:${arch}` : name;
      return [{ name: key, version, arch, category, source: 'apt' as const }];
    }),
  rpm: (lines) =>
    lines.map((l) => {
      const [name = '', version = '', release = '', epoch = '', arch = ''] = l.split('\t');
      return { name, version, release, epoch: epoch === '(none)' ? null : epoch, arch, source: 'rpm' as const };
    }),
  // `apk info -v` prints name-version-release (Ansible splits it at the last two dashes).
  apk: (lines) =>
    lines.map((l) => {
      const parts = l.trim().split('-');
      const release = parts.length >= 3 ? parts.pop()! : '';
      const version = parts.length >= 2 ? parts.pop()! : '';
      return { name: parts.join('-'), version, release, source: 'apk' as const };
    }),
};
