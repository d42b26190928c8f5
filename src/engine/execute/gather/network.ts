// Network facts from iproute2: one `ansible_<device>` per interface, interfaces, default_ipv4/ipv6 and
// all_ipv4/ipv6_addresses, shaped as ansible-core 2.14 shapes them. CentOS 7's `ip` has no `-j`: the
// `ip -o` text is the fallback.

interface Iface {
  device: string;
  active: boolean;
  mtu?: number;
  macaddress?: string;
  promisc: boolean;
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
  /** '' where the address has none (loopback), as Ansible gives it. */
  broadcast: string;
}

function prefixToNetmask(prefix: number): string {
  const bits = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  return [24, 16, 8, 0].map((s) => (bits >>> s) & 255).join('.');
}

function ipv4(address: string, prefix: number, broadcast?: string): Ipv4 {
  const mask = prefixToNetmask(prefix);
  const network = address.split('.').map((o, i) => Number(o) & Number(mask.split('.')[i])).join('.');
  return { address, broadcast: broadcast ?? '', netmask: mask, network, prefix: String(prefix) };
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
      promisc: (l.flags ?? []).includes('PROMISC'),
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
  const get = (n: string) => byName.get(n) ?? byName.set(n, { device: n, active: false, promisc: false, type: 'unknown', ipv6: [] }).get(n)!;
  for (const line of text.split('\n')) {
    const link = /^\d+:\s+([^:@\s]+)(?:@\S+)?:\s+<([^>]*)>.*?mtu (\d+).*?link\/(\S+)(?:\s+([0-9a-f:]{17}))?/.exec(line);
    if (link) {
      const i = get(link[1]!);
      Object.assign(i, { active: link[2]!.split(',').includes('UP'), promisc: link[2]!.split(',').includes('PROMISC'), mtu: Number(link[3]), type: typeOf(link[4], i.device), macaddress: link[5] });
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

/** An interface as Ansible shows it: no all-zero MAC (loopback), no `ipv6` key without addresses. */
function published(i: Iface): Record<string, unknown> {
  const { ipv6, macaddress, ...rest } = i;
  return {
    ...rest,
    ...(macaddress && macaddress !== '00:00:00:00:00:00' ? { macaddress } : {}),
    ...(ipv6.length > 0 ? { ipv6 } : {}),
  };
}

export function network(s: Record<string, string>): Record<string, unknown> {
  let ifaces: Iface[] = [];
  try {
    ifaces = s.addr_json ? fromJson(s.addr_json) : fromText(s.addr_text ?? '');
  } catch {
    ifaces = fromText(s.addr_text ?? '');
  }
  const facts: Record<string, unknown> = {};
  for (const i of ifaces) facts[`ansible_${i.device.replace(/[-:.]/g, '_')}`] = published(i);
  const route = /default via (\S+) dev (\S+)/.exec(s.route ?? '');
  const dev = ifaces.find((i) => i.device === route?.[2]);
  facts.ansible_default_ipv4 = route && dev?.ipv4
    ? { ...dev.ipv4, interface: dev.device, gateway: route[1], macaddress: dev.macaddress, mtu: dev.mtu, type: dev.type, alias: dev.device }
    : {};
  const route6 = /default via (\S+) dev (\S+)/.exec(s.route6 ?? '');
  const dev6 = ifaces.find((i) => i.device === route6?.[2]);
  const global6 = dev6?.ipv6.find((a) => a.scope === 'global');
  facts.ansible_default_ipv6 = route6 && dev6 && global6
    ? { ...global6, interface: dev6.device, gateway: route6[1], macaddress: dev6.macaddress, mtu: dev6.mtu, type: dev6.type }
    : {};
  facts.ansible_interfaces = ifaces.map((i) => i.device);
  // Ansible leaves out loopback addresses by value (127.*, ::1), not by interface.
  facts.ansible_all_ipv4_addresses = ifaces
    .flatMap((i) => [i.ipv4, ...(i.ipv4_secondaries ?? [])].filter((a): a is Ipv4 => !!a).map((a) => a.address))
    .filter((a) => !a.startsWith('127.'));
  facts.ansible_all_ipv6_addresses = ifaces.flatMap((i) => i.ipv6.map((a) => a.address)).filter((a) => a !== '::1');
  return facts;
}

