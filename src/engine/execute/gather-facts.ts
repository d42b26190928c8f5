// gather_facts: one exec of one script per host, parsed into the facts Ansible users know by name
// (ansible_os_family, ansible_default_ipv4, ansible_eth0, ...). The script prints sections behind a random
// marker; each section tolerates a missing tool (CentOS 7's `ip` has no `-j`: `ip -o` is the fallback).

import { randomBytes } from 'node:crypto';
import type { Connection } from '../connection/types.js';
import { quote } from '../quote.js';

const SECTIONS = `s os; cat /etc/os-release 2>/dev/null || cat /usr/lib/os-release 2>/dev/null
s debian_version; cat /etc/debian_version 2>/dev/null
s redhat_release; cat /etc/redhat-release 2>/dev/null
s hostname; hostname 2>/dev/null || cat /proc/sys/kernel/hostname
s fqdn; hostname -f 2>/dev/null
s kernel; uname -r
s arch; uname -m
s user; id -un
s pid1; cat /proc/1/comm 2>/dev/null
s pkg; for p in apt-get dnf yum zypper apk pacman; do command -v $p >/dev/null 2>&1 && echo $p; done
s addr_json; ip -j addr show 2>/dev/null
s addr_text; ip -j addr show >/dev/null 2>&1 || { ip -o addr show; ip -o link show; } 2>/dev/null
s route; ip -4 route show default 2>/dev/null`;

export function factsScript(marker: string): string {
  return `m=${quote(marker)}; s() { printf '\\n%s %s\\n' "$m" "$1"; }\n${SECTIONS}\nexit 0`;
}

export async function gatherFacts(conn: Connection): Promise<Record<string, unknown>> {
  const marker = `@@RUNBOOK-FACTS-${randomBytes(8).toString('hex')}`;
  const r = await conn.exec(factsScript(marker));
  if (r.code !== 0) throw new Error(`gathering facts on ${conn.host} failed: ${r.stderr.trim() || `exit code ${r.code}`}`);
  return parseFacts(splitSections(r.stdout, marker));
}

export function splitSections(stdout: string, marker: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of stdout.split(`\n${marker} `).slice(1)) {
    const nl = part.indexOf('\n');
    out[nl === -1 ? part : part.slice(0, nl)] = nl === -1 ? '' : part.slice(nl + 1).trim();
  }
  return out;
}

interface Iface {
  device: string;
  active: boolean;
  mtu?: number;
  macaddress?: string;
  type: string;
  ipv4?: Ipv4;
  ipv4_secondaries?: Ipv4[];
  ipv6: { address: string; prefix: string; scope: string }[];
}
interface Ipv4 {
  address: string;
  netmask: string;
  network: string;
  prefix: string;
  broadcast?: string;
}

const DISTRIBUTION: Record<string, string> = {
  debian: 'Debian', ubuntu: 'Ubuntu', raspbian: 'Debian', linuxmint: 'Linux Mint', kali: 'Kali',
  centos: 'CentOS', rhel: 'RedHat', fedora: 'Fedora', rocky: 'Rocky', almalinux: 'AlmaLinux', ol: 'OracleLinux',
  amzn: 'Amazon', scientific: 'Scientific', alpine: 'Alpine', arch: 'Archlinux', gentoo: 'Gentoo',
  'opensuse-leap': 'openSUSE Leap', 'opensuse-tumbleweed': 'openSUSE Tumbleweed', sles: 'SLES',
};
const FAMILY: Record<string, string> = {
  debian: 'Debian', ubuntu: 'Debian', raspbian: 'Debian', linuxmint: 'Debian', kali: 'Debian',
  centos: 'RedHat', rhel: 'RedHat', fedora: 'RedHat', rocky: 'RedHat', almalinux: 'RedHat', ol: 'RedHat',
  amzn: 'RedHat', scientific: 'RedHat', alpine: 'Alpine', arch: 'Archlinux', gentoo: 'Gentoo',
  suse: 'Suse', sles: 'Suse', 'opensuse-leap': 'Suse', 'opensuse-tumbleweed': 'Suse', opensuse: 'Suse',
};
const SERVICE_MGRS = ['systemd', 'runit', 'openrc', 'upstart', 's6-svscan', 'launchd'];

