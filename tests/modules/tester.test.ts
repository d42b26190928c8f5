// The module tester itself: converge must fail a module that breaks the rules (so every module test that
// passes through it could have failed), and the recorded host must read and write as a real one does.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { defineModule, type Fact } from '../../src/engine/module-api/index.js';
import { quote } from '../../src/engine/quote.js';
import { withLocal } from '../helpers/local-tester.js';
import { rejection } from '../helpers/errors.js';
import { recordedHost } from '../helpers/recorded-tester.js';

/** A file holding `value`: written with one command, read with one fact. `lie` breaks one rule on purpose. */
function fileModule(lie: 'none' | 'check' | 'always' | 'noreason') {
  return defineModule({
    name: 'test_file',
    summary: 'test',
    params: {
      type: 'object',
      additionalProperties: false,
      properties: { path: { type: 'string', description: 'file' }, value: { type: 'string', description: 'content' } },
      required: ['path', 'value'],
    },
    async plan(ctx, p) {
      const fact: Fact<string> = { key: `cat:${p.path}`, command: `cat ${quote(p.path)} 2>/dev/null; true`, parse: (out) => out };
      const [now] = await ctx.facts(fact);
      const differs = now !== p.value || lie === 'always';
      if (!differs) return { changes: [], reason: lie === 'noreason' ? '' : 'same' };
      const summary = lie === 'check' && ctx.check ? 'something else' : `write ${p.path}`;
      return { changes: [{ summary, run: `printf %s ${quote(p.value)} > ${quote(p.path)}` }] };
    },
  });
}

test('converge passes a module that keeps the rules, and fails each broken rule', () =>
  withLocal(async (h) => {
    const c = await h.converge(fileModule('none'), { path: h.path('a'), value: 'x' });
    assert.equal(c.first.changes.map((x) => x.summary), [`write ${h.path('a')}`]);
    assert.is(c.noopExecs, 1);
    const nothing = await rejection(h.converge(fileModule('none'), { path: h.path('a'), value: 'x' }));
    assert.match(nothing.message, 'the first run should change something');
    const mispredicted = await rejection(h.converge(fileModule('check'), { path: h.path('b'), value: 'x' }));
    assert.match(mispredicted.message, 'check mode must predict exactly what apply does');
    const again = await rejection(h.converge(fileModule('always'), { path: h.path('c'), value: 'x' }));
    assert.match(again.message, 'the second run must change nothing');
    const silent = await rejection(h.converge(fileModule('noreason'), { path: h.path('d'), value: 'x' }));
    assert.match(silent.message, 'a no-op must say why');
    const costly = await rejection(h.converge(fileModule('none'), { path: h.path('e'), value: 'x' }, { noopRoundTrips: 0 }));
    assert.match(costly.message, 'a no-op must cost at most 0 round trip(s), took 1');
    assert.match((await rejection(h.plan(fileModule('none'), { path: 'x' }))).message, 'invalid params for test_file');
  }));

test('recorded host: facts answered through the real batch, commands and puts kept, unmatched ones refused when asked', async () => {
  const h = recordedHost({ facts: [['/etc/a', { stdout: 'old' }], ['/etc/b', { stdout: '', code: 1, stderr: 'no' }]] });
  const [a, b] = await h.facts.fetch(
    { key: 'a', command: 'cat /etc/a', parse: (out: string) => out },
    { key: 'b', command: 'cat /etc/b', parse: (out: string, code: number, err: string) => `${code} ${err}` },
  );
  assert.equal([a, b], ['old', '1 no']);
  assert.equal(h.factCalls, [['cat /etc/a', 'cat /etc/b']]);
  await h.conn.put('/etc/x', 'data\n');
  await h.conn.exec('systemctl restart web');
  assert.equal(h.commands, ['put /etc/x "data\\n"', 'systemctl restart web']);
  assert.is(h.conn.stats.execs, 3);
  assert.match((await rejection(h.facts.fetch({ key: 'c', command: 'cat /etc/c', parse: (o: string) => o }))).message, 'no recorded output for the fact cat /etc/c');
  const strict = recordedHost({ unmatched: 'refuse' });
  assert.match((await rejection(strict.conn.exec('rm -rf /'))).message, 'planning tried to run rm -rf /');
});

test.run();
