import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseNetworkInspect, planNetwork, type NetworkParams } from '../../../src/modules/docker/docker-network-state.js';
import { recorded, table } from '../../helpers/seed-table.js';

const seed: NetworkParams = {
  name: 'br',
  state: 'present',
  driver: 'bridge',
  subnet: '192.168.33.0/24',
  gateway: '192.168.33.1',
  aux_addresses: { vboxnet1: '192.168.33.253' },
  options: {
    'com.docker.network.bridge.name': 'docker1',
    'com.docker.network.bridge.enable_icc': true,
    'com.docker.network.bridge.enable_ip_masquerade': 'true',
    'com.docker.network.driver.mtu': 1500,
  },
};
const CREATE =
  'docker network create --driver bridge --subnet 192.168.33.0/24 --gateway 192.168.33.1 --aux-address vboxnet1=192.168.33.253 ' +
  '--opt com.docker.network.bridge.enable_icc=true --opt com.docker.network.bridge.enable_ip_masquerade=true ' +
  '--opt com.docker.network.bridge.name=docker1 --opt com.docker.network.driver.mtu=1500 br';
const have = (file: string | null) => (file === null ? null : parseNetworkInspect(recorded(`docker/${file}`)));
const plan = (file: string | null, p: Partial<NetworkParams> = {}) => () => planNetwork(have(file), { ...seed, ...p });

test('inspect: the normalised config and the attached containers (recorded from Docker 20.10)', () => {
  const n = have('network-br-attached.json')!;
  assert.equal(n.config, {
    driver: 'bridge', subnet: '192.168.33.0/24', gateway: '192.168.33.1', aux_addresses: { vboxnet1: '192.168.33.253' },
    options: {
      'com.docker.network.bridge.enable_icc': 'true', 'com.docker.network.bridge.enable_ip_masquerade': 'true',
      'com.docker.network.bridge.name': 'docker1', 'com.docker.network.driver.mtu': '1500',
    },
  });
  assert.equal(n.containers, ['c1', 'c2', 'c5', 'c6']);
  assert.is(parseNetworkInspect('[]\n'), null, "what `docker network inspect` prints for a missing network");
});

table('docker_network', [
  { name: 'missing: created once with every seed option (values as Docker keeps them: strings)', plan: plan(null), expect: { run: [CREATE] } },
  { name: 'exists as configured, containers attached: nothing', plan: plan('network-br-attached.json'), expect: { reason: /network br exists as configured/ } },
  { name: 'exists as configured, empty: nothing (never "created" twice)', plan: plan('network-br-empty.json'), expect: { reason: /exists as configured/ } },
  {
    name: 'made without the aux address and mtu, nothing attached: removed and created again',
    plan: plan('network-br-seed-plain.json'),
    expect: { run: ['docker network rm br', CREATE], summary: /differs: aux_addresses, options/ },
  },
  {
    name: 'differs while containers are attached: refused, naming them',
    plan: plan('network-br-attached.json', { subnet: '192.168.34.0/24' }),
    expect: { error: /network br differs \(subnet\) but containers are attached to network br: c1, c2, c5, c6/ },
  },
  { name: 'no subnet asked: Docker\'s choice is not compared', plan: plan('network-br-empty.json', { subnet: undefined, gateway: undefined }), expect: { reason: /as configured/ } },
  { name: 'absent, empty network: removed', plan: plan('network-br-empty.json', { state: 'absent' }), expect: { run: ['docker network rm br'] } },
  { name: 'absent with containers attached: refused', plan: plan('network-br-attached.json', { state: 'absent' }), expect: { error: /remove or disconnect them/ } },
  { name: 'absent and missing: nothing', plan: plan(null, { state: 'absent' }), expect: { reason: /does not exist/ } },
]);

test('the create step carries the config as its diff', () => {
  const p = plan('network-br-seed-plain.json')();
  assert.match(p.changes[1]!.diff!.before, /^driver: bridge\nsubnet: 192\.168\.33\.0\/24\ngateway: 192\.168\.33\.1\noption com\.docker/);
  assert.match(p.changes[1]!.diff!.after, /aux_address vboxnet1: 192\.168\.33\.253\n/);
});

test.run();
