// Issue 10.6: six hosts adding a line to one shared file (a shared mount, delegate_to, two teammates) all
// reported "line added" and one line survived. Now every host that reports a change has its line in the
// file; the others fail with "changed since read", and a rerun adds their lines.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunEvent } from '../../src/engine/events.js';
import { runFixture, tempDir } from './execute-harness.js';

const HOSTS = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'];

test('six hosts editing one file: no reported change is lost, a rerun completes it', async () => {
  const dir = await tempDir();
  const shared = join(dir, 'shared.conf');
  writeFileSync(shared, '# shared\n');
  writeFileSync(join(dir, 'inventory.yaml'), `all:\n  hosts:\n${HOSTS.map((h) => `    ${h}: {connection: local}\n`).join('')}`);
  writeFileSync(
    join(dir, 'play.yaml'),
    `- hosts: all\n  gather_facts: false\n  tasks:\n    - name: my line\n      lineinfile: {path: ${JSON.stringify(shared)}, line: "{{ inventory_hostname }}"}\n`,
  );
  const results = (events: RunEvent[]) =>
    events.flatMap((e) => (e.kind === 'host-result' ? [{ host: e.host, status: e.status, msg: String(e.result.msg ?? '') }] : []));

  let first: ReturnType<typeof results> = [];
  // Several rounds: one round may happen to serialise on its own; the claim must hold in every one.
  for (let round = 0; round < 3; round++) {
    writeFileSync(shared, '# shared\n');
    const { events } = await runFixture(join(dir, 'play.yaml'));
    first = results(events);
    const lines = readFileSync(shared, 'utf8').split('\n');
    for (const r of first) {
      if (r.status === 'changed') assert.ok(lines.includes(r.host), `${r.host} reported a change that is not in the file`);
      else assert.match(r.msg, 'changed since read', `${r.host}: ${r.status} ${r.msg}`);
    }
  }
  // A rerun (serial, so that it converges in one go) adds the lines of the hosts that failed, then changes nothing.
  for (const expectChanged of [true, false]) {
    const { events, summary } = await runFixture(join(dir, 'play.yaml'), { forks: 1 });
    assert.is(summary.exitCode, 0);
    const changed = results(events).filter((r) => r.status === 'changed').length;
    if (!expectChanged) assert.is(changed, 0);
  }
  assert.equal(readFileSync(shared, 'utf8').split('\n').filter(Boolean).sort(), ['# shared', ...HOSTS]);
});

test.run();
