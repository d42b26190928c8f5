// What a lab is made of, as data: the fixed names and addresses of the lab network, and one HostSpec per
// host. Builders only read specs, so a richer topology (the seed's workstation namespace with `vboxnet1`,
// a Docker-VM host with an `eth1` on a host-only bridge and `/var/lib/docker` bind-mounted) is a different
// list of specs, not different code: see `nics`, `binds`, `unmask`, `setup` and LabSpec.namespaces.

/** Everything the lab creates is named with this prefix; leftovers are found by it. */
export const PREFIX = 'rb-';
/** The lab's state directory: not under /etc /var /home /usr /opt /srv (overlaid in hosts), gone on reboot. */
export const STATE_DIR = '/run/runbook-lab';
/** One lab per machine: the operation lock sits beside the state directory. */
export const LOCK_FILE = `${STATE_DIR}.lock`;

/**
 * What lab hosts can do beyond running, for tests that need more. `reboot`: a systemd host that reboots
 * (`systemctl reboot`, `shutdown -r`) boots again with a new PID 1, its disk kept (see boot-loop.ts).
 */
export const LAB_FEATURES = { reboot: true } as const;

export const NET = {
  /** The lab switch: a bridge inside its own namespace, so nothing is bridged in the root namespace. */
  switchNs: `${PREFIX}lab`,
  bridge: 'labbr',
  /** The one veth the root namespace gets, and its peer on the switch. */
  rootVeth: `${PREFIX}ctl`,
  rootPeer: 'ctl',
  subnet: '10.200.0',
  /** 10.200.0.0–10.200.3.255: hosts past the 243rd take their addresses in 10.200.1.x (see hostIp). */
  prefixLen: 22,
  /** The switch's own address: hosts' default gateway and DNS (nothing is forwarded beyond it). */
  gateway: '10.200.0.1',
  controller: '10.200.0.254',
} as const;

/** A second (third…) interface of a host, e.g. `eth1` facing a host-only bridge. */
export interface NicSpec {
  /** Interface name inside the host. */
  name: string;
  /** `a.b.c.d/len` on the host side; none leaves it unconfigured (a role may configure it). */
  address?: string;
  peer: {
    /** Namespace of the other end: the switch, or one from LabSpec.namespaces. */
    netns: string;
    name: string;
    /** Enslave the peer to this bridge (which must exist in peer.netns). */
    bridge?: string;
    address?: string;
  };
}

/** A bind mount inside a host from a directory the lab owns (e.g. /var/lib/docker, which can't be overlayfs). */
export interface BindSpec {
  /** Absolute path inside the host. */
  target: string;
  /** Directory name under the host's state dir; default derived from target. */
  source?: string;
}

export interface HostSpec {
  /** Inventory name and hostname: short, [a-z0-9-]. */
  name: string;
  /** Address on the lab switch (eth0). */
  ip: string;
  /** `sshd`: bash as PID 1 waiting on sshd; `systemd`: systemd as PID 1, sshd as ssh.service. */
  init: 'sshd' | 'systemd';
  /** Inventory groups besides `lab` and `plain`/`systemd`. */
  groups?: string[];
  nics?: NicSpec[];
  binds?: BindSpec[];
  /** systemd hosts: units not to mask (the lab masks the machine's own services by default). */
  unmask?: string[];
  /** Shell run inside the host after its filesystems and users exist, before sshd/systemd start. */
  setup?: string;
}

/** A namespace with no sshd (e.g. the seed's workstation), with bridges others can plug NICs into. */
export interface NamespaceSpec {
  name: string;
  bridges?: { name: string; address?: string }[];
}

export interface LabSpec {
  hosts: HostSpec[];
  namespaces?: NamespaceSpec[];
}

/** Users every lab host gets, for become tests: deploy (sudo NOPASSWD), alice (sudo with a password). */
export const LAB_USERS = {
  nopasswd: 'deploy',
  withPassword: 'alice',
  password: 'alice-pw',
} as const;

export function hostNetns(name: string): string {
  return `${PREFIX}${name}`;
}

/** The switch-side end of a host's eth0 (interface names are limited to 15 characters). */
export function hostPeerName(name: string): string {
  return `v${name}`.slice(0, 15);
}

/** The most hosts `lab up` makes: each is a network namespace with its own sshd (and PID 1). */
export const MAX_LAB_HOSTS = 250;

/** Host i's address: 10.200.0.11 … .253 (as always for small labs), then 10.200.1.11 … */
export function hostIp(i: number): string {
  const perNet = 253 - 10;
  return `10.200.${Math.floor((i - 1) / perNet)}.${10 + ((i - 1) % perNet) + 1}`;
}

/** `--hosts N --systemd M`: h1…h(N-M) with sshd as init, then s1…sM with systemd; addresses .11, .12, … */
export function planLab(hosts: number, systemd: number): LabSpec {
  if (!Number.isInteger(hosts) || hosts < 1 || hosts > MAX_LAB_HOSTS) throw new Error(`--hosts must be 1..${MAX_LAB_HOSTS} (got ${hosts})`);
  if (!Number.isInteger(systemd) || systemd < 0 || systemd > hosts) throw new Error(`--systemd must be 0..${hosts} (got ${systemd})`);
  const specs: HostSpec[] = [];
  for (let i = 1; i <= hosts; i++) {
    const sd = i > hosts - systemd;
    const n = sd ? i - (hosts - systemd) : i;
    specs.push({ name: sd ? `s${n}` : `h${n}`, ip: hostIp(i), init: sd ? 'systemd' : 'sshd' });
  }
  return { hosts: specs };
}

/** Refuse specs that would collide or escape the lab's naming (checked before anything is created). */
export function checkSpec(spec: LabSpec): void {
  for (const ns of spec.namespaces ?? []) {
    // The prefix is how a killed lab's namespaces are found again; one without it would be left behind.
    if (!ns.name.startsWith(PREFIX) || ns.name.length > 15) throw new Error(`lab namespace ${ns.name}: must start with ${PREFIX} (at most 15 characters)`);
  }
  const seen = new Set<string>();
  for (const h of spec.hosts) {
    if (!/^[a-z][a-z0-9-]{0,11}$/.test(h.name)) throw new Error(`lab host name ${JSON.stringify(h.name)}: use [a-z][a-z0-9-], at most 12 characters`);
    if (seen.has(h.name)) throw new Error(`lab host ${h.name} is listed twice`);
    seen.add(h.name);
    const [a, b, c, last] = h.ip.split('.').map(Number);
    const inLab = a === 10 && b === 200 && c !== undefined && c >= 0 && c <= 2 && last !== undefined && last > 1 && last < 254;
    if (!inLab) throw new Error(`lab host ${h.name}: ip must be in 10.200.0-2.2-253`);
  }
}
