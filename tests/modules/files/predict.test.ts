// Check mode carries its predictions forward: what a planned change says the host will read (Change.predicts)
// is compared with what the host really reads once the change is applied, fact by fact; and a task planned
// in check mode against the predictions of an earlier one plans exactly what it plans after that one applied.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdirSync, writeFileSync } from 'node:fs';
import { HostFacts } from '../../../src/engine/execute/facts.js';
import type { AnyModule, Fact, Plan } from '../../../src/engine/module-api/module.js';
import { blockinfile } from '../../../src/modules/files/blockinfile.js';
import { copy } from '../../../src/modules/files/copy.js';
import { file } from '../../../src/modules/files/file.js';
import { contentFact, isDirectoryFact, statFact, type FileStat } from '../../../src/modules/files/file-state.js';
import { lineinfile } from '../../../src/modules/files/lineinfile.js';
import { withLocal, type LocalTester } from '../../helpers/local-tester.js';
import { describeChanges } from '../../helpers/module-tester.js';

/** Every read the file modules make of `path`, by key. */
function readsOf(path: string): Map<string, Fact<unknown>> {
  const facts: Fact<unknown>[] = [
    statFact(path),
    statFact(path, { follow: true }),
    statFact(path, { checksum: true }),
    statFact(path, { follow: true, checksum: true }),
    contentFact(path),
    isDirectoryFact(path),
  ];
  return new Map(facts.map((f) => [f.key, f]));
}

/** What a module compares of a stat; a new path's ids and inode are placeholders no module reads. */
function compared(st: FileStat, predicted: FileStat) {
  const { type, mode, size, sha256, realpath, owner, group } = st;
  return { type, mode, size: type === 'directory' ? 0 : size, sha256, realpath, ...(predicted.owner ? { owner, group } : {}) };
}

/** All that a plan's changes predict, merged in order (a later change's prediction wins). */
function predictionsOf(plan: Plan): Map<string, unknown> {
  return new Map(plan.changes.flatMap((c) => Object.entries(c.predicts ?? {})));
}

/** Converge `params`; then every read the check-mode plan predicted must be what the host reads now. */
async function predictedIsReal(h: LocalTester, module: AnyModule, params: Record<string, unknown>, paths: string[]): Promise<void> {
  const r = await h.converge(module, params);
  const predicted = predictionsOf(r.predicted);
  const reads = new Map(paths.flatMap((p) => [...readsOf(p)]));
  assert.equal([...predicted.keys()].sort(), [...reads.keys()].sort(), `${module.name}: every read of ${paths.join(', ')} is predicted`);
  const host = new HostFacts(h.conn);
  for (const [key, value] of predicted) {
    const [real] = await host.fetch(reads.get(key)!);
    if (Buffer.isBuffer(value) || value === null || typeof value === 'boolean') assert.equal(real, value, key);
    else assert.equal(compared(value as FileStat, value as FileStat), compared(real as FileStat, value as FileStat), key);
  }
}

test('file state=directory predicts the directory it creates, with its mode', () =>
  withLocal(async (h) => {
    const path = h.path('a', 'b');
    await predictedIsReal(h, file, { path, state: 'directory', mode: '0750' }, [path]);
  }));

test('file state=touch predicts an empty file with the umask mode', () =>
  withLocal(async (h) => {
    const path = h.path('empty');
    // Times preserved: a second touch changes nothing, as converge requires.
    await predictedIsReal(h, file, { path, state: 'touch', modification_time: 'preserve', access_time: 'preserve' }, [path]);
  }));

test('copy predicts a new file (mode asked) and a replaced one (mode kept)', () =>
  withLocal(async (h) => {
    const path = h.path('app.conf');
    await predictedIsReal(h, copy, { dest: path, content: 'listen = 8080\n', mode: '0640' }, [path]);
    await predictedIsReal(h, copy, { dest: path, content: 'listen = 9090\n' }, [path]);
  }));

test('copy into a new directory (dest ends with /) predicts the directory too', () =>
  withLocal(
    async (h) => {
      const dir = h.path('conf.d');
      await predictedIsReal(h, copy, { src: 'app.conf', dest: `${dir}/` }, [dir, `${dir}/app.conf`]);
    },
    { controllerFiles: { 'files/app.conf': 'listen = 8080\n' } },
  ));

test('lineinfile create and blockinfile predict the edited file', () =>
  withLocal(async (h) => {
    const path = h.path('new', 'f');
    await predictedIsReal(h, lineinfile, { path, line: 'x', create: true, mode: '0600' }, [path]);
    await predictedIsReal(h, blockinfile, { path, block: 'y = 1' }, [path]);
  }));

test('a chain planned in check mode over predictions plans what the same chain applies: dir -> file -> line', () =>
  withLocal(async (h) => {
    const dir = h.path('srv', 'app');
    const conf = `${dir}/app.conf`;
    const chain: [AnyModule, Record<string, unknown>][] = [
      [file, { path: dir, state: 'directory' }],
      [copy, { dest: conf, content: 'listen = 8080\n' }],
      [lineinfile, { path: conf, line: 'log = info', insertbefore: 'BOF' }],
      [blockinfile, { path: conf, block: 'max = 10' }],
    ];
    // Check mode: one host cache overlaid with what each planned change predicts, as the executor keeps it.
    const predicted = new Map<string, unknown>();
    const checked = [];
    for (const [mod, params] of chain) {
      h.facts = new HostFacts(h.conn, predicted);
      const plan = await h.plan(mod, params, true);
      checked.push(describeChanges(plan));
      for (const [k, v] of predictionsOf(plan)) predicted.set(k, v);
    }
    // Apply: each task planned against the host as the previous ones left it.
    h.facts = new HostFacts(h.conn);
    const applied = [];
    for (const [mod, params] of chain) applied.push(describeChanges((await h.run(mod, params)).plan));
    assert.equal(checked, applied);
    assert.ok(applied.every((c) => c.length > 0), 'every task of the chain changed something');
  }));

test('a predicted directory is only what was planned: a file beside it is still read from the host', () =>
  withLocal(async (h) => {
    mkdirSync(h.path('etc'));
    writeFileSync(h.path('etc', 'hosts'), '127.0.0.1 localhost\n');
    const predicted = new Map<string, unknown>(predictionsOf(await h.plan(file, { path: h.path('etc', 'app'), state: 'directory' }, true)));
    h.facts = new HostFacts(h.conn, predicted);
    const plan = await h.plan(lineinfile, { path: h.path('etc', 'hosts'), line: '10.0.0.1 app' }, true);
    assert.equal(plan.changes[0]!.diff!.before, '127.0.0.1 localhost\n');
  }));

test.run();
