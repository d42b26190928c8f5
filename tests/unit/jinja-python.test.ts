// What the differential corpus (jinja-oracle.test.ts) found and runbook now does as Ansible does, pinned
// here with Ansible's answers written down, so it is checked on machines without ansible-core too.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { renderString, renderText } from '../../src/engine/expressions/template.js';
import { PyRandom } from '../../src/engine/expressions/filters/py-random.js';

const vars = { servers: ['alpha', 'beta', 'gamma'], users: [{ name: 'a', admin: true }, { name: 'b', admin: false }, { name: 'c', admin: true }] };
const text = (t: string) => renderString(`<${t}>`, vars);

test("Python's Random(seed), as Ansible's random and shuffle use it (values from CPython 3.11)", () => {
  assert.is(new PyRandom('web-1').randrange(0, 100, 1), 23);
  assert.is(new PyRandom('web-2').randrange(0, 60, 1), 13);
  assert.is(new PyRandom(42).randrange(0, 1000, 1), 654);
  assert.is(new PyRandom('a'.repeat(200)).randrange(0, 7, 2), 0);
  assert.is(text("{{ 59 | random(seed='web-2') }}"), '<13>');
  assert.is(text("{{ servers | random(seed='web-1') }}"), '<alpha>');
  assert.is(text("{{ [3, 1, 2, 3, 10] | shuffle(seed='x') }}"), '<[10, 1, 3, 3, 2]>');
});

test('tuples are written as Python writes them; list() makes a list', () => {
  assert.is(text('{{ (1, 2) }} {{ (1,) }} {{ (1, 2) | list }}'), '<(1, 2) (1,) [1, 2]>');
  assert.is(text("{{ {'a': 1}.items() | list }} {{ '/a/b.c' | splitext }}"), "<[('a', 1)] ('/a/b', '.c')>");
  assert.is(text("{{ 'k1=v1 k2=v2' | regex_findall('(\\w+)=(\\w+)') }}"), "<[('k1', 'v1'), ('k2', 'v2')]>");
});

test('groupby gives (grouper, list) named tuples; {% call %} passes its body as caller()', () => {
  const t = "{% for g in users | groupby('admin') %}{{ g.grouper }}:{{ g.list | map(attribute='name') | join }} {% endfor %}";
  assert.is(renderText(t, vars, 'g.j2'), 'False:b True:ac ');
  const m = '{% macro box(w) %}[{{ caller() }}|{{ w }}]{% endmacro %}{% call box(3) %}in{% endcall %}';
  assert.is(renderText(m, vars, 'm.j2'), '[in|3]');
  assert.is(renderText("{% macro each(l) %}{% for i in l %}{{ caller(i) }}{% endfor %}{% endmacro %}{% call(x) each([1, 2]) %}<{{ x }}>{% endcall %}", vars, 'c.j2'), '<1><2>');
});

test('statements: raw keeps its newline, filter blocks take a bare filter, set unpacks, inline if without else', () => {
  assert.is(renderText('{% raw %}\n{{ x }}\n{% endraw %}\nend\n', vars, 'r.j2'), '\n{{ x }}\nend\n');
  assert.is(renderText('{% filter upper %}ab{% endfilter %}', vars, 'f.j2'), 'AB');
  assert.is(renderText('{% set a, b = 1, 2 %}{{ b }}{{ a }}', vars, 's.j2'), '21');
  assert.is(text("{{ 'x' if false }}"), '<>');
  assert.is(renderString("{{ 'x' if false }}", vars), '');
});

test('{{ }} in a playbook string keeps backslashes in string literals (Ansible escapes them); a .j2 file does not', () => {
  assert.is(renderString("{{ 'a\\nb' }}", vars), 'a\\nb');
  assert.is(renderText("{{ 'a\\nb' }}", vars, 'e.j2'), 'a\nb');
  assert.is(text("{{ {'m': {'y': none}} }}"), "<{'m': {'y': None}}>");
});

test("filters with Python's rules: round half to even, unique ignoring case, title, center, basename, quote, bool", () => {
  assert.is(text('{{ 2.5 | round | int }} {{ 3.5 | round | int }}'), '<2 4>');
  assert.is(text("{{ ['a', 'A', 'b'] | unique }}"), "<['a', 'b']>");
  assert.is(text("{{ \"o'neil mc-donald\" | title }}|{{ 'ab' | center(7) }}|"), "<O'neil Mc-Donald|   ab  |>");
  assert.is(text("{{ '/etc/nginx/' | basename }}|{{ \"it's\" | quote }}|{{ 'a.b' | quote }}"), `<|'it'"'"'s'|a.b>`);
  assert.is(text("{{ [none | bool, ' yes' | bool, 'On' | bool] }}"), '<[None, False, True]>');
  assert.is(text("{{ 'web-1' | to_uuid }}"), '<796b5f7d-23f3-5bd5-9544-166d7933bfdb>');
});

test.run();
