import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { TemplateError, type Loc } from '../../src/engine/errors.js';
import { HELPERS } from '../../src/engine/expressions/template-helpers.js';
import { checkTemplateSyntax, hasTemplate, renderDeep, renderString, renderText } from '../../src/engine/expressions/template.js';
import { thrown } from '../helpers/errors.js';

const vars = {
  name: 'web',
  port: 8080,
  enabled: true,
  servers: ['a', 'b'],
  vm: { ip: '10.0.0.1', tags: { env: 'prod' } },
  'odd-key': 'dash',
  dotted: { 'a.b': 1 },
  empty: null,
  path: '/etc/nginx/nginx.conf',
};
const at: Loc = { file: 'site.yaml', line: 7, col: 9 };

const failure = (fn: () => unknown) => thrown(TemplateError, fn);

test('exactly one {{ }} keeps the native value; anything else is a string', () => {
  assert.equal(renderString('{{ servers }}', vars), ['a', 'b']);
  assert.is(renderString('{{ port }}', vars), 8080);
  assert.is(renderString('{{enabled}}', vars), true);
  assert.equal(renderString('{{ vm.tags }}', vars), { env: 'prod' });
  assert.is(renderString('{{ empty }}', vars), null);
  assert.is(renderString(' {{ port }}', vars), ' 8080');
  assert.is(renderString('{{ name }}:{{ port }}', vars), 'web:8080');
  assert.is(renderString('no template', vars), 'no template');
});

test('a single helper call keeps its native result too', () => {
  assert.is(renderString('{{eq name "web"}}', vars), true);
  assert.is(renderString('{{length servers}}', vars), 2);
  assert.equal(renderString('{{default nothing servers}}', vars), ['a', 'b']);
  assert.equal(renderString('{{split "a b  c"}}', vars), ['a', 'b', 'c']);
});

test('lists and mappings interpolated into text are written as Python writes them, as in Ansible', () => {
  assert.is(renderString('servers={{ servers }} vm={{ vm.tags }} on={{ enabled }} none={{ empty }}', vars), "servers=['a', 'b'] vm={'env': 'prod'} on=True none=");
});

test('keys that are not plain names: subscripts (and the deprecated handlebars forms)', () => {
  assert.is(renderString("{{ dotted['a.b'] }}", vars), 1);
  assert.is(renderString('{{ servers[1] }} {{ servers[-1] }} {{ servers.0 }}', vars), 'b b a');
  assert.is(renderString('{{lookup dotted "a.b"}}', vars), 1);
});

test('an undefined variable names its full path, what is missing and the location given', () => {
  const cases: [string, string][] = [
    ['{{ nmae }}', "'nmae' is undefined (did you mean 'name'?)"],
    ['{{ vm.ipp }}', "'vm.ipp' is undefined: 'vm' has no key 'ipp' (did you mean 'vm.ip'?)"],
    ['{{ vm.tags.env.x }}', "'vm.tags.env.x' is undefined: 'vm.tags.env' has no key 'x'"],
    ['{{ missing.deep.path }}', "'missing.deep.path' is undefined"],
    ['x {{ vm.nope.deeper }} y', "'vm.nope.deeper' is undefined: 'vm' has no key 'nope'"],
    ['{{ servers[5] }}', "'servers.5' is undefined: 'servers' has 2 items, no item 5"],
    ["{{ nope | join(',') }}", "'nope' is undefined"],
    ['{{join nope ","}}', "'nope' is undefined"],
    ['{{#each vm.nope}}x{{/each}}', "'vm.nope' is undefined"],
    ['{{#each servers}}{{ x }}{{/each}}', "'x' is undefined"],
    ['{% for s in servers %}{{ x }}{% endfor %}', "'x' is undefined"],
  ];
  for (const [template, message] of cases) {
    const e = failure(() => renderString(template, vars, at));
    assert.ok(e.message.startsWith(message), `${template}: ${e.message}`);
    assert.equal(e.loc, at);
    assert.match(e.hint ?? '', 'default');
  }
});

test('inherited properties are not variables', () => {
  failure(() => renderString('{{ vm.constructor }}', vars));
  failure(() => renderString('{{ toString }}', vars));
});

test('default never fails on an undefined value, even mid-path; #if and #unless are lenient too', () => {
  assert.is(renderString('{{default nope "fallback"}}', vars), 'fallback');
  assert.is(renderString('{{default nope.deeper.still 3}}', vars), 3);
  assert.is(renderString('{{default vm.ip "x"}}', vars), '10.0.0.1');
  assert.is(renderString('{{default empty "x"}}', vars), null, 'null is a value (as in Ansible)');
  assert.is(renderString('{{default empty "x" true}}', vars), 'x', 'unless asked to replace falsy values too');
  assert.is(renderString('{{#if nope.deeper}}yes{{else}}no{{/if}}', vars), 'no');
  assert.is(renderString('{{#unless nope}}absent{{/unless}}', vars), 'absent');
});

