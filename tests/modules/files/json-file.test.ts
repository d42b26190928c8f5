import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { editJson } from '../../../src/modules/files/json-file-plan.js';
import { jsonFile } from '../../../src/modules/files/json-file.js';
import { withLocal } from '../../helpers/local-tester.js';
import { failure } from '../../helpers/module-tester.js';

// Pure planning: current JSON + merge/remove in → result and the keys that differ out.
const cases = [
  { name: 'objects merge key by key', current: { a: { x: 1, y: 2 } }, merge: { a: { y: 3 } }, remove: [], result: { a: { x: 1, y: 3 } }, changed: ['a.y'] },
  { name: 'arrays are replaced whole', current: { m: ['a', 'b'] }, merge: { m: ['c'] }, remove: [], result: { m: ['c'] }, changed: ['m'] },
  { name: 'a scalar replaces an object', current: { a: { x: 1 } }, merge: { a: 1 }, remove: [], result: { a: 1 }, changed: ['a'] },
  { name: 'equal values: nothing differs', current: { dns: ['1.1.1.1'], b: 1 }, merge: { dns: ['1.1.1.1'] }, remove: [], result: { dns: ['1.1.1.1'], b: 1 }, changed: [] },
  { name: 'dotted remove', current: { log: { max: 1, keep: 2 } }, merge: {}, remove: ['log.max'], result: { log: { keep: 2 } }, changed: ['log.max'] },
  { name: 'segment-list remove for keys with dots', current: { 'a.b': 1, a: { b: 2 } }, merge: {}, remove: [['a.b']], result: { a: { b: 2 } }, changed: ['a.b'] },
  { name: 'removing a missing key changes nothing', current: { a: 1 }, merge: {}, remove: ['zz', 'a.b'], result: { a: 1 }, changed: [] },
  { name: '__proto__ is an ordinary key', current: {}, merge: JSON.parse('{"__proto__": {"x": 1}}'), remove: [], result: JSON.parse('{"__proto__": {"x": 1}}'), changed: ['__proto__'] },
];

for (const c of cases) {
  test(`json merge: ${c.name}`, () => {
    const r = editJson(c.current as never, c.merge as never, c.remove as never);
    assert.equal(r.result, c.result);
    assert.equal(r.changedKeys, c.changed);
    assert.is(({} as Record<string, unknown>).x, undefined, 'no prototype pollution');
  });
}

test('daemon.json: merges dns and mirrors, keeps every other key', () =>
  withLocal(async (h) => {
    const path = h.path('daemon.json');
    writeFileSync(path, '{"log-driver": "journald", "dns": ["8.8.8.8"]}');
    const r = await h.converge(jsonFile, { path, merge: { dns: ['192.168.33.1'], 'registry-mirrors': ['https://m.example'] } });
    assert.equal(r.first.changes.map((c) => c.summary), [`${path}: update dns, registry-mirrors`]);
    assert.equal(JSON.parse(readFileSync(path, 'utf8')), { 'log-driver': 'journald', dns: ['192.168.33.1'], 'registry-mirrors': ['https://m.example'] });
    assert.is(readFileSync(path, 'utf8').split('\n')[1], '  "log-driver": "journald",');
  }));

test('a file that only differs in formatting is not changed', () =>
  withLocal(async (h) => {
    const path = h.path('d.json');
    writeFileSync(path, '{"b":1,\n"a":  [1,2]}');
    const plan = await h.plan(jsonFile, { path, merge: { a: [1, 2] } });
    assert.equal(plan.changes, []);
    assert.is(plan.reason, `${path} already has every key as asked`);
  }));

test('a missing file is created (create defaults to true); with create false it fails', () =>
  withLocal(async (h) => {
    const path = h.path('etc', 'docker', 'daemon.json');
    assert.match((await failure(() => h.plan(jsonFile, { path, merge: { a: 1 }, create: false }))).message, 'does not exist');
    await h.converge(jsonFile, { path, merge: { a: 1 }, indent: 0, mode: '0600' });
    assert.is(readFileSync(path, 'utf8'), '{"a":1}\n');
  }));

test('invalid JSON or a non-object top level fails and is left untouched', () =>
  withLocal(async (h) => {
    writeFileSync(h.path('bad.json'), '{"a": ');
    assert.match((await failure(() => h.plan(jsonFile, { path: h.path('bad.json'), merge: { a: 1 } }))).message, `${h.path('bad.json')} is not valid JSON`);
    writeFileSync(h.path('list.json'), '[1]');
    assert.match((await failure(() => h.plan(jsonFile, { path: h.path('list.json'), merge: { a: 1 } }))).message, 'top level is not an object');
    assert.is(readFileSync(h.path('bad.json'), 'utf8'), '{"a": ');
  }));

test.run();
