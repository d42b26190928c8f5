// The builtin fact batch (execute/fact-script.ts) must answer every file fact exactly as the fact's own
// command does — on this machine's real shell and tools, over every kind of path — while running one `stat`
// and one `sha256sum` for the whole batch and no `base64`, `wc` or `readlink` for plain files.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalTransport } from '../../src/engine/connection/local.js';
import { ShellConnection } from '../../src/engine/connection/shell-connection.js';
import { HostFacts } from '../../src/engine/execute/facts.js';
import { SMALL_TEXT_BYTES } from '../../src/engine/execute/fact-script.js';
import type { Fact } from '../../src/engine/module-api/module.js';
import { contentFact, globExistsFact, isDirectoryFact, statFact } from '../../src/modules/files/file-state.js';

const root = mkdtempSync(join(tmpdir(), 'runbook-fact-script-'));
const d = (name: string) => join(root, name);

function tree(): string[] {
  mkdirSync(d('dir'));
  mkdirSync(d('real'));
  writeFileSync(d('text'), 'line one\n  indented \\ back\\slash\n\ttab\r\nlast without newline');
  writeFileSync(d('empty'), '');
  writeFileSync(d('newlines'), '\n\n\n');
  writeFileSync(d('nul'), Buffer.from([0x61, 0x00, 0x62, 0x0a]));
  writeFileSync(d('latin1'), Buffer.from([0xe9, 0x74, 0xe9, 0x0a, 0xff, 0xfe]));
  writeFileSync(d('utf8'), 'héllo — ✓\n');
  writeFileSync(d('big'), 'x'.repeat(SMALL_TEXT_BYTES + 10));
  writeFileSync(d("we ird\nname 'q' $x \\ *"), 'odd name\n');
  writeFileSync(d('real/inner'), 'behind a linked directory\n');
  writeFileSync(d('mode'), 'm');
  chmodSync(d('mode'), 0o4751);
  symlinkSync(d('text'), d('link'));
  symlinkSync(d('missing'), d('dangling'));
  symlinkSync(d('real'), d('linkdir'));
  return [
    'dir', 'real', 'text', 'empty', 'newlines', 'nul', 'latin1', 'utf8', 'big', "we ird\nname 'q' $x \\ *", 'mode', 'link',
    'dangling', 'linkdir', 'linkdir/inner', 'missing', 'text/under-a-file',
  ].map(d);
}

function factsFor(paths: string[]): Fact<unknown>[] {
  const facts: Fact<unknown>[] = [];
  for (const p of paths) {
    facts.push(statFact(p), statFact(p, { follow: true }), statFact(p, { checksum: true }), statFact(p, { follow: true, checksum: true }));
    facts.push(contentFact(p), contentFact(p, 5), isDirectoryFact(p));
  }
  facts.push(globExistsFact(`${root}/*.nothing`), globExistsFact(`${root}/t*`), globExistsFact(`${root}/we ird*`), globExistsFact('relative*', root));
  facts.push(statFact('relative/path'), isDirectoryFact('relative'), contentFact(`${root}/../${root.split('/').pop()}/text`));
  return facts;
}

/** The fact with its value shown comparably, or its error's message (a read that fails must fail the same way). */
function shown(f: Fact<unknown>): Fact<unknown> {
  return {
    ...f,
    parse(out, code, err) {
      try {
        const v = f.parse(out, code, err);
        return Buffer.isBuffer(v) ? `bytes ${v.toString('hex')}` : v;
      } catch (e) {
        return `error ${(e as Error).message}`;
      }
    },
  };
}

/** Each fact fetched on its own (one batch each), or all in one batch. */
async function answers(conn: ShellConnection, facts: Fact<unknown>[], together = false): Promise<unknown[]> {
  if (together) return new HostFacts(conn).fetch(...facts.map(shown));
  return Promise.all(facts.map((f) => new HostFacts(conn).fetch(shown(f)).then(([v]) => v)));
}

/** A PATH whose stat, sha256sum, base64, wc and readlink log each call, then run the real tool. */
function loggingPath(log: string): string {
  const bin = mkdtempSync(join(root, '.bin-'));
  for (const tool of ['stat', 'sha256sum', 'base64', 'wc', 'readlink']) {
    const real = ['/usr/bin', '/bin'].map((dir) => `${dir}/${tool}`).find((p) => {
      try {
        return readFileSync(p).length > 0;
      } catch {
        return false;
      }
    });
    writeFileSync(join(bin, tool), `#!/bin/sh\necho ${tool} >> '${log}'\nexec ${real} "$@"\n`, { mode: 0o755 });
  }
  return `${bin}:/usr/bin:/bin`;
}

test('every file fact is answered by the builtin batch exactly as by its own command', async () => {
  const facts = factsFor(tree());
  const plain = new ShellConnection(Object.assign(new LocalTransport(), { plainFacts: true }));
  const fast = new ShellConnection(new LocalTransport());
  const want = await answers(plain, facts);
  const got = await answers(fast, facts);
  facts.forEach((f, i) => assert.equal(got[i], want[i], f.key));
  // Together, in one batch, too (shared paths, one stat for all).
  const together = await answers(fast, facts, true);
  facts.forEach((f, i) => assert.equal(together[i], want[i], `${f.key} in one batch`));
});

test('a batch over plain files runs one stat and one sha256sum, and no base64, wc or readlink', async () => {
  const log = d('calls.log');
  writeFileSync(log, '');
  const conn = new ShellConnection(new LocalTransport()).derive({ env: { PATH: loggingPath(log) } });
  const paths = ['text', 'empty', 'utf8', 'dir', 'missing'].map(d);
  const facts = paths.flatMap((p) => [statFact(p, { follow: true, checksum: true }), statFact(p), contentFact(p)]);
  const values = await new HostFacts(conn).fetch(...facts);
  assert.is(conn.stats.execs, 1);
  assert.equal((values[2] as Buffer).toString('utf8'), readFileSync(d('text'), 'utf8'));
  assert.equal(readFileSync(log, 'utf8').split('\n').filter(Boolean).sort(), ['sha256sum', 'stat']);
});

test('is-a-directory reads (a write\'s parent) start no process at all', async () => {
  const log = d('calls-isdir.log');
  writeFileSync(log, '');
  const conn = new ShellConnection(new LocalTransport()).derive({ env: { PATH: loggingPath(log) } });
  const paths = ['dir', 'linkdir', 'text', 'dangling', 'missing'].map(d);
  const values = await new HostFacts(conn).fetch(...paths.map((p) => isDirectoryFact(p)), statFact(d('missing')));
  assert.equal(values, [true, true, false, false, false, null]);
  assert.is(conn.stats.execs, 1);
  assert.equal(readFileSync(log, 'utf8'), '');
});

test.after(() => rmSync(root, { recursive: true, force: true }));

test.run();
