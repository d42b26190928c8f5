// service_facts: systemd and SysV listings parsed as ansible-core parses them (recorded output), and on
// this machine the same services as `ansible localhost -m service_facts`, read in one round trip.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { serviceFacts } from '../../../src/modules/services/service-facts.js';
import { parseServices } from '../../../src/modules/services/service-facts-state.js';
import { withLocal } from '../../helpers/local-tester.js';
import { ansibleLocal, ansibleSkipReason } from '../../helpers/ansible.js';

const S = '--runbook-service-facts';
const RECORDED = [
  `${S} sysv`,
  ' [ + ]  cron',
  ' [ - ]  nginx',
  `${S} units`,
  '  UNIT                     LOAD      ACTIVE   SUB     DESCRIPTION',
  '  cron.service             loaded    active   running Regular background program processing daemon',
  '● ghost.service            not-found inactive dead    ghost.service',
  '  ssh.service              loaded    active   running OpenBSD Secure Shell server',
  '  systemd-fsck@dev.service loaded    inactive dead    File System Check on /dev',
  '',
  'LOAD   = Reflects whether the unit definition was properly loaded.',
  '4 loaded units listed.',
  `${S} files`,
  'UNIT FILE               STATE           VENDOR PRESET',
  'cron.service            enabled         enabled',
  'getty@.service          enabled         enabled',
  'ghost.service           disabled        enabled',
  'rsync.service           disabled        enabled',
  'ssh.service             enabled         enabled',
  'sshd.service            alias           -',
  '',
  '6 unit files listed.',
  `${S} show`,
  'Id=cron.service', 'ActiveState=active', '',
  'Id=ghost.service', 'ActiveState=inactive', '',
  'Id=rsync.service', 'ActiveState=inactive', '',
  'Id=ssh.service', 'ActiveState=active', '',
  'Id=ssh.service', 'ActiveState=active',
].join('\n');

test('recorded systemd and SysV listings: state, status, source as Ansible sets them', () => {
  const s = parseServices(RECORDED);
  assert.equal(s.cron, { name: 'cron', state: 'running', source: 'sysv' });
  assert.equal(s.nginx, { name: 'nginx', state: 'stopped', source: 'sysv' });
  assert.equal(s['cron.service'], { name: 'cron.service', state: 'running', status: 'enabled', source: 'systemd' });
  // A bad state wins over the unit file's; the ● marker is not the name.
  assert.equal(s['ghost.service'], { name: 'ghost.service', state: 'stopped', status: 'not-found', source: 'systemd' });
  assert.equal(s['systemd-fsck@dev.service']!.status, 'inactive', 'a loaded unit without a unit file keeps its ACTIVE column');
  // Not loaded: the state comes from `systemctl show`, an alias's by position (its Id is the target's).
  assert.equal(s['rsync.service'], { name: 'rsync.service', state: 'inactive', status: 'disabled', source: 'systemd' });
  assert.equal(s['sshd.service'], { name: 'sshd.service', state: 'active', status: 'alias', source: 'systemd' });
  // A template is not asked about (`show` refuses it): unknown, as Ansible says.
  assert.equal(s['getty@.service'], { name: 'getty@.service', state: 'unknown', status: 'enabled', source: 'systemd' });
  assert.equal(Object.keys(s).length, 9);
});

test('nothing listed: Ansible’s skipped result, no facts', () => {
  assert.equal(parseServices(''), {});
});

test('this machine: the services ansible-core finds, in one round trip, as ansible_facts.services', async () => {
  const skip = await ansibleSkipReason();
  if (skip) return console.log(`  skipped the comparison with Ansible: ${skip}`);
  const theirs = (await ansibleLocal('service_facts')).ansible_facts as { services?: unknown } | undefined;
  await withLocal(async (h) => {
    const { value: plan, execs } = await h.countExecs(() => h.plan(serviceFacts, {}));
    assert.is(execs, 1);
    assert.is(plan.changes.length, 0);
    if (!theirs?.services) return assert.is((plan.data as { skipped?: boolean }).skipped, true);
    assert.equal(plan.hostFacts, { services: theirs.services });
    assert.equal(plan.data, { ansible_facts: { services: theirs.services } });
  });
});

test.run();
