import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { expandHostRange, splitPort } from '../../src/engine/inventory/host-range.js';
import { parsePythonLiteral } from '../../src/engine/inventory/python-literal.js';
import { shlexSplit } from '../../src/engine/inventory/shlex.js';

// Each row was checked against Python 3's ast.literal_eval (what Ansible's INI parser uses).
const LITERALS: [string, unknown][] = [
  ['1', 1], ['-3', -3], ['+2', 2], ['1_000', 1000], ['0x1f', 31], ['0o17', 15], ['0b101', 5], ['1.5', 1.5], ['1e3', 1000], ['.5', 0.5],
  ['True', true], ['False', false], ['None', null],
  ['true', 'true'], ['yes', 'yes'], ['no', 'no'], ['0123', '0123'], ['10.0.0.1', '10.0.0.1'], ['1.2.3', '1.2.3'], ['3j', '3j'],
  ['"x"', 'x'], ["'a' \"b\"", 'ab'], ["'tab\\there'", 'tab\there'], ["r'a\\tb'", 'a\\tb'], ["'\\x41\\u00e9'", 'Aé'], ['"""tri"ple"""', 'tri"ple'],
  ['[1, "a", [True]]', [1, 'a', [true]]], ['(1, 2)', [1, 2]], ['(1)', 1], ['(1,)', [1]], ['[]', []], ['{}', {}],
  ["{'a': 1, 2: None,}", { a: 1, '2': null }], ['{1, 2}', [1, 2]],
  ['some string', 'some string'], ['{a:1}', '{a:1}'], ['[1, 2', '[1, 2'], ['x + 1', 'x + 1'], ['"unclosed', '"unclosed'], ['', ''], ["'a' b", "'a' b"],
];

test('INI values are Python literals where they parse, the text otherwise', () => {
  for (const [text, expected] of LITERALS) assert.equal(parsePythonLiteral(text), expected, text);
});

test('host lines split as shlex.split(comments=True)', () => {
  const words = (l: string) => shlexSplit(l).map((w) => w.word);
  assert.equal(words('a=b#c d'), ['a=b']);
  assert.equal(words('x "a#b" c'), ['x', 'a#b', 'c']);
  assert.equal(words('x a\\ b'), ['x', 'a b']);
  assert.equal(words('h x="a \\" b" y'), ['h', 'x=a " b', 'y']);
  assert.equal(words("h a='x y'z"), ['h', 'a=x yz']);
  assert.equal(shlexSplit('  web1  a=1').map((w) => w.col), [2, 8]);
  assert.throws(() => shlexSplit('h a="x'), /No closing quotation/);
});

test('host ranges and ports as Ansible expands them', () => {
  assert.equal(expandHostRange('web[01:03]'), ['web01', 'web02', 'web03']);
  assert.equal(expandHostRange('db-[a:c]'), ['db-a', 'db-b', 'db-c']);
  assert.equal(expandHostRange('n[1:7:3]'), ['n1', 'n4', 'n7']);
  assert.equal(expandHostRange('r[1:2]c[a:b]'), ['r1ca', 'r1cb', 'r2ca', 'r2cb']);
  assert.equal(expandHostRange('[:2].x'), ['0.x', '1.x', '2.x']);
  assert.equal(splitPort('web1:2222'), { pattern: 'web1', port: 2222 });
  assert.equal(splitPort('web[01:10]:22'), { pattern: 'web[01:10]', port: 22 });
  assert.equal(splitPort('web[01:10]'), { pattern: 'web[01:10]' });
  assert.equal(splitPort('[::1]:2222'), { pattern: '::1', port: 2222 });
  assert.equal(splitPort('fe80::1'), { pattern: 'fe80::1' });
});

test.run();
