// user: useradd/usermod/userdel decisions over recorded getent output, as Ansible's user module on Linux.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { user } from '../../../src/modules/system/user.js';
import { failure, summaries } from '../../helpers/module-tester.js';
import { recordedHost } from '../../helpers/recorded-tester.js';

function host(o: { passwd?: string; shadow?: string; member?: string[]; groups?: Record<string, string>; own?: boolean }) {
  const out = [
    '@@passwd', o.passwd ?? '',
    '@@shadow', o.shadow ?? '',
    '@@member', ...(o.member ?? []),
    ...Object.entries(o.groups ?? {}).flatMap(([asked, line]) => [`@@group ${asked}`, line]),
    '@@own', o.own ? 'yes' : '',
    '@@redhat', '',
  ].join('\n');
  return recordedHost({ facts: [['runbook-user', { stdout: `${out}\n` }]] });
}

const APP = 'app:x:1001:1001:App:/home/app:/bin/sh';

test('a missing account is created with useradd, flags as Ansible passes them', async () => {
  const h = host({ groups: { web: 'web:x:2000:', adm: 'adm:x:4:' } });
  const plan = await h.plan(user, { name: 'app', uid: 1001, groups: ['web', 'adm'], shell: '/bin/bash', comment: 'App' });
  assert.equal(summaries(plan), ['create user app']);
  await h.apply(plan);
  assert.equal(h.commands, ["useradd -u 1001 -G web,adm -c App -s /bin/bash -m app"]);
  // A group named like the user already exists: -N so useradd does not try to create it.
  const own = host({ own: true });
  await own.apply(await own.plan(user, { name: 'app', create_home: false, system: true }));
  assert.equal(own.commands, ['useradd -N -M -r app']);
  // Check mode: a new account whose groups an earlier task creates is planned (Ansible exits changed first).
  const planned = await host({}).plan(user, { name: 'app', group: 'app', groups: ['web'] }, true);
  assert.equal(summaries(planned), ['create user app']);
  assert.match((await failure(() => host({}).plan(user, { name: 'app', group: 'app' }))).message, 'Group app does not exist');
  const locked = host({});
  await locked.apply(await locked.plan(user, { name: 'app', password: '$6$x$y', password_lock: true, expires: 1767225600 }));
  assert.equal(locked.commands, ["useradd -e 2026-01-01 -p '!$6$x$y' -m app"]);
});

