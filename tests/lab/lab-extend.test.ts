// The extension points the seed topology will use: an extra namespace with a bridge (the workstation's
// host-only side), a second NIC on a host plugged into it, a bind mount that is not overlayfs, extra groups.
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { LabSpec } from '../../src/lab/spec.js';
import { labSuite } from './fixture.js';

const spec: LabSpec = {
  namespaces: [{ name: 'rb-ws', bridges: [{ name: 'hostonly', address: '192.168.33.253/24' }] }],
  hosts: [
    {
      name: 'vm',
      ip: '10.200.0.130',
      init: 'systemd',
      groups: ['dockervm'],
      nics: [{ name: 'eth1', address: '192.168.33.1/24', peer: { netns: 'rb-ws', name: 'vm-eth1', bridge: 'hostonly' } }],
      binds: [{ target: '/var/lib/docker' }],
      unmask: ['dnsmasq.service'],
      setup: 'echo from-setup > /etc/lab-setup-ran',
    },
  ],
};

const { add, run } = labSuite('lab extension points', { spec });

add('second NIC on a bridge in another lab namespace, bind mount, setup script, groups', async (lab) => {
  const c = await lab.connect('vm');
  assert.match((await c.exec('ip -o -4 addr show eth1')).stdout, '192.168.33.1/24');
  // Traffic between two lab namespaces only.
  // (A freshly plugged bridge port may drop the very first ARP: a few tries, bounded.)
  const ping = () => spawnSync('ip', ['netns', 'exec', 'rb-ws', 'busybox', 'ping', '-c', '1', '-W', '1', '192.168.33.1']).status === 0;
  let reached = false;
  for (let i = 0; i < 5 && !(reached = ping()); i++);
  assert.ok(reached, 'the workstation side reaches the host over eth1');
  assert.is((await c.exec('findmnt -n -o FSTYPE /var/lib/docker')).stdout.trim() !== 'overlay', true);
  assert.is((await c.exec('findmnt -n -o FSTYPE /etc')).stdout, 'overlay\n');
  assert.is((await c.exec('cat /etc/lab-setup-ran')).stdout, 'from-setup\n');
  assert.is((await c.exec('readlink /etc/systemd/system/dnsmasq.service || echo not-masked')).stdout, 'not-masked\n');
  assert.is((await c.exec('readlink /etc/systemd/system/postgresql.service')).stdout, '/dev/null\n');
  assert.match(readFileSync(lab.inventoryFile, 'utf8'), /dockervm:\n\s+hosts:\n\s+vm:\n\s+host: 10\.200\.0\.130/);
  await c.close();
});

run();
