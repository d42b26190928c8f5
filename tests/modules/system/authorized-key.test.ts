// authorized_key against ansible.posix.authorized_key itself: the same bytes, mode and changed flags.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { authorizedKey } from '../../../src/modules/system/authorized-key.js';
import { parseOptions } from '../../../src/modules/system/authorized-key-plan.js';
import { failure } from '../../helpers/module-tester.js';
import { withLocal } from '../../helpers/local-tester.js';
import { compareWithAnsible, systemOracleMissing, type DifferentialCase } from '../../helpers/system-oracle.js';

const skip = systemOracleMissing('ansible.posix.authorized_key');
const ED = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGx0ZXN0a2V5b25lZm9ycnVuYm9va3Rlc3RzMDAwMDAw alice@laptop';
const RSA = 'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQDtestkeytwoforrunbooktests bob@desk';
const BARE = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHRoaXJka2V5d2l0aG91dGNvbW1lbnQwMDAwMDAwMA';
const file = (d: string) => join(d, 'keys', 'authorized_keys');
const start = (text: string) => (d: string) => {
  mkdirSync(join(d, 'keys'), { recursive: true });
  writeFileSync(file(d), text, { mode: 0o644 });
};
const base = (d: string) => ({ user: 'root', path: file(d), manage_dir: false });

const cases: DifferentialCase[] = [
  { name: 'a new file (its directory made; 0600)', params: (d) => ({ ...base(d), key: ED }), files: ['keys/authorized_keys'] },
  { name: 'added after comments and other keys; a key without comment keeps a trailing space', setup: start(`# managed\n${RSA}\n\n${BARE}\n`), params: (d) => ({ ...base(d), key: ED }), files: ['keys/authorized_keys'] },
  { name: 'the same key with another comment is replaced at the end', setup: start(`${ED}\n${RSA}\n`), params: (d) => ({ ...base(d), key: ED.replace('alice@laptop', 'alice@new') }), files: ['keys/authorized_keys'] },
  { name: 'key_options set, then the same options in another order are the same', setup: start(`from="10.0.0.1",no-pty ${ED}\n`), params: (d) => ({ ...base(d), key: ED, key_options: 'no-pty,from="10.0.0.1"' }), files: ['keys/authorized_keys'], changed: [false, false, false] },
  { name: 'key_options with a quoted comma', setup: start(`${ED}\n`), params: (d) => ({ ...base(d), key: ED, key_options: 'command="echo a,b",no-agent-forwarding' }), files: ['keys/authorized_keys'] },
  { name: 'comment replaced', setup: start(`${RSA}\n`), params: (d) => ({ ...base(d), key: RSA, comment: 'deploy key' }), files: ['keys/authorized_keys'] },
  { name: 'several keys at once, exclusive drops the rest (comments included)', setup: start(`# team\n${RSA}\nssh-dss AAAAB3NzaC1kc3MAAACBAold old\n`), params: (d) => ({ ...base(d), key: `${ED}\n${RSA}\n`, exclusive: true }), files: ['keys/authorized_keys'] },
  { name: 'absent removes one key', setup: start(`${ED}\n${RSA}\n`), params: (d) => ({ ...base(d), key: RSA, state: 'absent' }), files: ['keys/authorized_keys'] },
  { name: 'absent of a key not there', setup: start(`${ED}\n`), params: (d) => ({ ...base(d), key: RSA, state: 'absent' }), files: ['keys/authorized_keys'], changed: [false, false, false] },
  { name: 'a file without a final newline, a duplicate line', setup: start(`${RSA}\n${ED}\n${RSA}`), params: (d) => ({ ...base(d), key: BARE }), files: ['keys/authorized_keys'] },
];

for (const c of cases) {
  test(`authorized_key: ${c.name} — as Ansible (bytes, mode, changed on check/run/rerun)`, async () => {
    if (skip) return console.log(`skipped: ${skip}`);
    await compareWithAnsible(authorizedKey, 'ansible.posix.authorized_key', c);
  });
}

test('authorized_key: converge for root by default path semantics: one read for the no-op; bad input fails clearly', () =>
  withLocal(async (h) => {
    const r = await h.converge(authorizedKey, { user: 'root', path: h.path('ssh', 'authorized_keys'), key: ED });
    assert.is(r.second.data!.keyfile, h.path('ssh', 'authorized_keys'));
    assert.is((await failure(() => h.plan(authorizedKey, { user: 'root', path: h.path('x'), key: 'not a key' }))).message, 'invalid key specified: not a key');
    assert.match((await failure(() => h.plan(authorizedKey, { user: 'no-such-user-rb', key: ED }))).message, 'Failed to lookup user no-such-user-rb');
    assert.equal(parseOptions('a,b="x,y",c=1'), [['a', null], ['b', '"x,y"'], ['c', '1']]);
  }));

test.run();
