// A task with nothing to do costs at most one round trip to its host (controller-only modules: none).
// Measured with conn.stats.execs on a fresh fact cache, as a new run would have.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { modules } from '../../src/modules/index.js';
import type { AnyModule } from '../../src/engine/module-api/module.js';
import { withLocal, type LocalTester } from '../helpers/local-tester.js';

type Row = [string, AnyModule, (h: LocalTester, port: number) => Record<string, unknown>, number];

const rows: Row[] = [
  ['file directory', modules.file, (h) => ({ path: h.path('d'), state: 'directory', mode: '0755' }), 1],
  ['file recurse', modules.file, (h) => ({ path: h.path('d'), state: 'directory', recurse: true, owner: 'root' }), 1],
  ['file link', modules.file, (h) => ({ path: h.path('l'), state: 'link', src: 'f' }), 1],
  ['copy content', modules.copy, (h) => ({ dest: h.path('f'), content: 'x\n' }), 1],
  ['copy src into a directory', modules.copy, (h) => ({ src: 'a', dest: h.path('d') }), 1],
  ['file_template', modules.file_template, (h) => ({ src: 't.hbs', dest: h.path('t') }), 1],
  ['lineinfile', modules.lineinfile, (h) => ({ path: h.path('f'), line: 'x', mode: '0644' }), 1],
  ['blockinfile', modules.blockinfile, (h) => ({ path: h.path('f'), state: 'absent' }), 1],
  ['json_file', modules.json_file, (h) => ({ path: h.path('j.json'), merge: { a: 1 } }), 1],
  ['command with creates', modules.command, (h) => ({ cmd: 'false', creates: h.path('f') }), 1],
  ['shell with removes', modules.shell, (h) => ({ cmd: 'false', removes: h.path('nothing*') }), 1],
  ['stat', modules.stat, (h) => ({ path: h.path('f') }), 1],
  ['wait_for', modules.wait_for, (_h, port) => ({ port, timeout: 5 }), 1],
  ['debug', modules.debug, () => ({ msg: 'hi' }), 0],
  ['assert', modules.assert, () => ({ that: '1 == 1' }), 0],
  ['set_fact', modules.set_fact, () => ({ a: 1 }), 0],
];

test('round trips of a no-op task, per module', () =>
  withLocal(
    async (h) => {
      mkdirSync(h.path('d'), { mode: 0o755 });
      writeFileSync(h.path('f'), 'x\n', { mode: 0o644 });
      writeFileSync(h.path('d', 'a'), 'A\n');
      writeFileSync(h.path('t'), 'T\n');
      writeFileSync(h.path('j.json'), '{"a": 1}');
      await h.apply(await h.plan(modules.file, { path: h.path('l'), state: 'link', src: 'f' }));
      const server = createServer((c) => c.destroy());
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
      const port = (server.address() as { port: number }).port;
      const measured: string[] = [];
      try {
        for (const [name, module, params, want] of rows) {
          h.facts.invalidate();
          const { value: plan, execs } = await h.countExecs(() => h.plan(module, params(h, port)));
          assert.equal(plan.changes.map((c) => c.summary), [], `${name} should be a no-op here`);
          assert.is(execs, want, `${name}: ${execs} round trips`);
          measured.push(`${name}: ${execs}`);
        }
      } finally {
        server.close();
      }
      if (process.env.RUNBOOK_SHOW_ROUNDTRIPS) console.log(measured.join('\n'));
    },
    { controllerFiles: { 'files/a': 'A\n', 'templates/t.hbs': 'T\n' } },
  ));

test.run();