test('helpers: one row per helper', () => {
  const rows: [string, unknown][] = [
    ['{{join servers ", "}}', 'a, b'],
    ['{{json vm.tags}}', '{"env":"prod"}'],
    ['{{to_yaml vm.tags}}', 'env: prod\n'],
    ['{{ne name "db"}}', true],
    ['{{lt port 9000}}', true],
    ['{{le port 8080}}', true],
    ['{{gt port 9000}}', false],
    ['{{ge port 8080}}', true],
    ['{{and enabled (eq port 8080)}}', true],
    ['{{or false enabled}}', true],
    ['{{not enabled}}', false],
    ['{{ternary enabled "on" "off"}}', 'on'],
    ['{{bool "Yes"}}', true],
    ['{{int "42"}}', 42],
    ['{{lower "WeB"}}', 'web'],
    ['{{upper name}}', 'WEB'],
    ['{{trim "  x "}}', 'x'],
    ['{{replace "a-b-c" "-" "."}}', 'a.b.c'],
    ['{{basename path}}', 'nginx.conf'],
    ['{{dirname path}}', '/etc/nginx'],
    ['{{length vm}}', 2],
    ['{{quote "it\'s"}}', `'it'\\''s'`],
    ['{{#if (eq name "web")}}W{{/if}}', 'W'],
    ['{{#each servers}}[{{this}}]{{/each}}', '[a][b]'],
  ];
  for (const [template, expected] of rows) assert.equal(renderString(template, vars), expected, template);
});

test('filter and helper misuse says which filter and what it got', () => {
  assert.match(failure(() => renderString('{{upper vm}}', vars)).message, 'upper expects a string, got a mapping');
  assert.match(failure(() => renderString("{{ name | int(1, 2, 3) }}", vars)).message, 'int: takes at most 2 arguments, got 3');
  assert.match(failure(() => renderString('{{ vm | dict2items | combine(1) }}', vars)).message, 'combine: combine expects dictionaries');
  assert.match(failure(() => renderString('{{lookup vm "ipp"}}', vars)).message, "lookup: no key 'ipp' in the mapping (did you mean 'ip'?)");
});

test('unknown filters and syntax errors are found without rendering (checkTemplateSyntax)', () => {
  assert.match(failure(() => renderString("{{ servers | jion(',') }}", vars)).message, "no filter named 'jion' (did you mean 'join'?)");
  assert.match(checkTemplateSyntax('line1\n{{ name | uper }}') ?? '', "no filter named 'uper' (did you mean 'upper'?) (line 2, column 9)");
  assert.match(checkTemplateSyntax('{{ x is sting }}') ?? '', "no test named 'sting' (did you mean 'string'?)");
  assert.match(checkTemplateSyntax('{% if a %}open') ?? '', 'missing {% endif %}');
  assert.match(checkTemplateSyntax('{{ a') ?? '', "unclosed {{ (expected '}}')");
  assert.match(checkTemplateSyntax('{{#if a}}open') ?? '', 'template syntax error');
  assert.is(checkTemplateSyntax('{{ fine.path }} and {{ x | default(1) }} {% for i in l %}{{ i }}{% endfor %}'), undefined);
  assert.is(checkTemplateSyntax('{{ fine.path }} and {{default x 1}}'), undefined);
  assert.is(checkTemplateSyntax('no braces'), undefined);
});

test('Jinja2 as Ansible writes it: filters, indexing, ~, inline if, statements, raw', () => {
  assert.is(renderString('{{ port | default(80) }}', vars), 8080);
  assert.is(renderString('{{ vm["ip"] ~ ":" ~ port }}', vars), '10.0.0.1:8080');
  assert.is(renderString("{{ 'on' if enabled else 'off' }}", vars), 'on');
  assert.is(renderString('x\n  {% if enabled %}on{% endif %}', vars), 'x\n  on');
  assert.is(renderString('{% for s in servers %}{{ s }}{% if not loop.last %},{% endif %}{% endfor %}', vars), 'a,b');
  assert.is(renderString('{% raw %}{{ x }}{% endraw %}', vars), '{{ x }}', 'a literal {{ is written in a raw block');
});

test('renderDeep walks mappings and lists into fresh copies, keeping other values', () => {
  const untouched = { a: 1, b: ['x'] };
  const input = { n: 1, ok: true, nothing: null, list: ['{{ port }}', 'x{{ name }}'], nested: { ip: '{{ vm.ip }}' }, untouched };
  const out = renderDeep(input, vars) as typeof input;
  assert.equal(out, { n: 1, ok: true, nothing: null, list: [8080, 'xweb'], nested: { ip: '10.0.0.1' }, untouched });
  assert.ok(out.untouched !== untouched && out.untouched.b !== untouched.b, 'a caller filling in defaults cannot change the input');
  assert.is(input.nested.ip, '{{ vm.ip }}', 'the input is not modified');
});

test('hasTemplate looks inside mappings and lists', () => {
  assert.ok(hasTemplate({ a: [{ b: 'x {{ y }}' }] }));
  assert.not.ok(hasTemplate({ a: [1, 'plain', null] }));
  assert.not.ok(hasTemplate(42));
});

test('renderText: a whole file, always a string; errors point at file:line:col', () => {
  assert.is(renderText("port={{ port }}\nservers={{ servers | join(',') }}\n", vars, 'templates/app.conf'), 'port=8080\nservers=a,b\n');
  assert.is(renderText('{{ servers }}', vars, 't'), "['a', 'b']");
  assert.is(renderText('{{ port }}', vars, 't'), '8080', 'a file is text, even when it is one expression');
  assert.is(renderText('port={{port}}\nservers={{join servers ","}}\n', vars, 'templates/app.conf.hbs'), 'port=8080\nservers=a,b\n');
  const e = failure(() => renderText('a\nb\n  x={{ vm.nope }}\n', vars, 'templates/app.conf'));
  assert.equal(e.loc, { file: 'templates/app.conf', line: 3, col: 5 });
  assert.match(e.message, "'vm.nope' is undefined");
});

test('docs/templating.md documents every helper', () => {
  const doc = readFileSync('docs/templating.md', 'utf8');
  for (const name of Object.keys(HELPERS)) assert.ok(doc.includes(`{{${name} `), `docs/templating.md should show {{${name} …}}`);
});

test.run();
