// Pure planning tables: the lineinfile, blockinfile and mode cases (whose expected values are Ansible's,
// see oracle.ts) through runbook's own functions.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { editBlock, type BlockEditParams } from '../../../src/modules/files/blockinfile-plan.js';
import { editLines, type LineEditParams } from '../../../src/modules/files/lineinfile-plan.js';
import { readLines, splitLinesKeepEnds } from '../../../src/modules/files/lines.js';
import { ModeError, resolveMode } from '../../../src/modules/files/mode.js';
import { blockCases } from './cases/blockinfile-cases.js';
import { lineCases } from './cases/lineinfile-cases.js';
import { badModes, modeCases } from './cases/mode-cases.js';

for (const c of lineCases) {
  test(`lineinfile: ${c.name}`, () => {
    const r = editLines(readLines(c.before), { state: 'present', ...c.params } as LineEditParams);
    assert.is(r.lines.join(''), c.after);
    assert.is(r.msg, c.msg);
    assert.is(r.changed, c.msg !== '');
  });
}

const blockDefaults: BlockEditParams = { state: 'present', block: '', marker: '# {mark} ANSIBLE MANAGED BLOCK', marker_begin: 'BEGIN', marker_end: 'END' };
for (const c of blockCases) {
  test(`blockinfile: ${c.name}`, () => {
    const r = editBlock(c.before, { ...blockDefaults, ...c.params });
    assert.is(r.text, c.after);
    assert.is(r.msg, c.msg);
    assert.is(r.changed, c.msg !== '');
  });
}

test('modes: octal numbers and strings, symbolic modes against the current mode', () => {
  for (const c of modeCases) {
    const got = resolveMode(c.mode, c.current, c.isDir ?? false, c.umask ?? 0o022);
    assert.is(got.toString(8), c.want.toString(8), `mode ${String(c.mode)} on ${c.current.toString(8)}`);
  }
});

test('modes: invalid ones are refused with a message', () => {
  for (const m of badModes) assert.throws(() => resolveMode(m, 0o644), (e: Error) => e instanceof ModeError && /mode/.test(e.message), String(m));
});

test('lines split like Python: readlines only on \\n, splitlines also on \\r', () => {
  assert.equal(readLines('a\r\nb\rc\nd'), ['a\r\n', 'b\rc\n', 'd']);
  assert.equal(splitLinesKeepEnds('a\r\nb\rc\nd'), ['a\r\n', 'b\r', 'c\n', 'd']);
  assert.equal(readLines(''), []);
});

test.run();
