// Facts over SSH on lab hosts (a plain one and a systemd one): gather_facts is one round trip and equals what
// ansible-core's setup gathers over SSH on the same host; service_facts on the systemd host lists what
// ansible-core's service_facts lists there (its systemd path, which the machine running the tests may
// lack). Without ansible-core (outside CI) only plausibility is checked.

import * as assert from 'uvu/assert';
import { gatherFacts, namespaceFacts } from '../../src/engine/execute/gather-facts.js';
import { serviceFacts } from '../../src/modules/services/service-facts.js';
import { ModuleTester } from '../helpers/module-tester.js';
import { ansibleLocal, ansibleSetupFacts, ansibleSkipReason } from '../helpers/ansible.js';
import { sameFacts } from '../helpers/facts-compare.js';
import { labSuite, type LabHandle } from './fixture.js';

const { add, run } = labSuite('facts over ssh', { hosts: 2, systemd: 1 });

const isInt = (v: unknown, min = 0) => Number.isInteger(v) && (v as number) >= min;
const target = (lab: LabHandle, name: string) => ({ address: lab.host(name).ip, privateKey: lab.keyFile });
/**
 * Per connection, not per host: the client's address and port; the terminal Ansible's ssh asks for (-tt);
 * the LANG Ansible sets for its modules from the controller's locale.
 */
const SSH_ENV = ['SSH_CLIENT', 'SSH_CONNECTION', 'SSH_TTY', 'TERM', 'LANG'];

add('gather_facts over SSH: one round trip; plausible; equal to ansible-core’s setup on the same host', async (lab) => {
  const skip = await ansibleSkipReason();
  for (const name of ['h1', 's1']) {
    const c = await lab.connect(name);
    const f = namespaceFacts(await gatherFacts(c));
    assert.is(c.stats.execs, 1, `${name}: one exec`);
    if (name === 's1') assert.is(f.service_mgr, 'systemd');
    assert.ok(isInt(f.memtotal_mb, 1), `${name}: memtotal_mb ${String(f.memtotal_mb)}`);
    assert.ok(isInt(f.processor_vcpus, 1) && isInt(f.processor_count, 1) && isInt(f.processor_nproc, 1));
    const dt = f.date_time as Record<string, string>;
    assert.ok(Math.abs(Number(dt.epoch) - Date.now() / 1000) < 3600, `${name}: the host's clock, epoch ${dt.epoch}`);
    assert.equal([f.user_id, f.user_uid, f.user_dir, f.effective_user_id], ['root', 0, '/root', 0]);
    assert.is((f.env as Record<string, string>).HOME, '/root');
    assert.is(f.nodename, name);
    await c.close();
    if (skip) console.log(`  ${name}: skipped the comparison with Ansible: ${skip}`);
    else sameFacts(await ansibleSetupFacts(target(lab, name)), f, SSH_ENV);
  }
});

add('service_facts on the systemd host: one round trip; what ansible-core lists there', async (lab) => {
  const r = new ModuleTester(await lab.connect('s1'), { host: 's1' });
  const { value: plan, execs } = await r.countExecs(() => r.plan(serviceFacts, {}));
  assert.is(execs, 1);
  const services = (plan.hostFacts as { services: Record<string, { state: string; source: string }> }).services;
  assert.is(services['ssh.service']?.state, 'running', 'sshd answers us, so its unit runs');
  assert.is(services['ssh.service']?.source, 'systemd');
  const skip = await ansibleSkipReason();
  if (skip) return console.log(`  skipped the comparison with Ansible: ${skip}`);
  const theirs = (await ansibleLocal('service_facts', { ssh: target(lab, 's1') })).ansible_facts as { services: unknown };
  assert.equal(services, theirs.services);
});

run();
