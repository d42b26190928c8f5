// Become (sudo) over SSH on real lab hosts: deploy has NOPASSWD, alice needs her password (alice-pw).
import * as assert from 'uvu/assert';
import { BecomeError } from '../../src/engine/errors.js';
import { labSuite } from './fixture.js';
import { rejection as rejects } from '../helpers/errors.js';

const { add, run } = labSuite('ssh become', { hosts: 2, systemd: 1 });

add('sudo -n with a NOPASSWD user; stdin and put work through become', async (lab) => {
  const c = await lab.connect('h1', { user: 'deploy' });
  assert.is((await c.exec('id -un')).stdout, 'deploy\n');
  const root = c.withBecome({});
  assert.equal(await root.exec('id -un; cat', { stdin: 'via stdin' }), { code: 0, stdout: 'root\nvia stdin', stderr: '' });
  await root.put('/root/owned-by-root', 'secret', { mode: '0600' });
  assert.is((await root.exec('stat -c %U:%a /root/owned-by-root; cat /root/owned-by-root')).stdout, 'root:600\nsecret');
  // A password given to a user who does not need one: sudo never prompts, stdin must still arrive.
  assert.equal(await c.withBecome({ password: 'unused' }).exec('cat', { stdin: 'still here' }), { code: 0, stdout: 'still here', stderr: '' });
  await c.close();
});

add('sudo with a password: correct works (stdin and put too), missing fails fast', async (lab) => {
  const c = await lab.connect('s1', { user: 'alice' });
  const root = c.withBecome({ password: 'alice-pw' });
  assert.equal(await root.exec('id -un; cat', { stdin: 'after the password' }), { code: 0, stdout: 'root\nafter the password', stderr: '' });
  await root.put('/etc/runbook-become-test', 'x\n', { mode: '0644' });
  assert.is((await root.exec('stat -c %U /etc/runbook-become-test')).stdout, 'root\n');
  // "needs a password" is sudo -n's answer: it did not wait at a prompt.
  const e = await rejects(c.withBecome({}).exec('id -un'));
  assert.instance(e, BecomeError);
  assert.match(e.message, /needs a password/);
  await c.close();
});

add('a wrong password fails with BecomeError "incorrect password", never hangs', async (lab) => {
  const c = await lab.connect('h1', { user: 'alice' });
  const t0 = Date.now();
  const e = await rejects(c.withBecome({ password: 'wrong' }).exec('touch /root/must-not-exist', { stdin: 'data' }));
  const ms = Date.now() - t0;
  assert.instance(e, BecomeError);
  assert.match(e.message, /incorrect password/);
  // Bounded far above sudo's own ~2 s failure delay: a hang at a second prompt would hit it, noise would not.
  assert.ok(ms < 60_000, `took ${ms} ms`);
  assert.is((await lab.run('h1', 'test -e /root/must-not-exist; echo $?')).stdout, '1\n');
  await c.close();
});

add('become_user other than root', async (lab) => {
  const c = await lab.connect('h1', { user: 'deploy' });
  const asAlice = c.withBecome({ user: 'alice' });
  assert.is((await asAlice.exec('id -un; echo $HOME')).stdout, 'alice\n/home/alice\n');
  await asAlice.put('/home/alice/note', 'hi');
  assert.is((await c.withBecome({}).exec('stat -c %U /home/alice/note')).stdout, 'alice\n');
  // From root to an unprivileged user, too.
  const r = await lab.connect('h1');
  assert.is((await r.withBecome({ user: 'deploy' }).exec('id -un')).stdout, 'deploy\n');
  await c.close();
  await r.close();
});

run();
