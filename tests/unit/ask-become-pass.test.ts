// Issue 10.9: --ask-become-pass was accepted and ignored. It now asks once on the terminal, without echo,
// and gives the password to every host with no become_password of its own. (Over SSH with a real sudo
// password: tests/lab/safety-become-pass.test.ts.)

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { typed, useBecomePassword } from '../../src/cli/ask-password.js';
import { loadInventory } from '../../src/engine/inventory/index.js';
import { tempDir } from './execute-harness.js';

test('typing: characters, backspace, Ctrl-U, Enter ends, Ctrl-C cancels', () => {
  assert.equal(typed('', 'pw'), { value: 'pw' });
  assert.equal(typed('pw', '\u007fx\r'), { value: 'px', done: true });
  assert.equal(typed('junk', '\u0015ok\n'), { value: 'ok', done: true });
  assert.equal(typed('pw', '\u0003'), { value: '', cancelled: true });
  assert.equal(typed('', 'é€\r'), { value: 'é€', done: true });
});

test('every host without its own become_password gets it, as a literal (no template)', async () => {
  const dir = await tempDir();
  writeFileSync(join(dir, 'inv.yaml'), 'all:\n  hosts:\n    a: {}\n    b: {become_password: own}\n');
  const inv = await loadInventory(join(dir, 'inv.yaml'));
  useBecomePassword(inv, 'p{{w');
  assert.is(inv.host('a')!.connection.become_password, 'p\\{{w');
  assert.is(inv.host('b')!.connection.become_password, 'own');
});

const dir = await tempDir();
writeFileSync(join(dir, 'inventory.yaml'), 'all:\n  hosts:\n    h: {connection: local}\n');
writeFileSync(join(dir, 'play.yaml'), '- hosts: h\n  gather_facts: false\n  tasks: [{debug: {msg: after the prompt}}]\n');
const args = ['bin/runbook.js', 'apply', join(dir, 'play.yaml'), '-i', join(dir, 'inventory.yaml'), '-K'];

test('on a terminal: asked once, the typed password is not echoed, the run goes on', async () => {
  // script(1) gives runbook a terminal; the password is typed once the prompt is shown (typed earlier, the
  // terminal itself would echo it, before runbook turns echo off).
  const child = spawn('script', ['-qec', args.map((a) => `'${a}'`).join(' '), '/dev/null'], { env: { ...process.env, CI: 'true' } });
  let out = '';
  child.stdout.on('data', (b: Buffer) => {
    const before = out;
    out += b.toString('utf8');
    if (!before.includes('BECOME password:') && out.includes('BECOME password:')) child.stdin.write('hunter2-typed\r');
  });
  const timer = setTimeout(() => child.kill(), 60_000);
  const code = await new Promise((r) => child.on('exit', r));
  clearTimeout(timer);
  assert.is(code, 0, out);
  assert.is(out.split('BECOME password:').length - 1, 1);
  assert.not.match(out, 'hunter2-typed');
  assert.match(out, 'after the prompt');
});

test('without a terminal: exit 1, saying so, before anything runs', () => {
  const r = spawnSync('setsid', [process.execPath, ...args], { input: '', encoding: 'utf8', timeout: 60_000 });
  assert.is(r.status, 1, r.stdout + r.stderr);
  assert.match(r.stderr, '--ask-become-pass needs a terminal');
  assert.not.match(r.stdout, 'after the prompt');
});

test.run();
