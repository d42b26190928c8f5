// Host key checking against real sshd host keys (each lab host has its own ed25519 key).
import * as assert from 'uvu/assert';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import ssh2 from 'ssh2';
import { openConnection } from '../../src/engine/connection/open.js';
import { HostKeyMismatchError, UnreachableError } from '../../src/engine/errors.js';
import { labSuite, type LabHandle } from './fixture.js';
import { rejection as rejects } from '../helpers/errors.js';

const { add, run } = labSuite('ssh host keys', { hosts: 2 });

const hostKey = async (lab: LabHandle, name: string) => (await lab.run(name, 'cat /etc/ssh/ssh_host_ed25519_key.pub')).stdout.split(' ').slice(0, 2).join(' ');

add('accept-new records an unknown key; the next connection uses it', async (lab) => {
  const file = `${lab.state.stateDir}/kh-accept`;
  const t1 = await lab.transport('h1', { known_hosts: file });
  assert.ok(t1.stats.hostKeyRecorded);
  await t1.close();
  const text = readFileSync(file, 'utf8');
  assert.is(text, `${lab.host('h1').ip} ${await hostKey(lab, 'h1')}\n`);
  const t2 = await lab.transport('h1', { known_hosts: file });
  assert.not.ok(t2.stats.hostKeyRecorded);
  await t2.close();
  assert.is(readFileSync(file, 'utf8'), text, 'nothing appended the second time');
});

add('keys recorded by OpenSSH (hashed, ssh-keyscan -H) are understood', async (lab) => {
  const file = `${lab.state.stateDir}/kh-openssh`;
  writeFileSync(file, execFileSync('ssh-keyscan', ['-H', '-t', 'ed25519', lab.host('h2').ip], { stdio: ['ignore', 'pipe', 'ignore'] }));
  assert.match(readFileSync(file, 'utf8'), /^\|1\|/);
  const t = await lab.transport('h2', { known_hosts: file, host_key_checking: 'strict' });
  assert.not.ok(t.stats.hostKeyRecorded);
  await t.close();
});

add('a changed key is refused with HostKeyMismatchError naming file and line; nothing runs', async (lab) => {
  const file = `${lab.state.stateDir}/kh-changed`;
  const other = ssh2.utils.generateKeyPairSync('ed25519').public;
  writeFileSync(file, `# comment\n${lab.host('h2').ip} ${other}\n`);
  for (const mode of ['accept-new', 'strict'] as const) {
    const settings = lab.settings('h2', { known_hosts: file, host_key_checking: mode });
    const e = await rejects(openConnection('h2', settings).then((c) => c.exec('touch /srv/marker')));
    assert.instance(e, HostKeyMismatchError);
    assert.instance(e, UnreachableError, 'the executor marks the host unreachable');
    assert.match(e.message, /CHANGED/);
    assert.match(e.message, new RegExp(`${file} line 2`));
    assert.match((e as HostKeyMismatchError).hint ?? '', /ssh-keygen -R/);
  }
  assert.is((await lab.run('h2', 'test -e /srv/marker; echo $?')).stdout, '1\n', 'the marker file was not created');
  assert.is(readFileSync(file, 'utf8'), `# comment\n${lab.host('h2').ip} ${other}\n`, 'known_hosts untouched');
});

add('strict refuses an unknown key and records nothing; off skips the check', async (lab) => {
  const file = `${lab.state.stateDir}/kh-strict`;
  const e = await rejects(lab.transport('h1', { known_hosts: file, host_key_checking: 'strict' }));
  assert.instance(e, UnreachableError);
  assert.not.instance(e, HostKeyMismatchError);
  assert.match(e.message, /not in .*strict/);
  assert.not.ok(existsSync(file));
  writeFileSync(file, `${lab.host('h1').ip} ${ssh2.utils.generateKeyPairSync('ed25519').public}\n`);
  const c = await lab.connect('h1', { known_hosts: file, host_key_checking: 'off' });
  assert.is((await c.exec('hostname')).stdout, 'h1\n');
  await c.close();
});

run();
