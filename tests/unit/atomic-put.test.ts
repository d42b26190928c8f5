// Issue 10.1, 10.6, 10.9: what the put script installs. A transfer that ends early (the run was killed, the
// connection cut) or arrives altered is never renamed over the file; a file that changed since the plan
// read it is not overwritten; a directory that appeared at dest is not written into. On the local
// connection: the same script runs over SSH.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { atomicPut, PUT_CHANGED_SINCE_READ, PUT_INCOMPLETE } from '../../src/engine/connection/atomic-put.js';
import { localConnection } from '../../src/engine/connection/local.js';
import { ModuleFailure } from '../../src/engine/errors.js';
import { rejection } from '../helpers/errors.js';
import { tempDir } from './execute-harness.js';

const conn = localConnection();
const sha = (s: string) => createHash('sha256').update(s).digest('hex');

async function withOld(): Promise<{ dir: string; dest: string }> {
  const dir = await tempDir();
  const dest = join(dir, 'f');
  writeFileSync(dest, 'old\n');
  return { dir, dest };
}

/** The put of `sent` gets `received` on stdin instead: refused with `message`, the old file kept, no temp file left. */
async function refused(sent: string, received: string, message: string): Promise<{ dir: string; dest: string; p: ReturnType<typeof atomicPut> }> {
  const { dir, dest } = await withOld();
  const p = atomicPut(dest, Buffer.from(sent));
  const r = await conn.exec(p.command, { stdin: [p.stdin[0]!, Buffer.from(received)] });
  assert.is(r.code, PUT_INCOMPLETE);
  assert.match(r.stderr, message);
  assert.is(readFileSync(dest, 'utf8'), 'old\n');
  assert.equal(readdirSync(dir), ['f']);
  return { dir, dest, p };
}

test('input that ends early is not installed, and no temp file is left', async () => {
  await refused('the whole new content\n', 'the whole', 'received 9 of 22 bytes');
});

test('input of the right size but other bytes is not installed (binary content: checked by sha256)', async () => {
  // A small text (lines, all ended) is checked by the shell's count of what it wrote instead: SSH's own
  // integrity check covers the bytes, the count covers an input that ended early (next test).
  await refused('abcd\x00\n', 'abce\x00\n', 'sha256');
});

test('a small text cut at a line boundary is not installed (the shell counts what it wrote)', async () => {
  const { dir, dest, p } = await refused('one\ntwo\nthree\n', 'one\ntwo\n', 'received 8 of 14 bytes');
  // The whole text is installed without starting sha256sum (one process less per write): a sha256sum that
  // fails first in PATH would make it fail.
  const bin = await tempDir();
  writeFileSync(join(bin, 'sha256sum'), '#!/bin/sh\nexit 1\n', { mode: 0o755 });
  const whole = await conn.exec(p.command, { stdin: p.stdin, env: { PATH: `${bin}:${process.env.PATH}` } });
  assert.is(whole.code, 0, whole.stderr);
  assert.is(readFileSync(dest, 'utf8'), 'one\ntwo\nthree\n');
  assert.equal(readdirSync(dir), ['f']);
});

test('the temp name comes on stdin: without it nothing is written; a file planted under it is never followed', async () => {
  const { dir, dest } = await withOld();
  const p = atomicPut(dest, Buffer.from('new\n'));
  const none = await conn.exec(p.command, { stdin: '' });
  assert.is(none.code, PUT_INCOMPLETE);
  assert.match(none.stderr, 'no temp name');
  // Another user who guessed the name plants a link to a file of theirs: the shell creates with O_EXCL.
  const victim = join(await tempDir(), 'victim');
  writeFileSync(victim, 'theirs\n');
  symlinkSync(victim, join(dir, '.runbook-tmp.abc123'));
  const planted = await conn.exec(p.command, { stdin: [Buffer.from('abc123\n'), Buffer.from('new\n')] });
  assert.is.not(planted.code, 0);
  assert.is(readFileSync(victim, 'utf8'), 'theirs\n');
  assert.is(readFileSync(dest, 'utf8'), 'old\n');
  assert.equal(readdirSync(dir).sort(), ['.runbook-tmp.abc123', 'f']);
});

