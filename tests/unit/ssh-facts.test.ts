// gather_facts parsing (the script's sections), including iproute2 without JSON as on CentOS 7, and one
// real run through the local connection (one exec).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { localConnection } from '../../src/engine/connection/local.js';
import { factsScript, gatherFacts, parseFacts, splitSections } from '../../src/engine/execute/gather-facts.js';

const CENTOS7 = {
  os: 'NAME="CentOS Linux"\nVERSION="7 (Core)"\nID="centos"\nID_LIKE="rhel fedora"\nVERSION_ID="7"\n',
  redhat_release: 'CentOS Linux release 7.9.2009 (Core)',
  node: 'dockervm.local',
  fqdn: '10.0.2.15       dockervm.local dockervm',
  kernel: '3.10.0-1160.el7.x86_64',
  arch: 'x86_64',
  user: 'vagrant',
  passwd: 'root:x:0:0:root:/root:/bin/bash\nvagrant:x:1000:1000:vagrant:/home/vagrant:/bin/bash',
  status: 'Name:\tgrep\nUid:\t1000\t1000\t1000\t1000\nGid:\t1000\t1000\t1000\t1000\nCpus_allowed_list:\t0-1,3',
  comm: 'systemd',
  pkg: 'yum',
  addr_text: [
    '1: lo    inet 127.0.0.1/8 scope host lo\\       valid_lft forever preferred_lft forever',
    '2: eth0    inet 10.0.2.15/24 brd 10.0.2.255 scope global dynamic eth0\\       valid_lft 86000sec',
    '3: eth1    inet 192.168.33.1/24 brd 192.168.33.255 scope global eth1\\       valid_lft forever',
    '3: eth1    inet6 fe80::a00:27ff:fe4e:66a1/64 scope link \\       valid_lft forever',
    '1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000\\    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00',
    '2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc pfifo_fast state UP mode DEFAULT group default qlen 1000\\    link/ether 08:00:27:8a:1c:5e brd ff:ff:ff:ff:ff:ff',
    '3: eth1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc pfifo_fast state UP mode DEFAULT group default qlen 1000\\    link/ether 08:00:27:4e:66:a1 brd ff:ff:ff:ff:ff:ff',
    '4: docker-br0@if9: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT\\    link/ether 02:42:0a:0b:0c:0d brd ff:ff:ff:ff:ff:ff',
  ].join('\n'),
  route: 'default via 10.0.2.2 dev eth0 proto dhcp metric 100',
};

test('CentOS 7 (no ip -j): families, point release, interfaces, default route', () => {
  const f = parseFacts(CENTOS7);
  assert.equal(
    [f.ansible_os_family, f.ansible_distribution, f.ansible_distribution_version, f.ansible_distribution_major_version],
    ['RedHat', 'CentOS', '7.9', '7'],
  );
  assert.equal([f.ansible_hostname, f.ansible_fqdn, f.ansible_service_mgr, f.ansible_pkg_mgr, f.ansible_user_id], ['dockervm', 'dockervm.local', 'systemd', 'yum', 'vagrant']);
  assert.equal(f.ansible_interfaces, ['lo', 'eth0', 'eth1', 'docker-br0']);
  assert.equal(f.ansible_all_ipv4_addresses, ['10.0.2.15', '192.168.33.1']);
  const d = f.ansible_default_ipv4 as Record<string, unknown>;
  assert.equal([d.address, d.interface, d.gateway, d.netmask, d.macaddress], ['10.0.2.15', 'eth0', '10.0.2.2', '255.255.255.0', '08:00:27:8a:1c:5e']);
  const eth1 = f.ansible_eth1 as { ipv4: Record<string, string>; macaddress: string; active: boolean; ipv6: unknown[] };
  assert.equal(eth1.ipv4, { address: '192.168.33.1', netmask: '255.255.255.0', network: '192.168.33.0', prefix: '24', broadcast: '192.168.33.255' });
  assert.equal([eth1.macaddress, eth1.active, eth1.ipv6.length], ['08:00:27:4e:66:a1', true, 1]);
  assert.ok(f.ansible_docker_br0, 'dashes become underscores in fact names');
});

test('Debian point release from /etc/debian_version; unknown init is `service`; no default route is {}', () => {
  const f = parseFacts({ os: 'ID=debian\nVERSION_ID="12"\nVERSION_CODENAME=bookworm\n', debian_version: '12.11', comm: 'bash', pkg: 'apt-get\n', addr_json: '[]' });
  assert.equal([f.ansible_os_family, f.ansible_distribution_version, f.ansible_distribution_release, f.ansible_service_mgr, f.ansible_pkg_mgr], ['Debian', '12.11', 'bookworm', 'service', 'apt']);
  assert.equal(f.ansible_default_ipv4, {});
  const u = parseFacts({ os: 'ID=ubuntu\nID_LIKE=debian\nVERSION_ID="22.04"\n', debian_version: 'bookworm/sid' });
  assert.equal([u.ansible_os_family, u.ansible_distribution, u.ansible_distribution_version], ['Debian', 'Ubuntu', '22.04']);
});

test('sections split on the marker only', () => {
  const m = '@@M';
  assert.equal(splitSections(`junk\n${m} a\none\n${m} b\n\n${m} c\nx @@M y\n`, m), { a: 'one', b: '', c: 'x @@M y' });
  assert.match(factsScript(m), /^m=@@M;/);
});

test('one exec gathers everything (local connection)', async () => {
  const c = localConnection();
  const f = await gatherFacts(c);
  assert.is(c.stats.execs, 1);
  assert.is(f.ansible_system, 'Linux');
  assert.ok(Array.isArray(f.ansible_interfaces) && (f.ansible_interfaces as string[]).includes('lo'));
  assert.ok(typeof f.ansible_kernel === 'string' && f.ansible_kernel.length > 0);
});

test.run();
