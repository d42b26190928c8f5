import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { machineState, parseMachineReadable, planVagrant, type VagrantParams } from '../../../src/modules/virtualbox/vagrant-state.js';
import { recorded, table } from '../../helpers/seed-table.js';
import type { CommandChange } from '../../../src/engine/module-api/module.js';

const base: VagrantParams = { project_dir: '/home/me/seed', machine: 'default', state: 'running', vagrant: 'vagrant' };
const stateIn = (file: string, machine = 'default') => machineState(parseMachineReadable(recorded(`vagrant/${file}`)), machine);
const plan = (file: string, p: Partial<VagrantParams> = {}) => () => planVagrant(stateIn(file, p.machine), { ...base, ...p });

test('machine-readable lines: fields split on commas, %!(VAGRANT_COMMA) and \\n unescaped', () => {
  const lines = parseMachineReadable(recorded('vagrant/status-running.txt'));
  assert.equal(lines[2], { timestamp: '1700000001', target: 'default', type: 'state', data: ['running'] });
  assert.match(lines[4]!.data[0]!, /^The VM is running\. To stop this VM, you can run `vagrant halt` to\nshut it down/);
  assert.equal(lines[5]!.target, '', 'ui lines have no target');
  assert.is(stateIn('status-not-created.txt'), 'not_created');
  assert.is(stateIn('status-running.txt', 'other'), undefined);
});

table('vagrant', [
  { name: 'not created → vagrant up', plan: plan('status-not-created.txt'), expect: { run: ['vagrant up default'], summary: /was not_created/ } },
  { name: 'powered off → vagrant up', plan: plan('status-poweroff.txt'), expect: { run: ['vagrant up default'] } },
  { name: 'running → nothing to do', plan: plan('status-running.txt'), expect: { reason: /already running/ } },
  { name: 'poweroff asked, running → halt', plan: plan('status-running.txt', { state: 'poweroff' }), expect: { run: ['vagrant halt default'] } },
  { name: 'poweroff asked, already off', plan: plan('status-poweroff.txt', { state: 'poweroff' }), expect: { reason: /already powered off/ } },
  { name: 'poweroff asked, never created: refused', plan: plan('status-not-created.txt', { state: 'poweroff' }), expect: { error: /not created/ } },
  { name: 'absent, running → destroy -f', plan: plan('status-running.txt', { state: 'absent' }), expect: { run: ['vagrant destroy -f default'] } },
  { name: 'absent, not created → nothing', plan: plan('status-not-created.txt', { state: 'absent' }), expect: { reason: /not created/ } },
  { name: 'a machine the Vagrantfile does not define', plan: plan('status-running.txt', { machine: 'web' }), expect: { error: /does not list a machine named web/ } },
]);

test('steps run in the project directory (vagrant reads the Vagrantfile of its working directory)', () => {
  const p = plan('status-not-created.txt')();
  assert.is((p.changes[0] as CommandChange).cwd, '/home/me/seed');
  assert.equal(p.changes[0]!.diff, { header: 'vagrant machine default', before: 'state: not_created\n', after: 'state: running\n' });
});

test.run();
