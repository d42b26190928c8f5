// bridge_port: an interface is a port of a bridge, live (the seed's eth1 in docker1), with its own
// addresses flushed; no reboot and no network-scripts needed. Persistence across reboots is the role's job.

import { ModuleFailure } from '../../engine/errors.js';
import { cmd } from '../../engine/quote.js';
import { parseAddrs, parseLink, planBridgePort } from './bridge-port-state.js';
import { defineModule, type Fact } from '../../engine/module-api/module.js';

// A missing device prints nothing on stdout (ip says so on stderr): read as null, not as a failure.
const link = (dev: string): Fact<ReturnType<typeof parseLink>> => ({
  key: `ip-link:${dev}`,
  command: cmd`ip -o link show dev ${dev} 2>/dev/null || true`,
  parse: (stdout) => parseLink(stdout),
});

const addrs = (dev: string): Fact<string[]> => ({
  key: `ip-addr:${dev}`,
  command: cmd`ip -o addr show dev ${dev} 2>/dev/null || true`,
  parse: (stdout) => parseAddrs(stdout),
});

export const bridgePort = defineModule({
  name: 'bridge_port',
  summary: "An interface is a port of a bridge, live, its own addresses flushed (ip addr flush; ip link set master).",
  params: {
    type: 'object',
    additionalProperties: false,
    required: ['bridge', 'port'],
    properties: {
      bridge: { type: 'string', description: 'The bridge, e.g. one that docker_network made (com.docker.network.bridge.name).' },
      port: { type: 'string', description: 'The interface to enslave, e.g. a host-only NIC.' },
      flush_addresses: {
        type: 'boolean',
        default: true,
        description: "Remove the port's own IPv4 and global IPv6 addresses (the bridge holds the gateway address; two routes to one subnet break it).",
      },
      state: { enum: ['present', 'absent'], default: 'present', description: 'present: a port of bridge; absent: not a port of it (nomaster).' },
    },
  },
  async plan(ctx, p) {
    const [port, bridge, portAddrs] = await ctx.facts(link(p.port), link(p.bridge), addrs(p.port));
    try {
      return (planBridgePort(port, bridge, portAddrs, p, ctx.check));
    } catch (e) {
      throw new ModuleFailure((e as Error).message);
    }
  },
});
