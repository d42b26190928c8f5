// --tags / --skip-tags selection with Ansible's semantics (ansible-core Taggable.evaluate_tags), as a table.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { isSelected, parseTagList, selectTasks } from '../../src/engine/compile/select.js';
import type { TaskNode } from '../../src/engine/compile/types.js';
import { debug } from '../../src/modules/controller/debug.js';

const loc = { file: 'p.yaml', line: 1, col: 1 };

// [task tags, --tags, --skip-tags, runs?]
const table: [string[], string[], string[], boolean][] = [
  [[], [], [], true],
  [['dns'], [], [], true],
  [['never'], [], [], false],
  [['never', 'debug'], [], [], false],
  [['never', 'debug'], ['debug'], [], true],
  [['never'], ['never'], [], true],
  [['never', 'debug'], ['all'], [], false],
  [['always'], ['dns'], [], true],
  [['always'], ['dns'], ['always'], false],
  [['always', 'dns'], [], ['dns'], false],
  [['always'], [], ['all'], true],
  [['always'], [], ['all', 'always'], false],
  [['dns'], [], ['all'], false],
  [['dns'], ['web'], [], false],
  [['dns', 'web'], ['web'], [], true],
  [['dns'], ['dns'], ['dns'], false],
  [[], ['untagged'], [], true],
  [['dns'], ['untagged'], [], false],
  [['dns'], ['tagged'], [], true],
  [[], ['tagged'], [], false],
  [['never', 'x'], ['tagged'], [], false],
  [['dns'], [], ['tagged'], false],
  [[], [], ['tagged'], true],
  [[], [], ['untagged'], false],
];

for (const [tags, only, skip, runs] of table) {
  test(`tags [${tags}] with --tags [${only}] --skip-tags [${skip}] → ${runs ? 'runs' : 'skipped'}`, () => {
    assert.is(isSelected({ tags }, { tags: only, skipTags: skip }), runs);
  });
}

test('tag lists from the CLI accept commas and repeats', () => {
  assert.equal(parseTagList(['dns,web', ' db ', '']), ['dns', 'web', 'db']);
  assert.is(isSelected({ tags: ['db'] }, { tags: ['dns,db'] }), true);
});

const task = (name: string, tags: string[]): TaskNode => ({ kind: 'task', id: name, loc, name, tags, when: [], scope: { blockVars: [] }, module: 'debug', mod: debug, args: {}, notify: [] });
const flush = (implicit: boolean, tags: string[] = []): TaskNode => ({ kind: 'flush_handlers', id: `f${implicit}`, loc, name: 'flush', tags, implicit });

test('selectTasks keeps blocks with a selected child (only those children) and implicit flushes', () => {
  const nodes: TaskNode[] = [
    task('a', ['dns']),
    { kind: 'block', id: 'b', loc, name: 'b', tags: [], when: [], scope: { blockVars: [] }, block: [task('b1', ['web']), task('b2', ['dns'])], rescue: [task('r', ['web'])], always: [] },
    { kind: 'block', id: 'c', loc, name: 'c', tags: [], when: [], scope: { blockVars: [] }, block: [task('c1', ['web'])], rescue: [], always: [] },
    flush(true),
    flush(false, ['web']),
  ];
  const selected = selectTasks(nodes, { tags: ['dns'] });
  assert.equal(selected.map((n) => n.id), ['a', 'b', 'ftrue']);
  const block = selected[1]!;
  assert.ok(block.kind === 'block');
  assert.equal(block.block.map((n) => n.id), ['b2']);
  assert.equal(block.rescue, []);
});

test.run();
