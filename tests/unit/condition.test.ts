import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkExpressionSyntax, conditionWarning, evaluateCondition, evaluateExpression } from '../../src/engine/expressions/condition.js';
import { TemplateError, type Loc } from '../../src/engine/errors.js';
import { mergeVars } from '../../src/engine/execute/vars.js';
import { thrown } from '../helpers/errors.js';

const vars = {
  os: 'RedHat',
  n: 3,
  flag: true,
  answer: 'yes',
  nothing: null,
  list: ['a', 'b'],
  cfg: { port: 53, 'dash-key': 1 },
  result: { changed: true, failed: false, rc: 0, stdout: 'docker0 docker1', stderr: '' },
  skipped_result: { skipped: true, changed: false },
  hostvars: { 'web-1': { ip: '10.0.0.1' } },
  i: 1,
};
const at: Loc = { file: 'tasks.yaml', line: 4, col: 11 };

const failure = (fn: () => unknown) => thrown(TemplateError, fn);

test('Ansible-style conditions: one row per construct', () => {
  const rows: [string, boolean][] = [
    ["os == 'RedHat'", true],
    ['os == "RedHat"', true],
    ["os != 'Debian'", true],
    ['n > 2 and n <= 3', true],
    ['n < 2 or flag', true],
    ['not flag', false],
    ["not os == 'Debian'", true], // Jinja precedence: not (os == 'Debian')
    ["'a' in list", true],
    ["'c' not in list", true],
    ["'docker1' in result.stdout", true],
    ["'port' in cfg", true],
    ['cfg.port == 53', true],
    ["cfg['dash-key'] == 1", true],
    ["hostvars['web-1'].ip == '10.0.0.1'", true],
    ["list[0] == 'a'", true],
    ["list[i] == 'b'", true],
    ['nope is defined', false],
    ['nope is not defined', true],
    ['nope is undefined', true],
    ['cfg.port is defined', true],
    ['nope.deeper is defined', false],
    ['nothing is none', true],
    ['os is not none', true],
    ['result is changed', true],
    ['result is failed', false],
    ['result is not failed', true],
    ['result is succeeded', true],
    ['skipped_result is skipped', true],
    ['list is sequence and cfg is mapping and os is string and n is number and flag is boolean', true],
    ['list | length == 2', true],
    ["os | lower == 'redhat'", true],
    ['answer | bool', true],
    ['nope | default(5) == 5', true],
    ['nope.deeper | default(false)', false],
    ['cfg.port | default(1) == 53', true],
    ["result.stderr == '' and result.rc == 0", true],
    ['nope is defined and nope.x == 1', false], // and stops early, as in Ansible
    ['flag or nope.x', true],
    ["(n + 1) * 2 == 8 and os ~ '!' == 'RedHat!'", true],
    ["list + ['c'] == ['a', 'b', 'c']", true],
    ["(1 if flag else 2) == 1", true],
    ['True and not False', true],
    ["list | first == 'a' and list | last == 'b'", true],
  ];
  for (const [expr, expected] of rows) assert.is(evaluateCondition(expr, vars), expected, expr);
});

test('a literal boolean (when: true) is its own result', () => {
  assert.is(evaluateCondition(true, {}), true);
  assert.is(evaluateCondition(false, {}), false);
});

test('an undefined name is an error naming its full path, located, with a hint', () => {
  const cases: [string, string][] = [
    ['nope == 1', "'nope' is undefined"],
    ['cfg.prot == 53', "'cfg.prot' is undefined: 'cfg' has no key 'prot' (did you mean 'cfg.port'?)"],
    ['result.stdout.x == 1', "'result.stdout.x' is undefined"],
    ["list[5] == 'a'", "'list.5' is undefined: 'list' has 2 items, no item 5"],
    ['nope.deeper == 1', "'nope.deeper' is undefined"],
    ['constructor', "'constructor' is undefined"],
    ["cfg['__proto__']", "'cfg.__proto__' is undefined"],
  ];
  for (const [expr, message] of cases) {
    const e = failure(() => evaluateCondition(expr, vars, at));
    assert.ok(e.message.startsWith(message), `${expr}: ${e.message}`);
    assert.equal(e.loc, at);
    assert.ok(e.hint);
  }
});

test('the result must be a boolean: anything else says what it was', () => {
  const e = failure(() => evaluateCondition('answer', vars, at));
  assert.match(e.message, 'condition "answer" gave string "yes", not true or false');
  assert.match(e.hint ?? '', '| bool');
  assert.match(failure(() => evaluateCondition('list', vars)).message, 'gave a list');
  assert.equal(evaluateExpression('list', vars), ['a', 'b'], 'evaluateExpression returns any value');
});

test('syntax errors: found at compile time by checkExpressionSyntax, and at run time as TemplateError', () => {
  const cases: [string, string][] = [
    ['n = 1', "found '=' (Jinja writes '==')"],
    ['n ==', 'expected a value, found the end'],
    ["os == 'x", 'unterminated string'],
    ['n is weird', "no test named 'weird'"],
    ['foo(1)', "unknown function 'foo'"],
    ['x | lenght', "no filter named 'lenght' (did you mean 'length'?)"],
    ['(n == 1', "expected ')'"],
    ['n == 1 n', 'expected an operator or the end'],
    ['f(x) = 1', "found '='"],
    ['a && b', "found '&&' (Jinja writes 'and')"],
  ];
  for (const [expr, message] of cases) {
    assert.match(checkExpressionSyntax(expr) ?? '', message, expr);
    assert.match(failure(() => evaluateCondition(expr, vars, at)).message, message);
  }
  assert.is(checkExpressionSyntax('result is changed and x | length > 0'), undefined);
  assert.is(checkExpressionSyntax('"{{ x }}" == "1"'), undefined);
  assert.match(checkExpressionSyntax('{{ x ') ?? '', 'unclosed {{');
});

test('a condition with {{ }} is rendered first, then evaluated (with a compile-time warning)', () => {
  assert.is(evaluateCondition('{{ flag }}', vars), true);
  assert.is(evaluateCondition("'{{ os }}' == 'RedHat'", vars), true);
  assert.ok(conditionWarning('{{ flag }}'));
  assert.is(conditionWarning('flag'), undefined);
  assert.is(conditionWarning(true), undefined);
});

test('lazy variables are rendered when a condition reads them', () => {
  const v = mergeVars({ roleDefaults: [{ vm_ip: '{{ subnet }}.1' }], extra: { subnet: '10.0.0' } });
  assert.is(evaluateCondition("vm_ip == '10.0.0.1'", v), true);
});

test.run();
