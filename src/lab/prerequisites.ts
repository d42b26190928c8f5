// What the lab needs from this machine, and what to do when something is missing. Pure: the probes
// (does a file exist, is busybox static, what is /etc/os-release) are passed in, so the decisions —
// which packages are missing, whether runbook may install them here, the message otherwise — are unit
// tested without root. `runbook lab doctor`, `lab up`'s refusal and `npm run demo` all use this one list,
// and playbooks/lab-prerequisites.yaml installs it (a unit test keeps the two lists equal).

export interface Requirement {
  /** The Debian/Ubuntu package that provides it. */
  pkg: string;
  /** Commands (looked up in PATH, /usr/sbin, /sbin) or absolute paths; all must be there. */
  needs: string[];
  /** Why the lab needs it, in a few words (shown by `lab doctor`). */
  why: string;
  /** A statically linked binary is required (the seed's one-binary container image). */
  static?: string;
  /** Who needs it: every lab (`lab up`), the seed lab (`lab up --seed`, the demo), or only the test suites. */
  scope: Scope;
}

export type Scope = 'hosts' | 'seed' | 'tests';

export const REQUIREMENTS: readonly Requirement[] = [
  { pkg: 'iproute2', needs: ['ip', 'bridge'], why: 'network namespaces, veths, the lab bridge', scope: 'hosts' },
  { pkg: 'util-linux', needs: ['unshare', 'nsenter', 'mount'], why: 'each host\'s mount and PID namespaces', scope: 'hosts' },
  { pkg: 'openssh-server', needs: ['/usr/sbin/sshd'], why: 'every lab host runs a real OpenSSH server', scope: 'hosts' },
  { pkg: 'openssh-client', needs: ['ssh', 'ssh-keygen'], why: 'host keys; the Vagrant stand-in\'s ssh', scope: 'hosts' },
  { pkg: 'sudo', needs: ['sudo'], why: 'become (sudo -n, sudo -S) on lab hosts', scope: 'hosts' },
  { pkg: 'passwd', needs: ['useradd', 'chpasswd'], why: 'the lab hosts\' users (deploy, alice)', scope: 'hosts' },
  { pkg: 'systemd', needs: ['/lib/systemd/systemd'], why: 'hosts with systemd as PID 1 (lab up --systemd, the Docker VM)', scope: 'seed' },
  { pkg: 'procps', needs: ['ps'], why: 'process checks in tests', scope: 'tests' },
  { pkg: 'docker.io', needs: ['dockerd', 'docker'], why: 'the Docker engine inside the seed\'s VM', scope: 'seed' },
  { pkg: 'containerd', needs: ['containerd'], why: 'dockerd\'s container runtime', scope: 'seed' },
  { pkg: 'runc', needs: ['runc'], why: 'dockerd\'s container runtime', scope: 'seed' },
  { pkg: 'iptables', needs: ['iptables'], why: 'dockerd\'s NAT rules, inside the VM\'s namespace', scope: 'seed' },
  { pkg: 'dnsmasq', needs: ['dnsmasq'], why: 'the seed\'s DNS server on the VM', scope: 'seed' },
  { pkg: 'busybox-static', needs: ['/bin/busybox'], static: '/bin/busybox', why: 'the seed\'s container image (one static binary, nothing pulled)', scope: 'seed' },
  { pkg: 'netcat-openbsd', needs: ['nc'], why: 'port checks in tests', scope: 'tests' },
  { pkg: 'curl', needs: ['curl'], why: 'the demo fetches a page from a container', scope: 'seed' },
  { pkg: 'patch', needs: ['patch'], why: 'module tests of patched files', scope: 'tests' },
  { pkg: 'ansible-core', needs: ['ansible-playbook', 'ansible-inventory'], why: 'tests that compare runbook with Ansible itself (Jinja2, facts, inventories)', scope: 'tests' },
  { pkg: 'git', needs: ['git', '/usr/lib/git-core/git-daemon'], why: 'the git module\'s tests: repositories, git daemon on a lab host', scope: 'tests' },
  { pkg: 'python3', needs: ['/usr/bin/python3'], why: 'an HTTP server on a lab host (get_url, uri, apt deb URLs); wheels for pip tests', scope: 'tests' },
  { pkg: 'python3-venv', needs: ['/usr/share/doc/python3-venv'], why: 'the pip module\'s tests make a virtualenv', scope: 'tests' },
  { pkg: 'python3-passlib', needs: ['/usr/lib/python3/dist-packages/passlib'], why: 'community.general\'s htpasswd, which the htpasswd module is compared with', scope: 'tests' },
  { pkg: 'wget', needs: ['wget'], why: 'get_url\'s download where a host has no curl', scope: 'tests' },
  { pkg: 'ansible', needs: ['/usr/lib/python3/dist-packages/ansible_collections/ansible/posix', '/usr/lib/python3/dist-packages/ansible_collections/community/general'], why: 'the collections (ansible.posix, community.general) the system modules are compared with', scope: 'tests' },
  { pkg: 'cron', needs: ['crontab', '/usr/sbin/cron'], why: 'the cron module\'s lab test runs the real daemon', scope: 'tests' },
  { pkg: 'tzdata', needs: ['/usr/share/zoneinfo/Europe/Paris'], why: 'the timezone module\'s lab test', scope: 'tests' },
  { pkg: 'locales', needs: ['locale-gen', '/etc/locale.gen'], why: 'the locale_gen module\'s lab test', scope: 'tests' },
];

