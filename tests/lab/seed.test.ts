// The seed, end to end on the lab (docs/lab.md "The seed lab"): site.yaml run inside the
// workstation namespace against the stand-ins and a real systemd/dockerd/dnsmasq VM. One lab for the file.

import * as assert from 'uvu/assert';
import { LAB_DNS_RECORDS } from '../../src/lab/seed/inventory.js';
import { changedTasks, endToEnd, recap, results, seedSuite } from './seed-fixture.js';

const { add, run } = seedSuite('seed lab');

const DRIFTED = [
  'bridge-docker1 : eth1 is a port of docker1',
  'dnsmasq : /etc/hosts has the DNS records',
  'dnsmasq : containers use dnsmasq (daemon.json dns)',
  'dnsmasq : dnsmasq is enabled and running',
];

add('first run of site.yaml converges; the workstation reaches 192.168.33.6 and every name resolves through dnsmasq', async (h) => {
  const r = await h.apply();
  assert.is(r.code, 0, `${r.stderr}\n${r.stdout.slice(-3000)}`);
  const stats = recap(r.events);
  assert.equal([stats.localhost!.failed, stats.dockervm!.failed], [0, 0]);
  const changed = changedTasks(r.events);
  for (const t of ['host-network : host-only interface has the workstation\'s address', 'vagrant-vm : the Docker VM is running', 'docker-machine : the VM is a Docker machine', 'bridge-docker1 : docker network br, whose bridge docker1 holds the VM\'s LAN address', 'bridge-docker1 : eth1 is a port of docker1', 'containers run on br']) {
    assert.ok(changed.includes(t), `${t} changed on the first run (changed: ${changed.join('; ')})`);
  }
  assert.equal(await endToEnd(h, LAB_DNS_RECORDS), []);
  // The names come from dnsmasq, not from the container's own hosts file.
  assert.is((await h.vm('docker exec c5 grep -c zk /etc/hosts')).stdout.trim(), '0');
  // The seed's addressing: Docker hands out the lowest addresses in order and never the workstation's .253.
  const ips = await h.vm("docker inspect -f '{{.Name}} {{.NetworkSettings.Networks.br.IPAddress}}' c1 c2 c6");
  const expected = '/c1 192.168.33.2\n/c2 192.168.33.3\n/c6 192.168.33.6\n';
  // When this fails, say what Docker did: the containers it has, and its own log.
  const evidence = ips.stdout === expected ? '' : (await h.vm("docker ps -a --no-trunc; journalctl -u docker -u containerd --no-pager -o short-precise | tail -60")).stdout;
  assert.is(ips.stdout, expected, `${ips.stderr}\n${evidence}`);
  assert.match((await h.vm("docker network inspect -f '{{json .IPAM.Config}}' br")).stdout, /"AuxiliaryAddresses":\{"vboxnet1":"192\.168\.33\.253"\}/);
});

add('second run changes nothing on any host; --check after it exits 0', async (h) => {
  const again = await h.apply();
  assert.is(again.code, 0, again.stderr);
  assert.equal(Object.values(recap(again.events)).map((s) => s.changed), [0, 0], `changed: ${changedTasks(again.events).join('; ')}`);
  const check = await h.apply(['--check']);
  assert.is(check.code, 0, `${check.stderr}${changedTasks(check.events).join('; ')}`);
});

add('drift (hosts record, daemon.json, eth1 out of docker1, dnsmasq stopped): --check names exactly it, apply repairs exactly it', async (h) => {
  const drift = await h.vm(
    "sed -i '/ zk$/d' /etc/hosts && printf '{\"dns\": [\"10.200.0.1\"]}\\n' > /etc/docker/daemon.json && ip link set eth1 nomaster && systemctl stop dnsmasq",
  );
  assert.is(drift.code, 0, drift.stderr);
  assert.not.equal(await endToEnd(h, LAB_DNS_RECORDS), [], 'the drift breaks the seed (so the checks can tell)');

  const check = await h.apply(['--check']);
  assert.is(check.code, 3, check.stderr);
  assert.equal(changedTasks(check.events), DRIFTED);
  assert.equal(results(check.events).filter((e) => e.status === 'failed'), []);

  const fix = await h.apply();
  assert.is(fix.code, 0, fix.stderr);
  assert.equal(changedTasks(fix.events), DRIFTED);
  assert.equal(changedTasks(fix.events, true), ['dnsmasq : reload dnsmasq', 'dnsmasq : restart docker']);
  assert.is(recap(fix.events).localhost!.changed, 0);

  const after = await h.apply(['--check']);
  assert.is(after.code, 0, changedTasks(after.events).join('; '));
  assert.equal(await endToEnd(h, LAB_DNS_RECORDS), []);
});

add('--tags dns runs only the dns tasks (and fact gathering)', async (h) => {
  const r = await h.apply(['--tags', 'dns']);
  assert.is(r.code, 0, r.stderr);
  const started = r.events.flatMap((e) => (e.kind === 'task-start' ? [e.task] : []));
  assert.ok(started.length >= 7);
  for (const t of started) assert.ok(t.tags.includes('dns') || t.tags.includes('always'), `${t.name} ran with tags ${t.tags.join(',')}`);
  assert.ok(started.every((t) => t.role === 'dnsmasq' || t.module === 'gather_facts' || t.name === 'Gathering Facts'));
  const stats = recap(r.events);
  assert.equal([stats.localhost!.ok, stats.localhost!.changed], [0, 0], 'nothing on the workstation');
  assert.is(stats.dockervm!.changed, 0);
});

add('docker_network and docker_container on the VM: second run changes nothing; a network under a container is not recreated', async (h) => {
  const pb = 'tests/fixtures/seed/playbooks/docker-modules.yaml';
  const first = await h.apply([], pb);
  assert.is(first.code, 0, first.stderr);
  assert.equal(changedTasks(first.events), ['test container', 'test network']);
  const second = await h.apply([], pb);
  assert.equal(changedTasks(second.events), []);
  assert.is(second.code, 0);

  const moved = await h.apply(['-e', 'test_subnet=172.31.251.0/24'], pb);
  assert.is(moved.code, 2);
  const failure = results(moved.events).find((e) => e.status === 'failed');
  assert.match(String(failure?.result.msg), /network rbtest differs \(subnet\) but containers are attached to network rbtest: rbt1/);
  assert.match((await h.vm("docker network inspect -f '{{range .IPAM.Config}}{{.Subnet}}{{end}}' rbtest")).stdout, /172\.31\.250\.0\/24/);

  const gone = await h.apply(['-e', 'net_state=absent'], pb);
  assert.equal(changedTasks(gone.events), ['test container', 'test network removed']);
  const goneAgain = await h.apply(['-e', 'net_state=absent'], pb);
  assert.equal(changedTasks(goneAgain.events), []);
  assert.is((await h.vm('docker network inspect rbtest')).code, 1);
});

run();