test('an existing account: only what differs is changed with usermod; the same account is a no-op', async () => {
  const cases: [Record<string, unknown>, Parameters<typeof host>[0], string[], string?][] = [
    [{ name: 'app', shell: '/bin/sh' }, { passwd: APP }, []],
    [{ name: 'app', shell: '/bin/bash' }, { passwd: APP }, ['modify user app (shell)'], 'usermod -s /bin/bash app'],
    [{ name: 'app', uid: 1001, comment: 'App' }, { passwd: APP }, []],
    [{ name: 'app', groups: ['web'] }, { passwd: APP, member: ['web'], groups: { web: 'web:x:2000:app' } }, []],
    [{ name: 'app', groups: ['web'] }, { passwd: APP, member: ['web', 'adm'], groups: { web: 'web:x:2000:app' } }, ['modify user app (groups)'], 'usermod -G web app'],
    [{ name: 'app', groups: ['web'], append: true }, { passwd: APP, member: ['web', 'adm'], groups: { web: 'web:x:2000:app' } }, []],
    [{ name: 'app', groups: ['db'], append: true }, { passwd: APP, member: ['adm'], groups: { db: 'db:x:3000:' } }, ['modify user app (groups)'], 'usermod -a -G db app'],
    [{ name: 'app', group: 'web' }, { passwd: APP, groups: { web: 'web:x:2000:' } }, ['modify user app (gid)'], 'usermod -g 2000 app'],
    [{ name: 'app', password: '$6$x$y' }, { passwd: APP, shadow: '$6$x$y' }, []],
    [{ name: 'app', password: '$6$x$z' }, { passwd: APP, shadow: '$6$x$y' }, ['modify user app (password)'], "usermod -p '$6$x$z' app"],
    [{ name: 'app', password: '$6$x$z', update_password: 'on_create' }, { passwd: APP, shadow: '$6$x$y' }, []],
    // password_lock, as Ansible: -L/-U only when the hash's `!` differs; a new hash with a lock is `-p '!hash'`.
    [{ name: 'app', password_lock: true }, { passwd: APP, shadow: '$6$x$y' }, ['modify user app (password)'], 'usermod -L app'],
    [{ name: 'app', password_lock: true }, { passwd: APP, shadow: '!$6$x$y' }, []],
    [{ name: 'app', password_lock: false }, { passwd: APP, shadow: '!$6$x$y' }, ['modify user app (password)'], 'usermod -U app'],
    [{ name: 'app', password_lock: false }, { passwd: APP, shadow: '$6$x$y' }, []],
    [{ name: 'app', password: '$6$x$y', password_lock: true }, { passwd: APP, shadow: '!$6$x$y' }, []],
    [{ name: 'app', password: '$6$x$z', password_lock: true }, { passwd: APP, shadow: '$6$x$y' }, ['modify user app (password)'], "usermod -p '!$6$x$z' app"],
    // expires: seconds since the epoch, compared by UTC day with the shadow field (days); negative: none.
    [{ name: 'app', expires: 1767225600 }, { passwd: APP, shadow: '$6$x$y:' }, ['modify user app (expires)'], 'usermod -e 2026-01-01 app'],
    [{ name: 'app', expires: 1767225600 + 3600 }, { passwd: APP, shadow: '$6$x$y:20454' }, []],
    [{ name: 'app', expires: 1767225600 + 86400 }, { passwd: APP, shadow: '$6$x$y:20454' }, ['modify user app (expires)'], 'usermod -e 2026-01-02 app'],
    [{ name: 'app', expires: -1 }, { passwd: APP, shadow: '$6$x$y:20454' }, ['modify user app (expires)'], "usermod -e '' app"],
    [{ name: 'app', expires: -1 }, { passwd: APP, shadow: '$6$x$y:' }, []],
    [{ name: 'app', state: 'absent', remove: true }, { passwd: APP }, ['remove user app'], 'userdel -r app'],
    [{ name: 'app', state: 'absent' }, {}, []],
  ];
  for (const [params, state, want, command] of cases) {
    const h = host(state);
    const plan = await h.plan(user, params);
    assert.equal(summaries(plan), want, JSON.stringify(params));
    if (command) {
      await h.apply(plan);
      assert.equal(h.commands, [command]);
    } else assert.ok(plan.reason);
  }
});

test('the password hash never shows in the diff; a missing group fails before anything runs', async () => {
  const plan = await host({ passwd: APP, shadow: 'old' }).plan(user, { name: 'app', password: 'secret-hash' });
  assert.equal(plan.changes[0]!.diff, { header: 'user app', before: 'password: (old)\n', after: 'password: (changed)\n' });
  const h = host({});
  assert.match(String(await h.plan(user, { name: 'app', groups: 'nope' }).catch((e: Error) => e)), /Group nope does not exist/);
  assert.equal(h.commands, []);
});

test('generate_ssh_key: ssh-keygen when the key file is missing (in the same read as the account); an existing key is returned, not replaced', async () => {
  const withKey = (keyOut: string) => recordedHost({ facts: [['runbook-user-key', { stdout: keyOut }], ['runbook-user', { stdout: `@@passwd\n${APP}\n@@shadow\n@@member\n@@own\n@@redhat\n` }]] });
  const h = withKey('@@path /home/app/.ssh/id_ed25519\n');
  const plan = await h.plan(user, { name: 'app', generate_ssh_key: true, ssh_key_type: 'ed25519', ssh_key_comment: 'app@ci' });
  assert.equal(summaries(plan), ['generate ed25519 ssh key /home/app/.ssh/id_ed25519']);
  assert.is(h.factCalls.length, 1, 'the account and the key in one round trip');
  await h.apply(plan);
  assert.match(h.commands.at(-1)!, "runbook-user-keygen app .ssh/id_ed25519 ed25519 app@ci ''");
  const has = withKey('@@path /home/app/.ssh/id_rsa\n@@pub\nssh-rsa AAAA app@ci\n@@fp\n3072 SHA256:abc app@ci (RSA)\n');
  const noop = await has.plan(user, { name: 'app', generate_ssh_key: true });
  assert.equal(noop.changes, []);
  assert.is(noop.reason, 'user app is as asked, with its ssh key');
  assert.equal([noop.data!.ssh_public_key, noop.data!.ssh_fingerprint], ['ssh-rsa AAAA app@ci', '3072 SHA256:abc app@ci (RSA)']);
});

test.run();
