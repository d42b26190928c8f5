// with_<lookup> loops and loop_control.extended on the local connection. The expected items are what
// ansible-playbook 2.14 prints for tests/fixtures/exec/with-loops.yaml (run by hand with the same vars).

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFile } from 'node:fs/promises';
import type { RunEvent } from '../../src/engine/events.js';
import { fixture, runFixture, tempDir } from './execute-harness.js';

const ANSIBLE: Record<string, string[]> = {
  items: ['<nginx>', "<['curl', 'git']>", '<extra>'],
  'items string': ['<nginx>'],
  list: ['<nginx>', "<['curl', 'git']>"],
  dict: ['alice=1001', 'bob=1002'],
  together: ["<['a', 1]>", "<['b', 2]>", "<['c', None]>"],
  subelements: ['ann k1 False', 'ann k2 False', 'bob k3 False'],
  'nested subelements': ['ann wheel'],
  sequence: ['<web01>', '<web04>', '<web07>'],
  'sequence count': ['<1>', '<2>', '<3>'],
  'sequence shortcut': ['<host-4>', '<host-6>', '<host-8>'],
  first_found: ['two.conf'],
  nested: ["<['x', 1]>", "<['x', 2]>", "<['y', 1]>", "<['y', 2]>"],
  indexed: ["<[0, 'a']>", "<[1, 'b']>"],
  extended: ['1/3 - q 3', '2/2 p r 3', '3/1 q - 3'],
};

function itemMessages(events: RunEvent[], task: string): string[] {
  return events.flatMap((e) => (e.kind === 'item-result' && e.task.name === task ? [String(e.result.msg)] : []));
}

test('each with_<lookup> loops over the items Ansible gives, and the second run changes nothing', async () => {
  const workdir = await tempDir();
  const first = await runFixture(fixture('exec/with-loops.yaml'), { extraVars: { workdir } });
  assert.is(first.summary.exitCode, 0);
  for (const [task, expected] of Object.entries(ANSIBLE)) assert.equal(itemMessages(first.events, task), expected, task);
  // The order of a glob is the directory's in Ansible; runbook sorts. The set is the same.
  assert.equal(itemMessages(first.events, 'fileglob').sort(), ['one.conf', 'two.conf']);
  assert.is(await readFile(`${workdir}/two.txt`, 'utf8'), 'two\n');
  assert.is(first.summary.stats.alpha!.changed, 1);

  const second = await runFixture(fixture('exec/with-loops.yaml'), { extraVars: { workdir } });
  assert.is(second.summary.stats.alpha!.changed, 0);
});

test.run();