test('modes: a new file without one gets the umask\'s, an old file keeps its own, a given one wins', async () => {
  const { dir, dest } = await withOld();
  chmodSync(dest, 0o4750);
  await conn.put(dest, 'kept\n');
  assert.is(statSync(dest).mode & 0o7777, 0o4750);
  await conn.put(dest, 'sym\n', { mode: 'g+w,o+r' });
  assert.is(statSync(dest).mode & 0o7777, 0o4774);
  await conn.put(dest, 'given\n', { mode: '0600' });
  assert.is(statSync(dest).mode & 0o7777, 0o600);
  const created = join(dir, 'new');
  const umask = process.umask();
  await conn.put(created, 'x\n');
  assert.is(statSync(created).mode & 0o777, 0o666 & ~umask);
});

test('the whole input is installed (binary, empty, large)', async () => {
  const { dest } = await withOld();
  for (const data of [Buffer.from([0, 255, 10, 13, 0]), Buffer.alloc(0), Buffer.alloc(3 << 20, 'x')]) {
    await conn.put(dest, data);
    assert.ok(readFileSync(dest).equals(data));
  }
});

test('expect: written when the file is what the plan read, refused otherwise', async () => {
  const { dir, dest } = await withOld();
  await conn.put(dest, 'new\n', { expect: sha('old\n') });
  assert.is(readFileSync(dest, 'utf8'), 'new\n');
  for (const expect of [sha('old\n'), 'absent']) {
    const e = await rejection(conn.put(dest, 'mine\n', { expect }));
    assert.instance(e, ModuleFailure);
    assert.match(e.message, 'changed since read');
    assert.is((e as ModuleFailure).data.rc, PUT_CHANGED_SINCE_READ);
    assert.is(readFileSync(dest, 'utf8'), 'new\n');
  }
  const created = join(dir, 'g');
  await conn.put(created, 'first\n', { expect: 'absent' });
  assert.is(readFileSync(created, 'utf8'), 'first\n');
  assert.equal(readdirSync(dir).sort(), ['f', 'g']);
});

test('six writers that read the same content: exactly one wins, the others fail "changed since read"', async () => {
  const { dest } = await withOld();
  const expect = sha('old\n');
  const results = await Promise.allSettled(Array.from({ length: 6 }, (_, i) => conn.put(dest, `old\nline ${i}\n`, { expect })));
  const won = results.flatMap((r, i) => (r.status === 'fulfilled' ? [i] : []));
  assert.is(won.length, 1, JSON.stringify(results.map((r) => r.status)));
  assert.is(readFileSync(dest, 'utf8'), `old\nline ${won[0]}\n`);
  for (const r of results) if (r.status === 'rejected') assert.match(String(r.reason.message), 'changed since read');
});

test('six writers of a new file (expect absent): exactly one creates it, the others fail "changed since read"', async () => {
  const { dir } = await withOld();
  const dest = join(dir, 'new');
  const results = await Promise.allSettled(Array.from({ length: 6 }, (_, i) => conn.put(dest, `line ${i}\n`, { expect: 'absent' })));
  const won = results.flatMap((r, i) => (r.status === 'fulfilled' ? [i] : []));
  assert.is(won.length, 1, JSON.stringify(results.map((r) => r.status)));
  assert.is(readFileSync(dest, 'utf8'), `line ${won[0]}\n`);
  for (const r of results) if (r.status === 'rejected') assert.match(String(r.reason.message), 'changed since read');
  assert.equal(readdirSync(dir).sort(), ['f', 'new']);
});

test('a directory that appeared at dest since planning is not written into', async () => {
  const { dir } = await withOld();
  mkdirSync(join(dir, 'd'));
  const e = await rejection(conn.put(join(dir, 'd'), 'x\n'));
  assert.match(e.message, /writing .*d failed/);
  assert.equal(readdirSync(join(dir, 'd')), []);
});

test.run();
