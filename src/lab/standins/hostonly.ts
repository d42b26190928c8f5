// Host-only interfaces as the VBoxManage stand-in keeps them: real bridges named vboxnetN in the workstation
// namespace (a bridge, so the VM's NIC can be plugged into it, as VirtualBox plugs VMs into the host-only
// network). A new one gets what VirtualBox gives: the lowest free number, MAC 0a:00:27:00:00:NN and
// 192.168.(56+N).1/24 (VBOXNET_IPV4ADDR_DEFAULT plus the index).

import { argv } from '../../engine/quote.js';
import { sh, shTry } from '../sh.js';

export interface HostonlyLink {
  name: string;
  index: number;
  mac: string;
  up: boolean;
  ipv4?: { address: string; prefixlen: number };
  ipv6?: { address: string; prefixlen: number };
}

interface IpJson {
  ifname: string;
  address?: string;
  flags?: string[];
  addr_info?: { family: string; local: string; prefixlen: number; scope?: string }[];
}

const ipIn = (netns: string | undefined, ...args: (string | number)[]) => argv(['ip', ...(netns ? ['-n', netns] : []), ...args]);

export async function listHostonly(netns?: string): Promise<HostonlyLink[]> {
  const out = await sh(ipIn(netns, '-j', 'addr', 'show'));
  return (JSON.parse(out || '[]') as IpJson[])
    .filter((l) => /^vboxnet\d+$/.test(l.ifname))
    .map((l) => {
      const v4 = l.addr_info?.find((a) => a.family === 'inet');
      const v6 = l.addr_info?.find((a) => a.family === 'inet6');
      return {
        name: l.ifname,
        index: Number(l.ifname.slice('vboxnet'.length)),
        mac: l.address ?? '',
        up: (l.flags ?? []).includes('UP'),
        ...(v4 ? { ipv4: { address: v4.local, prefixlen: v4.prefixlen } } : {}),
        ...(v6 ? { ipv6: { address: v6.local, prefixlen: v6.prefixlen } } : {}),
      };
    })
    .sort((a, b) => a.index - b.index);
}

export function netmaskOf(prefixlen: number): string {
  const bits = prefixlen === 0 ? 0 : (0xffffffff << (32 - prefixlen)) >>> 0;
  return [24, 16, 8, 0].map((s) => (bits >>> s) & 255).join('.');
}

/** `VBoxManage list hostonlyifs`, VirtualBox 6.1's layout. */
export function formatHostonlyIfs(links: readonly HostonlyLink[]): string {
  return links
    .map((l) => {
      const macHex = l.mac.replace(/:/g, '');
      const rows: [string, string][] = [
        ['Name:', l.name],
        ['GUID:', `786f6276-656e-4${l.index % 10}74-8000-${macHex}`],
        ['DHCP:', 'Disabled'],
        ['IPAddress:', l.ipv4?.address ?? '0.0.0.0'],
        ['NetworkMask:', l.ipv4 ? netmaskOf(l.ipv4.prefixlen) : '0.0.0.0'],
        ['IPV6Address:', l.ipv6?.address ?? ''],
        ['IPV6NetworkMaskPrefixLength:', String(l.ipv6?.prefixlen ?? 0)],
        ['HardwareAddress:', l.mac],
        ['MediumType:', 'Ethernet'],
        ['Wireless:', 'No'],
        ['Status:', l.up ? 'Up' : 'Down'],
        ['VBoxNetworkName:', `HostInterfaceNetworking-${l.name}`],
      ];
      return `${rows.map(([k, v]) => `${k.padEnd(16)} ${v}`).join('\n')}\n\n`;
    })
    .join('');
}

/** Create the next vboxnetN; returns its name. */
export async function createHostonly(netns?: string): Promise<string> {
  const used = new Set((await listHostonly(netns)).map((l) => l.index));
  let n = 0;
  while (used.has(n)) n++;
  if (n > 99) throw new Error('too many host-only interfaces');
  const name = `vboxnet${n}`;
  const mac = `0a:00:27:00:00:${n.toString(16).padStart(2, '0')}`;
  await sh([
    ipIn(netns, 'link', 'add', name, 'address', mac, 'type', 'bridge'),
    ipIn(netns, 'addr', 'add', `192.168.${56 + n}.1/24`, 'dev', name),
    ipIn(netns, 'link', 'set', name, 'up'),
  ].join('\n'));
  return name;
}

/** `hostonlyif ipconfig NAME --ip X --netmask Y`: the interface's IPv4 address is replaced. */
export async function ipconfigHostonly(name: string, ip: string, prefixlen: number, netns?: string): Promise<void> {
  const links = await listHostonly(netns);
  if (!links.some((l) => l.name === name)) throw new Error(`Could not find interface '${name}'`);
  await sh([ipIn(netns, '-4', 'addr', 'flush', 'dev', name), ipIn(netns, 'addr', 'add', `${ip}/${prefixlen}`, 'dev', name), ipIn(netns, 'link', 'set', name, 'up')].join('\n'));
}

export async function removeHostonly(name: string, netns?: string): Promise<void> {
  const r = await shTry(ipIn(netns, 'link', 'del', name));
  if (r.code !== 0) throw new Error(`Could not find interface '${name}'`);
}
