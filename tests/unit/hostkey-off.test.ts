// Issue 10.9: host_key_checking: off accepted a changed key without a word. It still connects (that is
// what off means), but a key that differs from the recorded one becomes a warning of the run.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ssh2 from 'ssh2';
import { HostKeyCheck } from '../../src/engine/connection/ssh-hostkey.js';
import { formatKnownHostsLine } from '../../src/engine/connection/known-hosts.js';

const dir = mkdtempSync(join(tmpdir(), 'runbook-khoff-'));
const blob = () => Buffer.from(ssh2.utils.generateKeyPairSync('ed25519').public.split(' ')[1]!, 'base64');
const recorded = blob();
const file = join(dir, 'known_hosts');
writeFileSync(file, `${formatKnownHostsLine('web1', recorded)}\n`);
const check = () => new HostKeyCheck({ mode: 'off', file, name: 'web1', host: 'web1' });

test('off + a changed key: accepted, with a warning naming the host, the file and the offered key', () => {
  const c = check();
  assert.is(c.verify(blob()), true);
  assert.match(c.warning ?? '', /^host key of web1 \(web1\) differs from the one in .*known_hosts \(it offered ssh-ed25519 SHA256:/);
  assert.match(c.warning ?? '', 'accepted because host_key_checking is off');
});

test('off + the recorded key, or an unknown host: no warning, nothing recorded', () => {
  const same = check();
  assert.is(same.verify(recorded), true);
  assert.is(same.warning, undefined);
  const unknown = new HostKeyCheck({ mode: 'off', file, name: 'web2', host: 'web2' });
  assert.is(unknown.verify(blob()), true);
  assert.is(unknown.warning, undefined);
  assert.is(unknown.recorded, false);
});

test('accept-new still refuses the changed key (unchanged)', () => {
  const c = new HostKeyCheck({ mode: 'accept-new', file, name: 'web1', host: 'web1' });
  assert.is(c.verify(blob()), false);
  assert.match(c.problem?.message ?? '', 'REMOTE HOST KEY CHANGED');
});

test.run();
