// The persistent shell (issue 14): one long-lived `sh` per host takes runbook's own commands, framed by
// random nonces. Run here against a real local `sh` (the same framing goes over an SSH channel in the lab).

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalTransport } from '../../src/engine/connection/local.js';
import { PRELUDE, PersistentShell, fitsHereDocument, shellCommand } from '../../src/engine/connection/persistent-shell.js';
import { ShellConnection } from '../../src/engine/connection/shell-connection.js';
import { ShellPool } from '../../src/engine/connection/shell-pool.js';
import type { Transport } from '../../src/engine/connection/types.js';
import { TimeoutError, InterruptedError } from '../../src/engine/errors.js';
import { argv } from '../../src/engine/quote.js';

/** A local transport that offers the persistent shell and counts the processes it spawned. */
function shellTransport(): Transport & { spawned: string[] } {
  const local = new LocalTransport('local');
  const spawned: string[] = [];
  return { host: 'local', persistentShell: true, spawned, spawn: (c) => (spawned.push(c), local.spawn(c)), close: () => local.close() };
}

/** The error `p` rejects with (fails when it resolves). */
async function rejection(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a rejection');
}

const startShell = () => PersistentShell.start(() => new LocalTransport().spawn('exec sh'), 'local');

test('output, stderr and exit status are framed exactly, with or without a final newline', async () => {
  const sh = await startShell();
  try {
    assert.equal(await sh.run({ script: "printf 'a\\nb'; printf 'e1\\ne2' >&2; exit 7" }), { code: 7, stdout: Buffer.from('a\nb'), stderr: 'e1\ne2' });
    assert.equal(await sh.run({ script: 'echo out; echo err >&2' }), { code: 0, stdout: Buffer.from('out\n'), stderr: 'err\n' });
    assert.equal(await sh.run({ script: ':' }), { code: 0, stdout: Buffer.alloc(0), stderr: '' });
    // Output that looks like an end marker, without the request's nonce, is just output.
    const fake = await sh.run({ script: "printf '\\n__RB_0123456789abcdef01234567 0\\n'; printf '\\n__RB_0123456789abcdef01234567\\n' >&2; echo after" });
    assert.is(fake.stdout.toString(), '\n__RB_0123456789abcdef01234567 0\nafter\n');
  } finally {
    sh.close();
  }
});

test('a command cannot change the shell: exit, cd, variables, set -e, traps and syntax errors end with it', async () => {
  const sh = await startShell();
  try {
    assert.is((await sh.run({ script: 'cd /; x=1; set -e; trap "echo trapped" EXIT; exit 3' })).code, 3);
    const after = await sh.run({ script: 'echo "$(pwd) x=${x-unset}"; false; echo "still here $-"' });
    // Still where it started (not /), x unset, no -e (false did not end it), the trap gone with its subshell.
    assert.match(after.stdout.toString(), new RegExp(`^${process.cwd()} x=unset\nstill here [^e]*\n$`));
    assert.not.match(after.stdout.toString(), /trapped/);
    assert.is((await sh.run({ script: "echo 'unclosed" })).code, 2);
    assert.is((await sh.run({ script: 'echo alive' })).stdout.toString(), 'alive\n');
  } finally {
    sh.close();
  }
});

test('stdin arrives byte for byte through a here-document; what cannot goes to a channel of its own', async () => {
  const sh = await startShell();
  try {
    const bytes = Buffer.from([...Array.from({ length: 255 }, (_, i) => i + 1).filter((b) => b !== 10), 10, 92, 39, 36, 96, 10]);
    assert.ok(fitsHereDocument(bytes));
    const r = await sh.run({ script: 'IFS= read -r first; printf "%s|" "$first"; cat', stdin: Buffer.concat([Buffer.from('nonce\n'), bytes]) });
    assert.equal(r.stdout, Buffer.concat([Buffer.from('nonce|'), bytes]));
    assert.not.ok(fitsHereDocument(Buffer.from('no final newline')));
    assert.not.ok(fitsHereDocument(Buffer.from('a\0b\n')));
    assert.not.ok(fitsHereDocument(Buffer.alloc(2 * 1024 * 1024, 10)));
  } finally {
    sh.close();
  }
});

