// vbox_hostonly, vagrant and docker_machine through the whole module path — their fact commands run by a
// real sh (batched as the executor does), parsed, planned, applied — against stateful stubs of the tools
// (tests/fixtures/seed/stubs). Each converges: check mode predicts the first run exactly, the second run
// changes nothing and costs one round trip. (The lab runs them against the stand-ins; docker_network,
// docker_container and bridge_port run on the lab's real Docker VM in tests/lab/seed.test.ts.)

import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { modules } from '../../../src/modules/index.js';
import { LocalTester } from '../../helpers/local-tester.js';

const STUBS = fileURLToPath(new URL('../../fixtures/seed/stubs', import.meta.url));

function stubbed(): LocalTester {
  return new LocalTester({ env: (dir) => ({ PATH: `${STUBS}:${process.env.PATH}`, STUB_STATE: dir }) });
}

test('vbox_hostonly: from nothing, vboxnet0 and vboxnet1 are created and vboxnet1 configured; then a no-op', async () => {
  const h = stubbed();
  try {
    const params = { name: 'vboxnet1', ip: '192.168.33.253' };
    const c = await h.converge(modules.vbox_hostonly, params);
    assert.equal(c.first.changes.map((x) => x.summary), [
      'create host-only interface vboxnet0 (VirtualBox numbers new interfaces in order: vboxnet1 comes after it)',
      'create host-only interface vboxnet1',
      'set vboxnet1 address 192.168.33.253/255.255.255.0',
    ]);
    assert.match(c.second.reason!, /already has 192\.168\.33\.253/);
    const moved = await h.plan(modules.vbox_hostonly, { ...params, ip: '192.168.33.254' });
    assert.equal(moved.changes.map((x) => x.summary), ['set vboxnet1 address 192.168.33.253/255.255.255.0 -> 192.168.33.254/255.255.255.0']);
  } finally {
    h.cleanup();
  }
});

test('vagrant: up, then running is a no-op; halt; destroy', async () => {
  const h = stubbed();
  try {
    writeFileSync(h.path('Vagrantfile'), 'Vagrant.configure(2) do |config|\nend\n');
    const c = await h.converge(modules.vagrant, { project_dir: h.dir });
    assert.equal(c.first.changes.map((x) => x.summary), ['vagrant up default (was not_created)']);
    await h.converge(modules.vagrant, { project_dir: h.dir, state: 'poweroff' });
    const gone = await h.converge(modules.vagrant, { project_dir: h.dir, state: 'absent' });
    assert.equal(gone.first.changes.map((x) => x.summary), ['vagrant destroy -f default (was poweroff)']);
  } finally {
    h.cleanup();
  }
});

test('vagrant: a directory without a Vagrantfile fails with vagrant\'s own words', async () => {
  const h = stubbed();
  try {
    mkdirSync(h.path('empty'));
    await h.plan(modules.vagrant, { project_dir: h.path('empty') }).then(
      () => assert.unreachable('should fail'),
      (e: Error) => assert.match(e.message, /A Vagrant environment or target machine is required/),
    );
  } finally {
    h.cleanup();
  }
});

test('docker_machine: created with the seed flags; a no-op; a broken machine is removed and created again', async () => {
  const h = stubbed();
  try {
    const params = { name: 'default', ip: '192.168.33.1', ssh_user: 'vagrant', ssh_key: '/k/private_key', engine_registry_mirrors: ['https://registry.docker-cn.com'] };
    const c = await h.converge(modules.docker_machine, params);
    assert.equal(c.first.changes.map((x) => x.summary), ['create machine default (--driver generic at vagrant@192.168.33.1:22)']);
    // The seed's failed create: the machine is listed, but Docker on it does not answer.
    writeFileSync(h.path('machines', 'default'), "ip='192.168.33.1'\nuser='vagrant'\nport='22'\nkey='/k/private_key'\nmirrors='\"https://registry.docker-cn.com\"'\nerror='Unable to query docker version'\n");
    h.facts.invalidate();
    const broken = await h.plan(modules.docker_machine, params);
    assert.equal(broken.changes.map((x) => x.summary), ['remove machine default: docker on it does not answer (Unable to query docker version)', 'create machine default (--driver generic at vagrant@192.168.33.1:22)']);
    await h.apply(broken);
    assert.equal((await h.plan(modules.docker_machine, params)).changes, []);
    const rm = await h.converge(modules.docker_machine, { name: 'default', state: 'absent' });
    assert.equal(rm.first.changes.map((x) => x.summary), ['remove machine default (Running)']);
  } finally {
    h.cleanup();
  }
});

test.run();
