import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir, userInfo } from 'node:os';
import SSHConfig from 'ssh-config';
import { expandHome, loadSshConfig, parseJumpSpec, resolveEndpoint } from '../../src/engine/connection/ssh-config.js';

const dir = mkdtempSync(`${tmpdir()}/runbook-sshcfg-`);
const CONFIG = SSHConfig.parse(`
Host dockervm
  HostName 192.168.33.1
  User docker
  Port 2222
  IdentityFile ~/.ssh/vm_key
  IdentityFile %d/.ssh/%r@%h

Host behind
  HostName 10.1.0.5
  ProxyJump ops@bastion:2200

Host chain
  HostName 10.2.0.5
  ProxyJump first,second

Host first
  HostName 203.0.113.1
Host second
  HostName 10.2.0.1
  User jumper

Host pattern-*
  HostName %h.internal
  HostKeyAlias shared-key

Host noproxy
  ProxyJump none

Host *
  User fallback
`);

test('alias: HostName, User, Port, IdentityFile with ~ and %-tokens', () => {
  const e = resolveEndpoint('dockervm', CONFIG);
  assert.equal([e.alias, e.hostname, e.port, e.user], ['dockervm', '192.168.33.1', 2222, 'docker']);
  assert.equal(e.identityFiles, [`${homedir()}/.ssh/vm_key`, `${homedir()}/.ssh/docker@192.168.33.1`]);
  assert.is(e.hostKeyAlias, '192.168.33.1', 'known_hosts is checked under the real address');
  assert.is(e.via, undefined);
});

test('inventory settings win over the file; the inventory key is tried first', () => {
  const e = resolveEndpoint('dockervm', CONFIG, { user: 'root', port: 22, privateKey: '~/k' });
  assert.equal([e.user, e.port], ['root', 22]);
  assert.is(e.identityFiles[0], `${homedir()}/k`);
  assert.is(e.identityFiles.length, 3);
});

test('no entry: the name itself, port 22, the first matching Host * value, else the local user', () => {
  const e = resolveEndpoint('plain.example', CONFIG);
  assert.equal([e.hostname, e.port, e.user, e.identityFiles], ['plain.example', 22, 'fallback', []]);
  assert.is(resolveEndpoint('x', undefined).user, userInfo().username);
});

test('ProxyJump: user@host:port, a chain a,b (b reached through a), none', () => {
  const e = resolveEndpoint('behind', CONFIG);
  assert.equal([e.via?.alias, e.via?.hostname, e.via?.user, e.via?.port], ['bastion', 'bastion', 'ops', 2200]);
  const c = resolveEndpoint('chain', CONFIG);
  assert.equal([c.via?.alias, c.via?.hostname, c.via?.user], ['second', '10.2.0.1', 'jumper']);
  assert.equal([c.via?.via?.alias, c.via?.via?.hostname], ['first', '203.0.113.1']);
  assert.is(c.via?.via?.via, undefined);
  assert.is(resolveEndpoint('noproxy', CONFIG).via, undefined);
});

test('patterns: %h in HostName, HostKeyAlias', () => {
  const e = resolveEndpoint('pattern-a', CONFIG);
  assert.equal([e.hostname, e.hostKeyAlias], ['pattern-a.internal', 'shared-key']);
});

test('a ProxyJump loop is reported, not followed forever', () => {
  const loop = SSHConfig.parse('Host a\n  ProxyJump b\nHost b\n  ProxyJump a\n');
  assert.throws(() => resolveEndpoint('a', loop), /deeper than 8 hops/);
});

test('Match exec is never run while computing a config', () => {
  const marker = `${dir}/exec-ran`;
  const cfg = SSHConfig.parse(`Match exec "touch ${marker}"\n  User evil\n`);
  assert.is.not(resolveEndpoint('h', cfg).user, 'evil');
  assert.not.ok(existsSync(marker));
});

test('jump specs and file loading', () => {
  assert.equal(parseJumpSpec('ssh://me@[::1]:2200'), { user: 'me', host: '::1', port: 2200 });
  assert.equal(parseJumpSpec('host'), { user: undefined, host: 'host', port: undefined });
  assert.equal(parseJumpSpec('a@b@host:22'), { user: 'a@b', host: 'host', port: 22 });
  assert.is(loadSshConfig(`${dir}/missing`), undefined);
  writeFileSync(`${dir}/config`, 'Host x\n  HostName y\n');
  assert.is(resolveEndpoint('x', loadSshConfig(`${dir}/config`)).hostname, 'y');
  assert.is(expandHome('~'), homedir());
});

test.after(() => rmSync(dir, { recursive: true, force: true }));

test.run();
