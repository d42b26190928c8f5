// The loader's hint for a value that starts with an unquoted `{` (`msg: {{ x }} is here`): recognised on
// the offending line, the fix spelled out, and one problem per mistake even when the parser is derailed.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { InvalidInputError, formatProblem } from '../../src/engine/errors.js';
import { braceValue } from '../../src/engine/load/brace-value.js';
import { parseYaml } from '../../src/engine/load/yaml.js';

function problems(text: string): string[] {
  try {
    parseYaml(text, 'p.yaml');
  } catch (e) {
    if (e instanceof InvalidInputError) return e.problems.map(formatProblem);
    throw e;
  }
  throw new Error('parsed without problems');
}

test('a key: value or list item starting with { that is no flow mapping gets the quoted line', () => {
  assert.equal(braceValue('    msg: {{ x }} is here'), { quoted: '    msg: "{{ x }} is here"', hint: 'a value that starts with { must be quoted: msg: "{{ x }} is here"' });
  assert.is(braceValue('  - {{ item }}/conf # the file')?.quoted, '  - "{{ item }}/conf" # the file');
  assert.is(braceValue('cmd: {{ a }} "b"')?.hint, 'a value that starts with { must be quoted: cmd: "{{ a }} \\"b\\""');
});

test('a valid flow mapping, or a value not starting with {, is not this mistake', () => {
  assert.is(braceValue('msg: {a: 1, b: [2]}'), undefined);
  assert.is(braceValue('msg: hello {{ x }}'), undefined);
  assert.is(braceValue('  - name: x'), undefined);
});

test('the loader hints at quoting instead of indentation, at the offending line', () => {
  assert.equal(problems('- debug:\n    msg: {{ x }} is here\n'), [
    'p.yaml:2:18: Unexpected scalar at node end\n  hint: a value that starts with { must be quoted: msg: "{{ x }} is here"',
  ]);
});

test('errors the unquoted value causes further down are not reported; other mistakes still are', () => {
  const text = '- shell: {{ a }} {{ b }}\n- debug: {msg: ok}\n- debug: {msg: 1, msg: 2}\n';
  const found = problems(text);
  assert.is(found.length, 2, found.join('\n'));
  assert.match(found[0]!, /^p\.yaml:1:\d+: .*\n  hint: a value that starts with \{ must be quoted: - shell: "\{\{ a \}\} \{\{ b \}\}"$/);
  assert.match(found[1]!, /^p\.yaml:3:\d+: Map keys must be unique/);
});

test('indentation errors elsewhere keep their indentation hint', () => {
  const [first] = problems('- hosts: all\n  tasks:\n    - debug: {msg: a}\n     - debug: {msg: b}\n');
  assert.match(first!, /hint: check the indentation/);
});

test.run();
