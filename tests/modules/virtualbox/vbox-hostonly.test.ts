import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseHostonlyIfs, planHostonly, type HostonlyParams } from '../../../src/modules/virtualbox/vbox-hostonly-state.js';
import { recorded, table } from '../../helpers/seed-table.js';

const seed: HostonlyParams = { name: 'vboxnet1', ip: '192.168.33.253', netmask: '255.255.255.0', state: 'present', vboxmanage: 'VBoxManage' };
const plan = (file: string, p: Partial<HostonlyParams> = {}) => () => planHostonly(parseHostonlyIfs(recorded(`vbox/${file}`)), { ...seed, ...p });

test('list hostonlyifs: blocks become interfaces, empty values stay empty', () => {
  const ifs = parseHostonlyIfs(recorded('vbox/hostonlyifs-toolbox.txt'));
  assert.equal(ifs.map((i) => [i.name, i.ip, i.netmask]), [['vboxnet0', '192.168.99.1', '255.255.255.0'], ['vboxnet1', '192.168.33.1', '255.255.255.0']]);
  assert.is(ifs[1]!.fields.IPV6Address, '');
  assert.is(ifs[1]!.fields.VBoxNetworkName, 'HostInterfaceNetworking-vboxnet1');
  assert.equal(parseHostonlyIfs(''), []);
});

table('vbox_hostonly', [
  {
    name: "Docker Toolbox's vboxnet1 at .1 gets the seed's .253 (the seed's only VBoxManage call)",
    plan: plan('hostonlyifs-toolbox.txt'),
    expect: { run: ['VBoxManage hostonlyif ipconfig vboxnet1 --ip 192.168.33.253 --netmask 255.255.255.0'], summary: /192\.168\.33\.1\/.* -> 192\.168\.33\.253/ },
  },
  { name: 'already .253: nothing to do', plan: plan('hostonlyifs-seed.txt'), expect: { reason: /vboxnet1 already has 192\.168\.33\.253 netmask 255\.255\.255\.0/ } },
  {
    name: 'only the netmask differs: ipconfig again',
    plan: plan('hostonlyifs-seed.txt', { netmask: '255.255.0.0' }),
    expect: { run: ['VBoxManage hostonlyif ipconfig vboxnet1 --ip 192.168.33.253 --netmask 255.255.0.0'] },
  },
  {
    name: 'vboxnet1 missing after vboxnet0: one create, then ipconfig',
    plan: plan('hostonlyifs-vboxnet0.txt'),
    expect: { run: ['VBoxManage hostonlyif create', 'VBoxManage hostonlyif ipconfig vboxnet1 --ip 192.168.33.253 --netmask 255.255.255.0'] },
  },
  {
    name: 'no interface at all: VirtualBox numbers them, so vboxnet0 comes first',
    plan: plan('hostonlyifs-none.txt'),
    expect: { run: ['VBoxManage hostonlyif create', 'VBoxManage hostonlyif create', 'VBoxManage hostonlyif ipconfig vboxnet1 --ip 192.168.33.253 --netmask 255.255.255.0'], summary: /create host-only interface vboxnet0 \(VirtualBox numbers/ },
  },
  {
    name: 'the command path is used as given (quoted)',
    plan: plan('hostonlyifs-toolbox.txt', { vboxmanage: '/Applications/VirtualBox.app/Contents/MacOS/VBox Manage' }),
    expect: { run: ["'/Applications/VirtualBox.app/Contents/MacOS/VBox Manage' hostonlyif ipconfig vboxnet1 --ip 192.168.33.253 --netmask 255.255.255.0"] },
  },
  { name: 'a name VirtualBox would never give cannot be created', plan: plan('hostonlyifs-none.txt', { name: 'lan0' }), expect: { error: /cannot be created/ } },
  { name: 'absent: remove an existing one', plan: plan('hostonlyifs-toolbox.txt', { state: 'absent' }), expect: { run: ['VBoxManage hostonlyif remove vboxnet1'] } },
  { name: 'absent and missing: nothing to do', plan: plan('hostonlyifs-vboxnet0.txt', { state: 'absent' }), expect: { reason: /does not exist/ } },
]);

test('the ipconfig change carries a before/after diff of the address', () => {
  const p = plan('hostonlyifs-toolbox.txt')();
  assert.equal(p.changes[0]!.diff, {
    header: 'host-only interface vboxnet1',
    before: 'IPAddress: 192.168.33.1\nNetworkMask: 255.255.255.0\n',
    after: 'IPAddress: 192.168.33.253\nNetworkMask: 255.255.255.0\n',
  });
});

test.run();
