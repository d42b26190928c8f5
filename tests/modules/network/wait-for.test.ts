// wait_for against servers this test starts on 127.0.0.1 (and closes), with short timeouts.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { waitFor } from '../../../src/modules/network/wait-for.js';
import { withLocal } from '../../helpers/local-tester.js';
import { failure } from '../../helpers/module-tester.js';

function listen(port = 0): Promise<Server> {
  return new Promise((resolve, reject) => {
    const s = createServer((c) => c.destroy());
    s.once('error', reject);
    s.listen(port, '127.0.0.1', () => resolve(s));
  });
}
const portOf = (s: Server) => (s.address() as { port: number }).port;
const close = (s: Server) => new Promise<void>((r) => s.close(() => r()));
/** A port nothing listens on (just released). */
async function freePort(): Promise<number> {
  const s = await listen();
  const p = portOf(s);
  await close(s);
  return p;
}

// "At once" is told by the count of checks, not by a clock: the elapsed time was once measured in whole
// seconds (date +%s), so a check of a few milliseconds that crossed a second boundary read "after 1s".
test('an open port: done at once (the first check), never a change, with the elapsed time', () =>
  withLocal(async (h) => {
    const s = await listen();
    try {
      const { value: plan, execs } = await h.countExecs(() => h.plan(waitFor, { port: portOf(s), timeout: 5 }));
      assert.equal(plan.changes, []);
      assert.match(plan.reason!, new RegExp(`^127\\.0\\.0\\.1:${portOf(s)} is open \\(after \\d+s\\)$`), 'one check, no "N checks"');
      assert.type(plan.data!.elapsed, 'number');
      assert.is(execs, 1, 'the whole wait is one command');
    } finally {
      await close(s);
    }
  }));

test('a port that opens later is waited for', () =>
  withLocal(async (h) => {
    const port = await freePort();
    let s: Server | undefined;
    const timer = setTimeout(() => void listen(port).then((x) => (s = x)), 1200);
    try {
      const plan = await h.plan(waitFor, { port, timeout: 10, sleep: 0.2, connect_timeout: 1 });
      assert.match(plan.reason!, 'is open');
      assert.ok((plan.data!.elapsed as number) >= 1);
    } finally {
      clearTimeout(timer);
      if (s) await close(s);
    }
  }));

test('a closed port: stopped succeeds, started times out with Ansible\'s message', () =>
  withLocal(async (h) => {
    const port = await freePort();
    const stopped = await h.plan(waitFor, { port, state: 'stopped', timeout: 5 });
    assert.match(stopped.reason!, `127.0.0.1:${port} is closed`);
    const e = await failure(() => h.plan(waitFor, { port, timeout: 1, sleep: 0.2, connect_timeout: 1 }));
    assert.is(e.message, `Timeout when waiting for 127.0.0.1:${port}`);
    assert.ok((e.data.elapsed as number) >= 1);
    const custom = await failure(() => h.plan(waitFor, { port, timeout: 0, msg: 'zk did not start' }));
    assert.is(custom.message, 'zk did not start');
  }));

test('a path: present with a regex once written, absent once removed', () =>
  withLocal(async (h) => {
    const path = h.path('log');
    const timer = setTimeout(() => writeFileSync(path, 'starting\nready on 2181\n'), 800);
    try {
      const plan = await h.plan(waitFor, { path, search_regex: 'ready on [0-9]+', timeout: 10, sleep: 0.2 });
      assert.match(plan.reason!, 'present and matches');
      assert.match(plan.reason!, /checks\)$/, 'the file came later than the first check');
    } finally {
      clearTimeout(timer);
    }
    setTimeout(() => rmSync(path), 500);
    const gone = await h.plan(waitFor, { path, state: 'absent', timeout: 10, sleep: 0.2 });
    assert.match(gone.reason!, `${path} is absent`);
    const e = await failure(() => h.plan(waitFor, { path, timeout: 1, sleep: 0.2 }));
    assert.is(e.message, `Timeout when waiting for file ${path}`);
  }));

test('search_regex: match_groups and match_groupdict as Python\'s re.search over the file (multiline)', () =>
  withLocal(async (h) => {
    const path = h.path('log');
    writeFileSync(path, 'boot\nlistening on port 2181 as zk1\n');
    const plan = await h.plan(waitFor, { path, search_regex: '^listening on port ([0-9]+) as (?P<name>[a-z0-9]+)(x)?', timeout: 5 });
    assert.equal(plan.data!.match_groups, ['2181', 'zk1', null]);
    assert.equal(plan.data!.match_groupdict, { name: 'zk1' });
    const none = await h.plan(waitFor, { path, timeout: 5 });
    assert.equal(none.data!.match_groups, []);
  }));

test('port and path together, or stopped for a path, are refused as in Ansible', () =>
  withLocal(async (h) => {
    assert.is((await failure(() => h.plan(waitFor, { port: 1, path: '/x' }))).message, 'port and path parameter can not both be passed to wait_for');
    assert.is((await failure(() => h.plan(waitFor, { path: '/x', state: 'stopped' }))).message, 'state=stopped should only be used for checking a port in the wait_for module');
  }));

test.run();