export function parseOsRelease(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (m) out[m[1]!] = m[2]!.replace(/^(["'])(.*)\1$/, '$2');
  }
  return out;
}

function distribution(s: Record<string, string>): Record<string, unknown> {
  const os = parseOsRelease(s.os ?? '');
  const id = (os.ID ?? '').toLowerCase();
  const like = (os.ID_LIKE ?? '').toLowerCase().split(/\s+/);
  const family = FAMILY[id] ?? like.map((l) => FAMILY[l]).find(Boolean) ?? (os.NAME ?? 'Linux');
  let version = os.VERSION_ID ?? '';
  // Ansible reports the point release (12.5, 7.9) where os-release only says 12 or 7.
  if (family === 'Debian' && id === 'debian' && /^\d+(\.\d+)*$/.test(s.debian_version ?? '')) version = s.debian_version!;
  const rh = /release (\d+(?:\.\d+)?)/.exec(s.redhat_release ?? '');
  if (family === 'RedHat' && rh && !version.includes('.')) version = rh[1]!;
  return {
    ansible_os_family: family,
    ansible_distribution: DISTRIBUTION[id] ?? (os.NAME ?? 'Linux').split(' ')[0],
    ansible_distribution_version: version,
    ansible_distribution_major_version: version.split('.')[0] ?? '',
    ansible_distribution_release: os.VERSION_CODENAME ?? '',
  };
}

function prefixToNetmask(prefix: number): string {
  const bits = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  return [24, 16, 8, 0].map((s) => (bits >>> s) & 255).join('.');
}

function ipv4(address: string, prefix: number, broadcast?: string): Ipv4 {
  const mask = prefixToNetmask(prefix);
  const network = address.split('.').map((o, i) => Number(o) & Number(mask.split('.')[i])).join('.');
  return { address, netmask: mask, network, prefix: String(prefix), ...(broadcast ? { broadcast } : {}) };
}

function typeOf(linkType: string | undefined, name: string): string {
  if (linkType === 'loopback' || name === 'lo') return 'loopback';
  return linkType === 'ether' ? 'ether' : (linkType ?? 'unknown');
}

interface JsonLink {
  ifname: string;
  flags?: string[];
  mtu?: number;
  link_type?: string;
  address?: string;
  addr_info?: { family: string; local: string; prefixlen: number; broadcast?: string; scope?: string }[];
}

function fromJson(text: string): Iface[] {
  return (JSON.parse(text) as JsonLink[]).map((l) => {
    const v4 = (l.addr_info ?? []).filter((a) => a.family === 'inet').map((a) => ipv4(a.local, a.prefixlen, a.broadcast));
    return {
      device: l.ifname,
      active: (l.flags ?? []).includes('UP'),
      mtu: l.mtu,
      macaddress: l.address,
      type: typeOf(l.link_type, l.ifname),
      ...(v4[0] ? { ipv4: v4[0] } : {}),
      ...(v4.length > 1 ? { ipv4_secondaries: v4.slice(1) } : {}),
      ipv6: (l.addr_info ?? []).filter((a) => a.family === 'inet6').map((a) => ({ address: a.local, prefix: String(a.prefixlen), scope: a.scope ?? '' })),
    };
  });
}

/** `ip -o addr` + `ip -o link` (iproute2 without JSON). */
function fromText(text: string): Iface[] {
  const byName = new Map<string, Iface>();
  const get = (n: string) => byName.get(n) ?? byName.set(n, { device: n, active: false, type: 'unknown', ipv6: [] }).get(n)!;
  for (const line of text.split('\n')) {
    const link = /^\d+:\s+([^:@\s]+)(?:@\S+)?:\s+<([^>]*)>.*?mtu (\d+).*?link\/(\S+)(?:\s+([0-9a-f:]{17}))?/.exec(line);
    if (link) {
      const i = get(link[1]!);
      Object.assign(i, { active: link[2]!.split(',').includes('UP'), mtu: Number(link[3]), type: typeOf(link[4], i.device), macaddress: link[5] });
      continue;
    }
    const a = /^\d+:\s+(\S+)\s+(inet6?)\s+([^/\s]+)\/(\d+)(?:\s+brd\s+(\S+))?(?:.*?scope\s+(\S+))?/.exec(line);
    if (!a) continue;
    const i = get(a[1]!);
    if (a[2] === 'inet6') i.ipv6.push({ address: a[3]!, prefix: a[4]!, scope: a[6] ?? '' });
    else if (!i.ipv4) i.ipv4 = ipv4(a[3]!, Number(a[4]), a[5]);
    else (i.ipv4_secondaries ??= []).push(ipv4(a[3]!, Number(a[4]), a[5]));
  }
  return [...byName.values()];
}

function network(s: Record<string, string>): Record<string, unknown> {
  let ifaces: Iface[] = [];
  try {
    ifaces = s.addr_json ? fromJson(s.addr_json) : fromText(s.addr_text ?? '');
  } catch {
    ifaces = fromText(s.addr_text ?? '');
  }
  const facts: Record<string, unknown> = {};
  for (const i of ifaces) facts[`ansible_${i.device.replace(/[-:.]/g, '_')}`] = i;
  const route = /default via (\S+) dev (\S+)/.exec(s.route ?? '');
  const dev = ifaces.find((i) => i.device === route?.[2]);
  facts.ansible_default_ipv4 = route && dev?.ipv4
    ? { ...dev.ipv4, interface: dev.device, gateway: route[1], macaddress: dev.macaddress, mtu: dev.mtu, type: dev.type, alias: dev.device }
    : {};
  facts.ansible_interfaces = ifaces.map((i) => i.device);
  facts.ansible_all_ipv4_addresses = ifaces
    .filter((i) => i.type !== 'loopback')
    .flatMap((i) => [i.ipv4, ...(i.ipv4_secondaries ?? [])].filter((a): a is Ipv4 => !!a).map((a) => a.address));
  return facts;
}

export function parseFacts(s: Record<string, string>): Record<string, unknown> {
  const pid1 = (s.pid1 ?? '').trim();
  const pkg = (s.pkg ?? '').split('\n').map((p) => p.trim()).filter(Boolean);
  const pkgMgr = pkg[0] === 'apt-get' ? 'apt' : pkg.find((p) => p === 'dnf') ?? pkg[0] ?? 'unknown';
  const hostname = (s.hostname ?? '').split('.')[0] ?? '';
  return {
    ...distribution(s),
    ansible_system: 'Linux',
    ansible_hostname: hostname,
    ansible_nodename: s.hostname ?? '',
    ansible_fqdn: s.fqdn || s.hostname || '',
    ansible_kernel: s.kernel ?? '',
    ansible_architecture: s.arch ?? '',
    ansible_machine: s.arch ?? '',
    ansible_user_id: s.user ?? '',
    // Ansible's rule: PID 1's name when it is a known manager, else the generic `service`.
    ansible_service_mgr: SERVICE_MGRS.includes(pid1) ? pid1 : pid1 === 'init' ? 'sysvinit' : 'service',
    ansible_pkg_mgr: pkgMgr,
    ...network(s),
  };
}
