// Hosts that go away or never answer: every failure is an UnreachableError, promptly.
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { UnreachableError } from '../../src/engine/errors.js';
import { labSuite } from './fixture.js';
import { rejection as rejects } from '../helpers/errors.js';

const { add, run } = labSuite('ssh unreachable', { hosts: 3, systemd: 1 });

add('connection refused, authentication failure, a silent sshd: UnreachableError with a reason', async (lab) => {
  // The switch address exists (the lab assigned it) but runs no sshd.
  let e = await rejects(lab.connect('switch', { host: '10.200.0.1' }));
  assert.instance(e, UnreachableError);
  assert.match(e.message, /connection refused/);

  e = await rejects(lab.connect('h1', { user: 'nosuchuser' }));
  assert.instance(e, UnreachableError);
  assert.match(e.message, /authentication failed for nosuchuser@.*tried publickey/);

  e = await rejects(lab.connect('h1', { private_key: '/nonexistent/key' }));
  assert.match(e.message, /\/nonexistent\/key: no such file/);

  // sshd stopped (SIGSTOP): TCP still connects, no SSH banner comes; the connect timeout fires.
  const listener = (await lab.pids('h1', 'sshd')).filter((p) => readFileSync(`/proc/${p}/cmdline`, 'utf8').includes('[listener]'));
  assert.is(listener.length, 1);
  const outer = listener[0]!;
  process.kill(outer, 'SIGSTOP');
  try {
    // The message names the connect timeout: it fired (no wall-clock assertion on a shared machine).
    e = await rejects(lab.connect('h1', { timeout: 1 }));
    assert.instance(e, UnreachableError);
    assert.match(e.message, /within 1 s/);
  } finally {
    process.kill(outer, 'SIGCONT');
  }
});

add('sshd killed mid-command: the pending exec rejects with UnreachableError promptly, later ones too', async (lab) => {
  for (const name of ['h2', 's1']) {
    const c = await lab.connect(name);
    const pending = c.exec('sleep 300; echo never');
    await new Promise((r) => setTimeout(r, 300));
    const t0 = Date.now();
    const killed = await lab.killSshd(name);
    assert.ok(killed.length >= 2, `listener and session sshd of ${name}: ${killed}`);
    const e = await rejects(pending);
    assert.instance(e, UnreachableError);
    assert.match(e.message, /lost/);
    // Far inside the command's own 300 s: the lost connection was noticed, the command was not waited for.
    assert.ok(Date.now() - t0 < 60_000, `noticed after ${Date.now() - t0} ms`);
    const again = await rejects(c.exec('true'));
    assert.instance(again, UnreachableError);
    await c.close();
  }
});

add('a systemd host restarts ssh.service after the kill: reachable again', async (lab) => {
  const deadline = Date.now() + 15_000;
  for (;;) {
    try {
      const c = await lab.connect('s1', { timeout: 2 });
      assert.is((await c.exec('systemctl is-active ssh')).stdout, 'active\n');
      await c.close();
      return;
    } catch (e) {
      if (Date.now() > deadline) throw e;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
});

run();
