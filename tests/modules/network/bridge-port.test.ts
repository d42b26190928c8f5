import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseAddrs, parseLink, planBridgePort, type BridgePortParams } from '../../../src/modules/network/bridge-port-state.js';
import { recorded, table } from '../../helpers/seed-table.js';

const p: BridgePortParams = { bridge: 'docker1', port: 'eth1', flush_addresses: true, state: 'present' };
const link = (f: string) => parseLink(recorded(`ip/${f}`));
const addrs = (f: string) => parseAddrs(recorded(`ip/${f}`));
const plan = (port: string | null, bridge: string | null, a: string, over: Partial<BridgePortParams> = {}, check = false) => () =>
  planBridgePort(port ? link(port) : null, bridge ? link(bridge) : null, addrs(a), { ...p, ...over }, check);

test('ip -o link / addr (recorded): master, flags, addresses', () => {
  assert.equal(link('link-eth1-port.txt'), { name: 'eth1', up: true, master: 'docker1' });
  assert.equal(link('link-eth1-fresh.txt'), { name: 'eth1', up: true });
  assert.equal(link('link-docker1.txt'), { name: 'docker1', up: true });
  assert.equal(addrs('addr-eth1-fresh.txt'), ['192.168.33.1/24']);
  assert.equal(addrs('addr-eth1-port.txt'), []);
  assert.is(parseLink(''), null, 'a missing device prints nothing on stdout');
  assert.equal(parseAddrs('3: eth1    inet6 fe80::1/64 scope link \\       valid_lft forever\n'), [], 'link-local IPv6 is left alone');
});

table('bridge_port', [
  {
    name: "after boot (eth1 holds .1): the recipe: flush then enslave, one step",
    plan: plan('link-eth1-fresh.txt', 'link-docker1.txt', 'addr-eth1-fresh.txt'),
    expect: { run: ['ip addr flush dev eth1 && ip link set dev eth1 master docker1 up'], summary: /flush eth1's addresses \(192\.168\.33\.1\/24\) and make eth1 a port of docker1/ },
  },
  { name: 'already a port without addresses: nothing', plan: plan('link-eth1-port.txt', 'link-docker1.txt', 'addr-eth1-port.txt'), expect: { reason: /eth1 is already a port of docker1/ } },
  { name: 'removed from the bridge by hand (no address left): enslaved again', plan: plan('link-eth1-fresh.txt', 'link-docker1.txt', 'addr-eth1-port.txt'), expect: { run: ['ip link set dev eth1 master docker1 up'] } },
  { name: 'a port that got an address back: flushed', plan: plan('link-eth1-port.txt', 'link-docker1.txt', 'addr-eth1-fresh.txt'), expect: { run: ['ip addr flush dev eth1'] } },
  { name: 'flush_addresses false keeps them', plan: plan('link-eth1-fresh.txt', 'link-docker1.txt', 'addr-eth1-fresh.txt', { flush_addresses: false }), expect: { run: ['ip link set dev eth1 master docker1 up'] } },
  { name: 'no bridge yet: refused…', plan: plan('link-eth1-fresh.txt', null, 'addr-eth1-fresh.txt'), expect: { error: /bridge docker1 does not exist/ } },
  { name: '…but check mode plans it (docker_network runs first)', plan: plan('link-eth1-fresh.txt', null, 'addr-eth1-fresh.txt', {}, true), expect: { run: ['ip addr flush dev eth1 && ip link set dev eth1 master docker1 up'], summary: /does not exist yet/ } },
  { name: 'no such port: refused', plan: plan(null, 'link-docker1.txt', 'addr-eth1-port.txt'), expect: { error: /interface eth1 does not exist/ } },
  { name: 'absent: released', plan: plan('link-eth1-port.txt', 'link-docker1.txt', 'addr-eth1-port.txt', { state: 'absent' }), expect: { run: ['ip link set dev eth1 nomaster'] } },
]);

test('the diff shows master and addresses before and after', () => {
  const d = plan('link-eth1-fresh.txt', 'link-docker1.txt', 'addr-eth1-fresh.txt')().changes[0]!.diff!;
  assert.is(d.before, 'addresses: 192.168.33.1/24\nmaster: (none)\nstate: UP\n');
  assert.is(d.after, 'addresses: (none)\nmaster: docker1\nstate: UP\n');
});

test.run();
