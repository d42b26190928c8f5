// The seed lab's pure parts: the Vagrantfile the role writes is one the vagrant stand-in reads, and the lab
// inventory is valid and points the shipped playbook at the lab.

import { readFileSync } from 'node:fs';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from 'yaml';
import { loadInventory } from '../../src/engine/inventory/index.js';
import { renderText } from '../../src/engine/expressions/template.js';
import { inSubnet, parseVagrantfile, prefixLength } from '../../src/lab/seed/vagrantfile.js';
import { LAB_DNS_RECORDS, seedInventoryYaml } from '../../src/lab/seed/inventory.js';
import { boxDir, SEED } from '../../src/lab/seed/topology.js';

const repo = new URL('../../', import.meta.url);
const read = (p: string) => readFileSync(new URL(p, repo), 'utf8');

const SEED_VAGRANTFILE = `Vagrant.configure(2) do |config|
  config.vm.box = "dolbager/centos-7-docker"
  config.vm.hostname = "default"
  config.vm.network "private_network", ip: "192.168.33.1", netmask: "255.255.255.0"
  config.vm.provider "virtualbox" do |v|
    v.name = "default"
    v.memory = "2048"
  end
end
`;

test("the role's Vagrantfile renders to what the seed wrote, as the stand-in reads it", () => {
  const defaults = parse(read('roles/vagrant-vm/defaults/main.yaml')) as Record<string, unknown>;
  const text = renderText(read('roles/vagrant-vm/templates/Vagrantfile.hbs'), { ...defaults, inventory_dir: '/seed' }, 'Vagrantfile.hbs');
  assert.equal(parseVagrantfile(text), parseVagrantfile(SEED_VAGRANTFILE));
  assert.equal(parseVagrantfile(text), { box: 'dolbager/centos-7-docker', hostname: 'default', privateIp: '192.168.33.1', netmask: '255.255.255.0', name: 'default', memory: '2048' });
  assert.match(text, /v\.customize \['modifyvm', :id, '--nicpromisc2', 'allow-all'\]/);
  assert.match(text, /curl -o \/etc\/yum\.repos\.d\/epel\.repo http:\/\/mirrors\.aliyun\.com\/repo\/epel-7\.repo/);
  assert.match(text, /yum install bridge-utils net-tools -y/);
  const lab = renderText(read('roles/vagrant-vm/templates/Vagrantfile.hbs'), { ...defaults, vm_yum_repos: [] }, 'Vagrantfile.hbs');
  assert.not.match(lab, /curl|yum update/, 'the lab empties the repositories: nothing to download');
});

test('Vagrantfile: comments are ignored, a missing box is refused; netmask and subnet arithmetic', () => {
  assert.is(parseVagrantfile('# config.vm.box = "x"\nconfig.vm.box = "y"\n').box, 'y');
  assert.throws(() => parseVagrantfile('Vagrant.configure(2) do |config|\nend\n'), /no config\.vm\.box/);
  assert.is(prefixLength('255.255.255.0'), 24);
  assert.is(prefixLength('255.255.0.0'), 16);
  assert.throws(() => prefixLength('255.0.255.0'));
  assert.ok(inSubnet('192.168.33.1', '192.168.33.253/24'));
  assert.not.ok(inSubnet('192.168.34.1', '192.168.33.253/24'));
  assert.is(boxDir('/h/.vagrant.d', 'dolbager/centos-7-docker'), '/h/.vagrant.d/boxes/dolbager-VAGRANTSLASH-centos-7-docker/0.2/virtualbox');
});

test('the lab inventory: the VM at its management address with the box key, stand-ins, nothing downloaded', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'seed-inv-'));
  const file = join(dir, 'inventory.yaml');
  writeFileSync(file, seedInventoryYaml({ repo: '/repo/', project: '/lab/project', imageTar: '/lab/bb.tar' }));
  const inv = await loadInventory(file);
  const vm = inv.host('dockervm')!;
  assert.equal(vm.connection, { ...vm.connection, connection: 'ssh', host: SEED.vmIp, port: 22, user: 'vagrant', become: true, host_key_checking: 'off', private_key: '/lab/project/.vagrant/machines/default/virtualbox/private_key' });
  assert.equal(inv.select('workstation'), ['localhost']);
  assert.equal(inv.select('docker_vms'), ['dockervm']);
  assert.is(inv.host('localhost')!.connection.connection, 'local');
  const vars = vm.vars as Record<string, unknown>;
  assert.equal([vars.registry_mirrors, vars.daemon_registry_mirrors, vars.vm_yum_repos, vars.dnsmasq_forward], [[], [], [], false]);
  assert.is(vars.vagrant, '/repo/bin/standins/vagrant');
  assert.equal(vars.dns_records, LAB_DNS_RECORDS);
});

test('the shipped inventory: the seed topology, dockervm reached like vagrant ssh', async () => {
  const inv = await loadInventory(new URL('inventory.yaml', repo).pathname);
  const vm = inv.host('dockervm')!;
  assert.equal([vm.connection.host, vm.connection.port, vm.connection.user, vm.connection.become], ['127.0.0.1', 2222, 'vagrant', true]);
  assert.ok(vm.connection.private_key!.endsWith('/.vagrant/machines/default/virtualbox/private_key'));
  assert.equal(inv.select('workstation'), ['localhost']);
  assert.is(inv.host('localhost')!.connection.connection, 'local');
});

test.run();
