// The lab's stand-ins print what the real tools print: each output goes through the parser the module uses
// on real output (and, for VBoxManage, equals the recorded fixture byte for byte).

import { readFileSync, statSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseHostonlyIfs } from '../../src/modules/virtualbox/vbox-hostonly-state.js';
import { machineState, parseMachineReadable } from '../../src/modules/virtualbox/vagrant-state.js';
import { LS_FORMAT, parseInspect, parseLs } from '../../src/modules/virtualbox/docker-machine-state.js';
import { formatHostonlyIfs } from '../../src/lab/standins/hostonly.js';
import { statusText } from '../../src/lab/standins/vagrant-output.js';
import { formatRow, lsTable, type MachineRow } from '../../src/lab/standins/machine-format.js';
import { engineDropIn, parseCreateArgs } from '../../src/lab/standins/machine-create.js';
import { newConfig } from '../../src/lab/standins/machine-store.js';
import { recorded } from '../helpers/seed-table.js';

test('VBoxManage list hostonlyifs: the stand-in prints the recorded layout exactly', () => {
  const text = formatHostonlyIfs([
    { name: 'vboxnet0', index: 0, mac: '0a:00:27:00:00:00', up: true, ipv4: { address: '192.168.99.1', prefixlen: 24 }, ipv6: { address: 'fe80::800:27ff:fe00:0', prefixlen: 64 } },
    { name: 'vboxnet1', index: 1, mac: '0a:00:27:00:00:01', up: true, ipv4: { address: '192.168.33.1', prefixlen: 24 } },
  ]);
  assert.fixture(text, recorded('vbox/hostonlyifs-toolbox.txt'));
  assert.equal(parseHostonlyIfs(text).map((i) => i.ip), ['192.168.99.1', '192.168.33.1']);
});

test('vagrant status --machine-readable: the module reads the state the stand-in prints', () => {
  for (const st of ['not_created', 'poweroff', 'running'] as const) {
    const lines = parseMachineReadable(statusText('default', st, true, 1_700_000_000_000));
    assert.is(machineState(lines, 'default'), st);
    assert.ok(lines.every((l) => l.timestamp === '1700000000'));
  }
  const human = statusText('default', 'running', false);
  assert.match(human, /^Current machine states:\n\ndefault {19}running \(virtualbox\)\n/);
  assert.is(parseMachineReadable(human).length, 0, 'human output has no machine-readable lines');
  assert.fixture(statusText('default', 'running', true, 1_700_000_001_000).split('\n').slice(0, 5).join('\n'), recorded('vagrant/status-running.txt').split('\n').slice(0, 5).join('\n'));
});

test('docker-machine ls: --format rows and the table', () => {
  const row: MachineRow = { Name: 'default', Active: '-', DriverName: 'generic', State: 'Running', URL: 'tcp://192.168.33.1:2376', Swarm: '', Error: '', DockerVersion: 'v20.10.24', ResponseTime: '40ms' };
  assert.is(formatRow(LS_FORMAT, row), recorded('docker-machine/ls-running.txt').trimEnd());
  assert.equal(parseLs(formatRow(LS_FORMAT, { ...row, Error: 'Unable to query docker version: x|y' }))[0]!.error, 'Unable to query docker version: x|y');
  assert.is(formatRow('{{.Name}}\\t{{.DockerVersion}}', row), 'default\tv20.10.24');
  assert.is(
    lsTable([row]),
    'NAME      ACTIVE   DRIVER    STATE     URL                       SWARM   DOCKER      ERRORS\n' +
      'default   -        generic   Running   tcp://192.168.33.1:2376           v20.10.24\n',
  );
});

test("docker-machine create: the seed's command line, and inspect's JSON as the module reads it", () => {
  const flags = parseCreateArgs([
    '--engine-registry-mirror=https://registry.docker-cn.com', '--driver', 'generic', '--generic-ip-address', '192.168.33.1',
    '--generic-ssh-user', 'vagrant', '--generic-ssh-key', '.vagrant/machines/default/virtualbox/private_key', '--generic-ssh-port', '22', 'default',
  ]);
  assert.equal(flags, { mirrors: ['https://registry.docker-cn.com'], user: 'vagrant', port: 22, ip: '192.168.33.1', key: '.vagrant/machines/default/virtualbox/private_key', name: 'default' });
  process.env.MACHINE_STORAGE_PATH = '/run/runbook-lab/seed/home/.docker/machine';
  const config = newConfig(flags);
  assert.equal(parseInspect(JSON.stringify(config, null, 4)), {
    driver: 'generic', ip: '192.168.33.1', ssh_user: 'vagrant', ssh_port: 22, ssh_key: '.vagrant/machines/default/virtualbox/private_key', engine_registry_mirrors: ['https://registry.docker-cn.com'],
  });
  const real = JSON.parse(recorded('docker-machine/inspect-default.json')) as Record<string, unknown>;
  assert.equal(Object.keys(config), Object.keys(real), 'the same top-level layout as a real config.json');
  assert.is(
    engineDropIn(config),
    '[Service]\nExecStart=\nExecStart=/usr/sbin/dockerd -H fd:// --containerd=/run/containerd/containerd.sock --label provider=generic --registry-mirror https://registry.docker-cn.com\nEnvironment=\n',
  );
  assert.throws(() => parseCreateArgs(['--driver', 'virtualbox', 'default']), /only --driver generic/);
  process.env.MACHINE_STORAGE_PATH = '/root/.docker/machine';
  assert.throws(() => newConfig(flags), /refusing to use \/root\/\.docker\/machine/);
  delete process.env.MACHINE_STORAGE_PATH;
});

test('the stand-in launchers are executable, run dist/, and every stand-in says what it stands in for', () => {
  for (const [bin, src, tool] of [['VBoxManage', 'vboxmanage', 'VBoxManage'], ['vagrant', 'vagrant', 'vagrant'], ['docker-machine', 'docker-machine', 'docker-machine']]) {
    const head = readFileSync(new URL(`../../src/lab/standins/${src}.ts`, import.meta.url), 'utf8').split('\n').slice(0, 3).map((l) => l.replace(/^\/\/ ?/, '')).join(' ');
    assert.match(head, new RegExp(`^STAND-IN for ${tool}: the real tool cannot run on this machine; arguments and output formats follow`));
    // The launcher runs the compiled JavaScript (no tsx at run time: an installed package has none).
    const launcher = new URL(`../../bin/standins/${bin}`, import.meta.url);
    assert.match(readFileSync(launcher, 'utf8'), new RegExp(`exec node "\\$root/dist/lab/standins/${src}\\.js"`));
    assert.not.match(readFileSync(launcher, 'utf8'), /tsx/);
    assert.ok(statSync(launcher).mode & 0o100, `${bin} is executable`);
  }
});

test.run();
