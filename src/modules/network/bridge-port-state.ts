// bridge_port's pure half: `ip -o link show dev X` (flags, `master BRIDGE`) and `ip -o addr show dev PORT`
// in, the `ip` commands out. The recipe (tried on the lab): `ip addr flush dev eth1; ip link set eth1 master
// docker1 up` — a port must give up its own address, or the host keeps two routes to the subnet and the
// port's wins (the bridge, which now holds the gateway address, is then unreachable from the port's side).

import { cmd } from '../../engine/quote.js';
import type { CommandChange, Plan } from '../../engine/module-api/module.js';
import { noop, settingsText } from '../../engine/module-api/plan-helpers.js';

export interface LinkState {
  name: string;
  up: boolean;
  master?: string;
}

/** One line of `ip -o link show dev X`; null for an empty output (no such device). */
export function parseLink(text: string): LinkState | null {
  const line = text.split('\n').find((l) => /^\d+:\s/.test(l));
  if (!line) return null;
  const m = /^\d+:\s+([^:@\s]+)(?:@\S+)?:\s+<([^>]*)>(.*)$/.exec(line);
  if (!m) throw new Error(`cannot read ip link output: ${line}`);
  const master = /\smaster\s+(\S+)/.exec(m[3]!)?.[1];
  return { name: m[1]!, up: m[2]!.split(',').includes('UP'), ...(master ? { master } : {}) };
}

/** Addresses a port must not keep: IPv4 ones and global IPv6 ones (link-local is harmless). */
export function parseAddrs(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    const m = /\s(inet6?)\s+(\S+)(.*)$/.exec(line);
    if (!m) continue;
    if (m[1] === 'inet' || /scope global/.test(m[3]!)) out.push(m[2]!);
  }
  return out;
}

export interface BridgePortParams {
  bridge: string;
  port: string;
  flush_addresses: boolean;
  state: 'present' | 'absent';
}

export function planBridgePort(port: LinkState | null, bridge: LinkState | null, addrs: string[], p: BridgePortParams, check: boolean): Plan {
  if (!port) throw new Error(`interface ${p.port} does not exist`);
  const header = `interface ${p.port}`;
  const describe = (s: { master?: string; addresses: string[]; up: boolean }) =>
    settingsText({ master: s.master ?? '(none)', addresses: s.addresses.join(' ') || '(none)', state: s.up ? 'UP' : 'DOWN' });
  const before = describe({ master: port.master, addresses: addrs, up: port.up });
  if (p.state === 'absent') {
    if (port.master !== p.bridge) return noop(`${p.port} is not a port of ${p.bridge}`);
    return { changes: [{ summary: `release ${p.port} from ${p.bridge}`, run: cmd`ip link set dev ${p.port} nomaster` }] };
  }
  const flush = p.flush_addresses && addrs.length > 0;
  const after = describe({ master: p.bridge, addresses: flush ? [] : addrs, up: true });
  const diff = { header, before, after };
  if (port.master !== p.bridge) {
    if (!bridge && !check) throw new Error(`bridge ${p.bridge} does not exist (create it first, e.g. with docker_network)`);
    const also = bridge ? '' : ` (bridge ${p.bridge} does not exist yet)`;
    const run = [...(flush ? [cmd`ip addr flush dev ${p.port}`] : []), cmd`ip link set dev ${p.port} master ${p.bridge} up`].join(' && ');
    const summary = `${flush ? `flush ${p.port}'s addresses (${addrs.join(' ')}) and ` : ''}make ${p.port} a port of ${p.bridge}${also}`;
    return { changes: [{ summary, run, diff }] };
  }
  if (flush) return { changes: [{ summary: `flush ${p.port}'s addresses (${addrs.join(' ')})`, run: cmd`ip addr flush dev ${p.port}`, diff }] };
  if (!port.up) return { changes: [{ summary: `set ${p.port} up`, run: cmd`ip link set dev ${p.port} up`, diff }] };
  return noop(`${p.port} is already a port of ${p.bridge}`);
}
