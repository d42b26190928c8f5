// The lab network. The switch is a bridge inside its own namespace; the root namespace gets exactly one
// veth (10.200.0.254/22) to reach it and no other change. Hosts hang off the switch with a veth each and
// route everything to the switch address, which forwards nothing: no lab traffic can leave the machine.

import { readFileSync } from 'node:fs';
import { argv, quote } from '../engine/quote.js';
import { sh, shTry } from './sh.js';
import type { Ledger } from './state.js';
import { NET, hostNetns, hostPeerName, type HostSpec, type NamespaceSpec } from './spec.js';

const ip = (...args: (string | number)[]) => argv(['ip', ...args]);

/** The lab must not shadow anything the machine already routes. */
export async function checkSubnetFree(): Promise<void> {
  const r = await shTry(`ip -4 route show ${quote(`${NET.subnet}.0/${NET.prefixLen}`)}; ip -4 route show match ${quote(NET.controller)}`);
  const clash = r.stdout.split('\n').filter((l) => l.trim() && !l.startsWith('default') && !l.includes(`dev ${NET.rootVeth} `));
  if (clash.length > 0) throw new Error(`the machine already routes ${NET.subnet}.0/${NET.prefixLen} (${clash[0]!.trim()}): the lab would shadow it`);
}

/** `ip netns add` mounts /run/netns the first time; remember if we caused that, to unmount it later. */
export function netnsDirMounted(): boolean {
  return readFileSync('/proc/self/mountinfo', 'utf8').split('\n').some((l) => l.split(' ')[4] === '/run/netns');
}

export async function addNetns(ledger: Ledger, name: string): Promise<void> {
  const hadDir = netnsDirMounted();
  ledger.add({ kind: 'netns', name });
  await sh(`${ip('netns', 'add', name)}\n${ip('-n', name, 'link', 'set', 'lo', 'up')}`);
  if (!hadDir && netnsDirMounted()) ledger.add({ kind: 'mount', path: '/run/netns' });
}

export async function createSwitch(ledger: Ledger): Promise<void> {
  await checkSubnetFree();
  await addNetns(ledger, NET.switchNs);
  const cidr = `${NET.gateway}/${NET.prefixLen}`;
  ledger.add({ kind: 'link', name: NET.rootVeth });
  await sh(
    [
      ip('-n', NET.switchNs, 'link', 'add', NET.bridge, 'type', 'bridge'),
      ip('-n', NET.switchNs, 'addr', 'add', cidr, 'dev', NET.bridge),
      ip('-n', NET.switchNs, 'link', 'set', NET.bridge, 'up'),
      ip('link', 'add', NET.rootVeth, 'type', 'veth', 'peer', 'name', NET.rootPeer, 'netns', NET.switchNs),
      ip('-n', NET.switchNs, 'link', 'set', NET.rootPeer, 'master', NET.bridge, 'up'),
      ip('addr', 'add', `${NET.controller}/${NET.prefixLen}`, 'dev', NET.rootVeth),
      ip('link', 'set', NET.rootVeth, 'up'),
    ].join('\n'),
  );
}

/** Extra namespaces (no sshd), each with optional bridges that host NICs can plug into. */
export async function createNamespace(ledger: Ledger, ns: NamespaceSpec): Promise<void> {
  await addNetns(ledger, ns.name);
  const lines: string[] = [];
  for (const b of ns.bridges ?? []) {
    lines.push(ip('-n', ns.name, 'link', 'add', b.name, 'type', 'bridge'));
    if (b.address) lines.push(ip('-n', ns.name, 'addr', 'add', b.address, 'dev', b.name));
    lines.push(ip('-n', ns.name, 'link', 'set', b.name, 'up'));
  }
  if (lines.length) await sh(lines.join('\n'));
}

/** The host's namespace, eth0 on the switch with its address and default route, then any extra NICs. */
export async function createHostNetwork(ledger: Ledger, spec: HostSpec): Promise<string> {
  const ns = hostNetns(spec.name);
  await addNetns(ledger, ns);
  const peer = hostPeerName(spec.name);
  const lines = [
    ip('link', 'add', peer, 'netns', NET.switchNs, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', ns),
    ip('-n', NET.switchNs, 'link', 'set', peer, 'master', NET.bridge, 'up'),
    ip('-n', ns, 'addr', 'add', `${spec.ip}/${NET.prefixLen}`, 'dev', 'eth0'),
    ip('-n', ns, 'link', 'set', 'eth0', 'up'),
    ip('-n', ns, 'route', 'add', 'default', 'via', NET.gateway),
  ];
  for (const nic of spec.nics ?? []) {
    lines.push(ip('link', 'add', nic.name, 'netns', ns, 'type', 'veth', 'peer', 'name', nic.peer.name, 'netns', nic.peer.netns));
    if (nic.address) lines.push(ip('-n', ns, 'addr', 'add', nic.address, 'dev', nic.name));
    lines.push(ip('-n', ns, 'link', 'set', nic.name, 'up'));
    if (nic.peer.bridge) lines.push(ip('-n', nic.peer.netns, 'link', 'set', nic.peer.name, 'master', nic.peer.bridge));
    if (nic.peer.address) lines.push(ip('-n', nic.peer.netns, 'addr', 'add', nic.peer.address, 'dev', nic.peer.name));
    lines.push(ip('-n', nic.peer.netns, 'link', 'set', nic.peer.name, 'up'));
  }
  await sh(lines.join('\n'));
  return ns;
}
