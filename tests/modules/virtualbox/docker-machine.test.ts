import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseInspect, parseLs, planMachine, type MachineParams } from '../../../src/modules/virtualbox/docker-machine-state.js';
import { recorded, table } from '../../helpers/seed-table.js';

const seed: MachineParams = {
  name: 'default',
  state: 'present',
  driver: 'generic',
  ip: '192.168.33.1',
  ssh_user: 'vagrant',
  ssh_key: '/Users/me/seed/.vagrant/machines/default/virtualbox/private_key',
  ssh_port: 22,
  engine_registry_mirrors: ['https://registry.docker-cn.com'],
  docker_machine: 'docker-machine',
};
const CREATE =
  'docker-machine create --driver generic --engine-registry-mirror https://registry.docker-cn.com --generic-ip-address 192.168.33.1 ' +
  '--generic-ssh-user vagrant --generic-ssh-key /Users/me/seed/.vagrant/machines/default/virtualbox/private_key --generic-ssh-port 22 default';
const RM = 'docker-machine rm -f -y default';

const plan = (ls: string, inspect: string | null, p: Partial<MachineParams> = {}) => () =>
  planMachine(parseLs(recorded(`docker-machine/${ls}`)).find((r) => r.name === (p.name ?? 'default')), inspect === null ? null : parseInspect(recorded(`docker-machine/${inspect}`)), { ...seed, ...p });

test('ls --format rows and inspect JSON', () => {
  assert.equal(parseLs(recorded('docker-machine/ls-failed-create.txt'))[0]!.error.startsWith('Unable to query docker version: Get https://'), true);
  assert.equal(parseLs(''), []);
  assert.equal(parseInspect(recorded('docker-machine/inspect-default.json')), {
    driver: 'generic', ip: '192.168.33.1', ssh_user: 'vagrant', ssh_port: 22,
    ssh_key: '/Users/me/seed/.vagrant/machines/default/virtualbox/private_key', engine_registry_mirrors: ['https://registry.docker-cn.com'],
  });
  assert.is(parseInspect('Host does not exist: "default"'), null);
});

table('docker_machine', [
  { name: 'no machine: create with the seed flags', plan: plan('ls-none.txt', null), expect: { run: [CREATE] } },
  { name: 'running with the same settings: nothing', plan: plan('ls-running.txt', 'inspect-default.json'), expect: { reason: /is Running at tcp:\/\/192\.168\.33\.1:2376/ } },
  {
    name: "the seed's failed create (docker does not answer): rm, then create",
    plan: plan('ls-failed-create.txt', 'inspect-default.json'),
    expect: { run: [RM, CREATE], summary: /docker on it does not answer/ },
  },
  { name: 'Error state (config unreadable): rm -f, then create', plan: plan('ls-error.txt', null), expect: { run: [RM, CREATE], summary: /broken \(Error: open / } },
  {
    name: 'created for another address: recreated, naming what differs',
    plan: plan('ls-running.txt', 'inspect-default.json', { ip: '192.168.33.10' }),
    expect: { run: [RM, CREATE.replace('--generic-ip-address 192.168.33.1 ', '--generic-ip-address 192.168.33.10 ')], summary: /other settings \(ip\)/ },
  },
  {
    name: 'the lab empties the mirrors: a machine made with one is recreated without',
    plan: plan('ls-running.txt', 'inspect-default.json', { engine_registry_mirrors: [] }),
    expect: { run: [RM, CREATE.replace('--engine-registry-mirror https://registry.docker-cn.com ', '')], summary: /engine_registry_mirrors/ },
  },
  { name: 'stopped: the generic driver cannot start it; said, not hidden', plan: plan('ls-stopped.txt', 'inspect-default.json'), expect: { reason: /is Stopped \(the generic driver cannot start it\)/ } },
  { name: 'absent: rm', plan: plan('ls-running.txt', 'inspect-default.json', { state: 'absent' }), expect: { run: [RM] } },
  { name: 'absent, no machine: nothing', plan: plan('ls-none.txt', null, { state: 'absent' }), expect: { reason: /does not exist/ } },
  { name: 'another machine is not this one', plan: plan('ls-running.txt', null, { name: 'dev' }), expect: { run: [CREATE.replace(/ default$/, ' dev')] } },
]);

test.run();