test('`sh -c SCRIPT NAME ARGS` alone runs as a subshell with its own arguments and exit; inside a script, as sh', async () => {
  const sh = await startShell();
  try {
    const words = argv(['sh', '-c', 'printf "%s;" "$#" "$@"; exit 4', 'name', "it's", 'two words', '']);
    assert.match(shellCommand(words, undefined, 'N').toString(), /^\{ __rb_sh /);
    assert.equal(await sh.run({ script: words }), { code: 4, stdout: Buffer.from("3;it's;two words;;"), stderr: '' });
    // Inside a longer script it is a real sh: its own $0 (a user's validate command may read it), options.
    const inside = await sh.run({ script: `set -e\n${argv(['sh', '-c', 'false; echo "went on $0 $1"', 'zero', 'one'])}\necho "after $?"` });
    assert.is(inside.stdout.toString(), 'went on zero one\nafter 0\n');
  } finally {
    sh.close();
  }
});

test('reads carried by a command run after it, inline, with its options and umask undone; not when it exits', async () => {
  const conn = new ShellConnection(shellTransport());
  try {
    let taken: { stdout: Buffer; stderr: string; code: number } | undefined;
    const then = { script: 'umask; echo "set:$-"; false; echo read', marker: 'MARK', take: (o: typeof taken) => (taken = o) };
    const before = (await conn.exec('umask')).stdout;
    const line = argv(['sh', '-c', 'set -e; umask 077; echo "args:$#:$1"; echo oops >&2', 'name', 'one two']);
    const r = await conn.exec(line, { then });
    assert.equal(r, { code: 0, stdout: 'args:1:one two\n', stderr: 'oops\n' });
    assert.is(taken!.stdout.toString(), `${before}set:${(await conn.exec('echo "$-"')).stdout.trim()}\nread\n`);
    taken = undefined;
    const failed = await conn.exec(argv(['sh', '-c', 'echo partial; exit 3']), { then });
    assert.equal([failed.code, failed.stdout, taken], [3, 'partial\n', undefined]);
  } finally {
    await conn.close();
  }
});

test('a request cut short (runbook killed mid-write) runs nothing: not its first words, not a short stdin', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rb-pshell-'));
  const touch = argv(['sh', '-c', 'for f do : > "$f"; done', 'name', join(dir, 'a'), join(dir, 'b')]);
  const withStdin = shellCommand(`cat > ${join(dir, 'c')}`, Buffer.from('line 1\nline 2\n'), '__RB_n');
  for (const cut of [shellCommand(touch, undefined, '__RB_n').toString().replace(/ \S+b'?\s.*$/s, ' '), withStdin.subarray(0, withStdin.indexOf('line 2'))]) {
    const proc = await new LocalTransport().spawn('exec sh');
    proc.stdout.resume();
    proc.stderr.resume();
    proc.stdin.end(Buffer.concat([Buffer.from(PRELUDE), Buffer.from(cut)]));
    await proc.exit;
  }
  assert.equal(readdirSync(dir), []);
});

test('a large output arrives whole', async () => {
  const sh = await startShell();
  try {
    const r = await sh.run({ script: 'i=0; while [ $i -lt 3000 ]; do printf "%01000d\\n" $i; i=$((i+1)); done' });
    assert.is(r.stdout.length, 3000 * 1001);
    assert.is(r.stdout.subarray(-1001).toString(), `${'0'.repeat(996)}2999\n`);
  } finally {
    sh.close();
  }
});

test('a timeout or an interrupt ends the shell (and the command); the pool starts a new one next time', async () => {
  const t = shellTransport();
  const pool = new ShellPool(t);
  try {
    const slow = pool.tryRun(undefined, { script: 'sleep 5', timeout: 200 });
    assert.instance(await rejection(slow), TimeoutError);
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 100);
    // The killed shell is dropped: this one goes to a channel (undefined) and the next starts a new shell.
    assert.is(await pool.tryRun(undefined, { script: 'echo x' }), undefined);
    assert.instance(await rejection(pool.tryRun(undefined, { script: 'sleep 5', signal: ac.signal })), InterruptedError);
    assert.is(await pool.tryRun(undefined, { script: 'echo x' }), undefined);
    assert.is((await pool.tryRun(undefined, { script: 'echo back' }))!.stdout.toString(), 'back\n');
    assert.is(t.spawned.length, 3);
  } finally {
    await pool.close();
  }
});

test('a busy shell or a password prompt sends the command to a channel of its own', async () => {
  const t = shellTransport();
  const pool = new ShellPool(t);
  try {
    const first = pool.tryRun(undefined, { script: 'sleep 0.3; echo first' });
    await new Promise((r) => setTimeout(r, 50));
    assert.is(await pool.tryRun(undefined, { script: 'echo second' }), undefined);
    assert.is((await first)!.stdout.toString(), 'first\n');
    assert.is(await pool.tryRun({ password: 'secret' }, { script: 'echo x' }), undefined);
    // One shell per become user, two at most: each holds a channel for the whole run. (No such user: sudo
    // fails, that user's commands get channels; the attempt still counts.)
    assert.is(await pool.tryRun({ user: 'runbook-no-such-user-1' }, { script: 'echo x' }), undefined);
    assert.is(await pool.tryRun({ user: 'runbook-no-such-user-2' }, { script: 'echo x' }), undefined);
    assert.is(t.spawned.length, 2); // the plain shell and user 1's; none tried for user 2
  } finally {
    await pool.close();
  }
});

test('ShellConnection: exec, put, get and carried reads go through one shell; user programs and binary stdin do not', async () => {
  const t = shellTransport();
  const conn = new ShellConnection(t);
  const dir = mkdtempSync(join(tmpdir(), 'rb-pshell-'));
  try {
    const env = await conn.exec('echo "$RB_X"; pwd', { env: { RB_X: "a 'b'" }, cwd: dir });
    assert.is(env.stdout, `a 'b'\n${dir}\n`);
    let carried: string | undefined;
    await conn.put(join(dir, 'f.txt'), 'text\n', { mode: '0640', then: { script: `cat ${join(dir, 'f.txt')}`, marker: 'M', take: (o) => (carried = o.stdout.toString()) } });
    assert.is(carried, 'text\n');
    assert.is(readFileSync(join(dir, 'f.txt'), 'utf8'), 'text\n');
    await conn.put(join(dir, 'bin'), Buffer.from([0, 1, 2, 255]));
    assert.equal(await conn.get(join(dir, 'bin')), Buffer.from([0, 1, 2, 255]));
    await conn.exec('true', { ownChannel: true });
    assert.is(conn.stats.execs, 5);
    // One shell, plus a channel for the binary write and one for the program of the user's.
    assert.is(t.spawned.length, 3);
    assert.is(conn.stats.shellRuns, 3);
  } finally {
    await conn.close();
  }
});

test.run();
