import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { localConnection } from '../../src/engine/connection/local.js';
import { HostFacts, splitOutputs } from '../../src/engine/execute/facts.js';
import { cmd } from '../../src/engine/quote.js';
import type { Fact } from '../../src/engine/module-api/module.js';

const raw = (key: string, command: string): Fact<{ out: string; code: number; err: string }> => ({
  key,
  command,
  parse: (out, code, err) => ({ out, code, err }),
});

function setup() {
  const conn = localConnection();
  const commands: string[] = [];
  const exec = conn.execBuffer.bind(conn);
  conn.execBuffer = (command, opts) => {
    commands.push(command);
    return exec(command, opts);
  };
  return { conn, facts: new HostFacts(conn), commands };
}

test('N facts are fetched in exactly one exec, each with its own stdout, exit code and stderr', async () => {
  const { conn, facts } = setup();
  const [a, b, c] = await facts.fetch(
    raw('a', `printf 'one\\ntwo\\n'`),
    raw('b', `printf 'oops' >&2; exit 7`),
    raw('c', `printf 'no trailing newline'`),
  );
  assert.is(conn.stats.execs, 1);
  assert.equal(a, { out: 'one\ntwo\n', code: 0, err: '' });
  assert.equal(b, { out: '', code: 7, err: 'oops' });
  assert.equal(c, { out: 'no trailing newline', code: 0, err: '' });
});

test('output is kept byte for byte: empty, blank lines, trailing newlines', async () => {
  const { facts } = setup();
  const [e, n, nn] = await facts.fetch(raw('e', 'true'), raw('n', `printf '\\n'`), raw('nn', `printf 'x\\n\\n\\n'`));
  assert.is(e.out, '');
  assert.is(n.out, '\n');
  assert.is(nn.out, 'x\n\n\n');
});

test('cached facts are not fetched again; only the missing ones are, still in one exec', async () => {
  const { conn, facts, commands } = setup();
  await facts.fetch(raw('a', 'echo a'), raw('b', 'echo b'));
  assert.is(conn.stats.execs, 1);
  const [a] = await facts.fetch(raw('a', 'echo CHANGED'));
  assert.is(conn.stats.execs, 1, 'a cached fact costs no round trip');
  assert.is(a.out, 'a\n');
  await facts.fetch(raw('a', 'echo a'), raw('c', 'echo c'), raw('b', 'echo b'));
  assert.is(conn.stats.execs, 2);
  assert.ok(commands[1]!.includes('echo c') && !commands[1]!.includes('echo a'), 'only the uncached fact is run');
});

test('the same key asked twice in one call, or concurrently, runs once', async () => {
  const { conn, facts } = setup();
  const [[x, y], [z]] = await Promise.all([facts.fetch(raw('k', 'echo 1'), raw('k', 'echo 1')), facts.fetch(raw('k', 'echo 1'))]);
  assert.is(conn.stats.execs, 1);
  assert.is(x.out, '1\n');
  assert.is(y, x);
  assert.is(z, x);
});

test('invalidate forgets everything: the next fetch reads the host again', async () => {
  const { conn, facts } = setup();
  const dir = mkdtempSync(join(tmpdir(), 'runbook-facts-'));
  try {
    const file = join(dir, 'f');
    writeFileSync(file, 'before');
    const read = raw(`cat:${file}`, cmd`cat -- ${file}`);
    assert.is((await facts.fetch(read))[0].out, 'before');
    writeFileSync(file, 'after');
    assert.is((await facts.fetch(read))[0].out, 'before', 'still cached');
    facts.invalidate();
    assert.is((await facts.fetch(read))[0].out, 'after');
    assert.is(conn.stats.execs, 2);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('markers cannot be spoofed by file content, even content holding a previous call\'s marker', async () => {
  const { facts, commands } = setup();
  const dir = mkdtempSync(join(tmpdir(), 'runbook-facts-'));
  try {
    await facts.fetch(raw('probe', 'true'));
    const previous = /RUNBOOK-FACT-[0-9a-f]{32}/.exec(commands[0]!)![0];
    const file = join(dir, 'evil');
    const evil = `x\n${previous} 0 0\n${previous} 1 0\n\nRUNBOOK-FACT-0 1 0\n`;
    writeFileSync(file, evil);
    facts.invalidate();
    const [content, after] = await facts.fetch(raw('evil', cmd`cat -- ${file}`), raw('after', 'echo fine'));
    assert.is(content.out, evil);
    assert.is(after.out, 'fine\n');
    assert.is.not(/RUNBOOK-FACT-[0-9a-f]{32}/.exec(commands[1]!)![0], previous, 'a new marker per call');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a fact that exits, or reads stdin, cannot disturb the facts after it', async () => {
  const { facts } = setup();
  const [a, b, c] = await facts.fetch(raw('a', 'exit 3'), raw('b', 'cat; echo read-nothing'), raw('c', 'echo c # a trailing comment'));
  assert.is(a.code, 3);
  assert.is(b.out, 'read-nothing\n');
  assert.is(c.out, 'c\n');
});

test('facts work over a connection that adds a task environment (env K=V prefix)', async () => {
  const conn = localConnection().derive({ env: { RB_FACT_ENV: 'seen' } });
  const [a, b] = await new HostFacts(conn).fetch(raw('a', 'printf %s "$RB_FACT_ENV"'), raw('b', 'echo b'));
  assert.is(a.out, 'seen');
  assert.is(b.out, 'b\n');
  assert.is(conn.stats.execs, 1);
});

test('a parse error rejects the fetch and is not cached', async () => {
  const { conn, facts } = setup();
  let fail = true;
  const flaky: Fact<string> = {
    key: 'flaky',
    command: 'echo x',
    parse: (out) => {
      if (fail) throw new Error('bad output');
      return out;
    },
  };
  await facts.fetch(flaky).then(
    () => assert.unreachable('should reject'),
    (e: Error) => assert.match(e.message, 'bad output'),
  );
  fail = false;
  assert.equal(await facts.fetch(flaky), ['x\n']);
  assert.is(conn.stats.execs, 2);
});

test('a batch cut short (connection lost, script killed) is an error naming the missing fact', () => {
  assert.throws(() => splitOutputs('out\nM 0 0\npartial', '', 'M', 2, 137), /stopped before fact 2 of 2 \(exit code 137\)/);
});

test('stderr is split even when become trimmed its leading newline', () => {
  const outs = splitOutputs('a\nM 0 0\nb\nM 1 0\n', 'M 0\nerr\nM 1\n', 'M', 2, 0);
  assert.equal(outs.map((o) => o.stderr), ['', 'err']);
});

test.run();