export interface Probe {
  /** A command in PATH (or /usr/sbin, /sbin), or an absolute path, exists. */
  has(need: string): boolean;
  /** The binary is statically linked. */
  isStatic(path: string): boolean;
}

const SCOPES: Record<Scope, Scope[]> = { hosts: ['hosts'], seed: ['hosts', 'seed'], tests: ['hosts', 'seed', 'tests'] };

/** The requirements of `scope` (and what it builds on) that this machine does not meet, in the list's order. */
export function missingRequirements(probe: Probe, scope: Scope = 'tests', reqs: readonly Requirement[] = REQUIREMENTS): Requirement[] {
  return reqs.filter((r) => SCOPES[scope].includes(r.scope)).filter((r) => !r.needs.every((n) => probe.has(n)) || (r.static !== undefined && !probe.isStatic(r.static)));
}

/** /etc/os-release as key → value (quotes removed). */
export function parseOsRelease(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^([A-Z_]+)=(.*)$/.exec(line.trim());
    if (m) out[m[1]!] = m[2]!.replace(/^(["'])(.*)\1$/, '$2');
  }
  return out;
}

/** Debian, Ubuntu and their derivatives: the package names above are theirs, and apt installs them. */
export function isDebianLike(os: Record<string, string>): boolean {
  return [os.ID ?? '', ...(os.ID_LIKE ?? '').split(/\s+/)].some((id) => id === 'debian' || id === 'ubuntu');
}

export type InstallPlan =
  | { kind: 'nothing' }
  /** runbook may install them: apply playbooks/lab-prerequisites.yaml with these packages. */
  | { kind: 'apt'; packages: string[]; line: string }
  /** Not installing: why, and what the user should do. */
  | { kind: 'refuse'; packages: string[]; message: string };

export interface PlanContext {
  os: Record<string, string>;
  root: boolean;
  /** --no-install. */
  noInstall?: boolean;
}

const DOC = 'docs/lab.md';

/** How to get the packages here: runbook installs them on Debian/Ubuntu; elsewhere, their names and a hint. */
export function fixHint(packages: readonly string[], os: Record<string, string>): string {
  const list = packages.join(' ');
  if (isDebianLike(os)) return `fix: runbook lab doctor --install   (as root; it applies playbooks/lab-prerequisites.yaml: apt-get install ${list}, starting no service)`;
  const name = os.PRETTY_NAME ?? os.ID ?? 'a system without /etc/os-release';
  return (
    `runbook installs them only on Debian or Ubuntu; this is ${name}. Debian's names: ${list}.\n` +
    `  Install the equivalents with your package manager (Fedora: dnf install iproute util-linux openssh-server openssh-clients sudo ` +
    `shadow-utils systemd moby-engine dnsmasq busybox curl …), then run it again; ${DOC} says what each one is for`
  );
}

/** What to do about the missing requirements here: install them (Debian/Ubuntu, root), or say exactly what is missing. */
export function installPlan(missing: readonly Requirement[], ctx: PlanContext): InstallPlan {
  if (!missing.length) return { kind: 'nothing' };
  const packages = [...new Set(missing.map((r) => r.pkg))];
  const what = `the lab needs ${missingSummary(missing)}`;
  const refuse = (why: string, fix = fixHint(packages, ctx.os)) => ({ kind: 'refuse' as const, packages, message: `${what}${why}\n  ${fix}` });
  if (!isDebianLike(ctx.os)) return refuse('.');
  if (ctx.noInstall) return refuse(': not installing them (--no-install).');
  if (!ctx.root) return refuse('; installing them needs root.', `sudo ${fixHint(packages, ctx.os).replace(/^fix: /, '')}`);
  return {
    kind: 'apt',
    packages,
    line: `installing ${packages.join(' ')}: the lab runs real sshd, systemd, dockerd and dnsmasq on this machine (no service is started outside the lab; --no-install refuses)`,
  };
}

/** "/usr/sbin/sshd (openssh-server), sudo (sudo)": the missing things, each with its package. */
export function missingSummary(missing: readonly Requirement[]): string {
  return missing.map((r) => `${r.needs.join(', ')}${r.static ? ' (static)' : ''} (${r.pkg})`).join('; ');
}
