// known_hosts against Ansible's own module: the same bytes and changed flags, with real keys (ssh-keygen).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashHostKey, knownHosts } from '../../../src/modules/system/known-hosts.js';
import { failure } from '../../helpers/module-tester.js';
import { withLocal } from '../../helpers/local-tester.js';
import { compareWithAnsible, systemOracleMissing, type DifferentialCase } from '../../helpers/system-oracle.js';

const skip = systemOracleMissing('known_hosts');

/** A real public key of `type` (ssh-keygen -F skips lines it cannot parse). */
function pubKey(type: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'runbook-kh-'));
  try {
    execFileSync('ssh-keygen', ['-q', '-t', type, '-N', '', '-f', join(dir, 'k')]);
    return readFileSync(join(dir, 'k.pub'), 'utf8').trim().split(' ').slice(0, 2).join(' ');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
const [ED1, ED2, EC] = [pubKey('ed25519'), pubKey('ed25519'), pubKey('ecdsa')];
const kh = (d: string) => join(d, 'known_hosts');
const start = (text: string) => (d: string) => writeFileSync(kh(d), text);
const OTHERS = `other.example ${EC}\n# a comment\n`;

const cases: DifferentialCase[] = [
  { name: 'a new file', params: (d) => ({ path: kh(d), name: 'web1', key: `web1 ${ED1}` }), files: ['known_hosts'] },
  { name: 'added after other hosts', setup: start(OTHERS), params: (d) => ({ path: kh(d), name: 'web1', key: `web1 ${ED1}` }), files: ['known_hosts'] },
  { name: 'a key of the same type replaced (moved to the end)', setup: start(`web1 ${ED2}\n${OTHERS}`), params: (d) => ({ path: kh(d), name: 'WEB1', key: `web1 ${ED1}` }), files: ['known_hosts'] },
  { name: 'a second key type for a host is added', setup: start(`web1 ${ED1}\n`), params: (d) => ({ path: kh(d), host: 'web1', key: `web1 ${EC}` }), files: ['known_hosts'] },
  { name: 'the same key on a line of several names is replaced by a line of its own (as Ansible compares the host field)', setup: start(`web1,10.0.0.5 ${ED1}\n`), params: (d) => ({ path: kh(d), name: '10.0.0.5', key: `10.0.0.5 ${ED1}` }), files: ['known_hosts'] },
  { name: '[host]:port', setup: start(OTHERS), params: (d) => ({ path: kh(d), name: '[git.example]:2222', key: `[git.example]:2222 ${ED1}` }), files: ['known_hosts'] },
  { name: 'absent with the key', setup: start(`web1 ${ED1}\n${OTHERS}`), params: (d) => ({ path: kh(d), name: 'web1', key: `web1 ${ED1}`, state: 'absent' }), files: ['known_hosts'] },
  { name: 'absent without a key: ssh-keygen -R (PATH.old kept)', setup: start(`web1 ${ED1}\n${OTHERS}web1 ${EC}\n`), params: (d) => ({ path: kh(d), name: 'web1', state: 'absent' }), files: ['known_hosts', 'known_hosts.old'] },
  { name: 'a hashed entry with hash_host and the same key: nothing', setup: start(`${hashHostKey('web1', `web1 ${ED1}`, Buffer.alloc(20, 7))}\n`), params: (d) => ({ path: kh(d), name: 'web1', key: `web1 ${ED1}`, hash_host: true }), files: ['known_hosts'], changed: [false, false, false] },
];

for (const c of cases) {
  test(`known_hosts: ${c.name} — as Ansible (bytes, changed on check/run/rerun)`, async () => {
    if (skip) return console.log(`skipped: ${skip}`);
    await compareWithAnsible(knownHosts, 'known_hosts', c);
  });
}

test('known_hosts: hash_host writes a hashed name ssh-keygen finds; converge; a key for another host fails as in Ansible', () =>
  withLocal(async (h) => {
    const path = h.path('known_hosts');
    await h.converge(knownHosts, { path, name: 'db1', key: `db1 ${ED1}`, hash_host: true });
    const line = readFileSync(path, 'utf8');
    assert.match(line, /^\|1\|[A-Za-z0-9+/=]+\|[A-Za-z0-9+/=]+ ssh-ed25519 /);
    assert.match(execFileSync('ssh-keygen', ['-F', 'db1', '-f', path]).toString(), 'found: line 1');
    assert.is((await failure(() => h.plan(knownHosts, { path, name: 'db2', key: `db1 ${ED1}` }))).message, 'Host parameter does not match hashed host field in supplied key');
    assert.is((await failure(() => h.plan(knownHosts, { path, name: 'db2' }))).message, 'No key specified when adding a host');
  }));

test.run();
