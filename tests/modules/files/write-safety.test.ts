// The pieces of a safe file write, tested against a real directory with sh: backups that never write through
// a planted link, the removal of a link being
// replaced, the size limit of the in-place editors, and a byte order mark kept as text.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, lstatSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ModuleFailure } from '../../../src/engine/errors.js';
import { backupCommand, parseBackupName } from '../../../src/modules/files/backup.js';
import { decodeText } from '../../../src/modules/files/diff-text.js';
import { contentFact } from '../../../src/modules/files/file-state.js';
import { beforePutCommand } from '../../../src/modules/files/write-file.js';

const sh = (command: string) => spawnSync('sh', ['-c', command], { encoding: 'utf8' });

function withDir(fn: (dir: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'runbook-write-safety-'));
  try {
    fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The backup names the command can choose in the next seconds (its name has the host's time in seconds). */
function namesAround(path: string, tag: string): string[] {
  // Every second from one instant: asking `date` for "now + s" 23 times let the instants drift apart under
  // load (each call later than the last), which skipped a second now and then and let the backup miss a link.
  const now = Math.floor(Date.now() / 1000);
  const seconds = Array.from({ length: 33 }, (_, i) => String(now - 2 + i));
  const stamps = execFileSync('sh', ['-c', 'for s in "$@"; do date -d "@$s" +%Y-%m-%d@%H:%M:%S; done', 'sh', ...seconds]).toString().trim().split('\n');
  return stamps.map((stamp) => `${path}.${tag}.${stamp}~`);
}

test('a backup keeps the content and mode under a name with random bytes; two backups never share a name', () =>
  withDir((dir) => {
    const f = join(dir, 'conf');
    writeFileSync(f, 'old\n', { mode: 0o640 });
    chmodSync(f, 0o640);
    const a = parseBackupName(sh(backupCommand(f)).stdout)!;
    const b = parseBackupName(sh(backupCommand(f)).stdout)!;
    assert.match(a, /\/conf\.[0-9a-f]{8}\.\d{4}-\d\d-\d\d@\d\d:\d\d:\d\d~$/);
    assert.is.not(a, b);
    assert.is(readFileSync(a, 'utf8'), 'old\n');
    assert.is(statSync(a).mode & 0o7777, 0o640);
    // No temp file is left behind.
    assert.equal(readdirSync(dir).filter((n) => n.startsWith('.')), []);
  }));

test('a link planted at the backup name is never written through: the backup fails, the target is untouched', () =>
  withDir((dir) => {
    const f = join(dir, 'conf');
    const victim = join(dir, 'victim');
    writeFileSync(f, 'old\n');
    writeFileSync(victim, 'precious\n');
    // Even knowing the random part, the attacker's links (for every second the command may run in) win nothing.
    for (const name of namesAround(f, 'cafef00d')) symlinkSync(victim, name);
    const r = sh(backupCommand(f, 'cafef00d'));
    assert.is.not(r.status, 0);
    assert.is(readFileSync(victim, 'utf8'), 'precious\n');
    assert.equal(readdirSync(dir).filter((n) => n.startsWith('.')), []);
  }));

test('a link being replaced is removed only while it is still a link; the backup goes first', () =>
  withDir((dir) => {
    const link = join(dir, 'dest');
    const victim = join(dir, 'victim');
    writeFileSync(victim, 'secret\n', { mode: 0o600 });
    symlinkSync(victim, link);
    const r = sh(beforePutCommand({ path: link, st: null, replaceLink: true, backup: true }, 'abcd0123')!);
    assert.is(r.status, 0, r.stderr);
    assert.throws(() => lstatSync(link));
    assert.is(readFileSync(victim, 'utf8'), 'secret\n');
    assert.is(readFileSync(parseBackupName(r.stdout)!, 'utf8'), 'secret\n');
    writeFileSync(link, 'a file now\n');
    assert.is(sh(beforePutCommand({ path: link, st: null, replaceLink: true })!).status, 0);
    assert.is(readFileSync(link, 'utf8'), 'a file now\n');
    assert.is(beforePutCommand({ path: link, st: null }), undefined);
  }));

test('the editors refuse a file above the size limit on the host, before reading it', () =>
  withDir((dir) => {
    const f = join(dir, 'big');
    writeFileSync(f, 'x'.repeat(1001));
    const fact = contentFact(f, 1000);
    const r = sh(fact.command);
    try {
      fact.parse(r.stdout, r.status!, r.stderr);
      assert.unreachable('a file over the limit was read');
    } catch (e) {
      assert.instance(e, ModuleFailure);
      assert.match((e as ModuleFailure).message, `${f} is 1001 bytes, larger than the 1000 bytes`);
      assert.ok((e as ModuleFailure).hint);
    }
    assert.is(r.stdout.trim(), '1001', 'nothing but the size came back');
    writeFileSync(f, 'x'.repeat(1000));
    const ok = sh(fact.command);
    assert.is(fact.parse(ok.stdout, ok.status!, ok.stderr)!.length, 1000);
  }));

test('a UTF-8 byte order mark is kept as the first character of the text', () => {
  assert.is(decodeText(Buffer.from('\ufeffkey=1\n')), '\ufeffkey=1\n');
  assert.is(Buffer.from(decodeText(Buffer.from([0xef, 0xbb, 0xbf, 0x61]))!)[0], 0xef);
});

test.run();
