// Compile parses every template in the files it reads — strings in playbooks, task and vars files, and
// template files a task names — so `validate` fails on what `apply` would reject, before any host is
// touched; strings still in Handlebars' helper syntax render, with a located deprecation warning.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { formatProblem } from '../../src/engine/errors.js';
import { compileOk, compileProblems, writeTree } from './compile-tmp.js';

const dir = writeTree({
  'ok.yaml': `
- hosts: all
  vars:
    port: "{{ base_port | default(8000) + 80 }}"
  tasks:
    - debug: { msg: "{% for i in range(3) %}{{ i }}{% endfor %}" }
    - debug: { msg: '{{default nope "x"}}' }
`,
  'bad.yaml': `
- hosts: all
  vars:
    broken: "{{ a | nosuch }}"
  tasks:
    - debug: { msg: "{% if x %}open" }
    - debug: { msg: "{{ x is strng }}" }
`,
});

test('valid Jinja2 passes; a Handlebars helper string passes with a deprecation warning at its line', async () => {
  const playbook = await compileOk(join(dir, 'ok.yaml'));
  const warnings = playbook.warnings.map(formatProblem);
  assert.is(warnings.length, 1, warnings.join('\n'));
  assert.match(warnings[0]!, /ok\.yaml:7:\d+: Handlebars helper syntax in .* is deprecated/);
});

test('every broken template in a file is reported at once, located, before anything runs', async () => {
  const lines = (await compileProblems(join(dir, 'bad.yaml'))).map((l) => l.split('\n')[0]);
  assert.equal(lines.length, 3, lines.join('\n'));
  assert.match(lines[0]!, /bad\.yaml:4:13: no filter named 'nosuch'/);
  assert.match(lines[1]!, /bad\.yaml:6:21: missing \{% endif %\}/);
  assert.match(lines[2]!, /bad\.yaml:7:21: no test named 'strng' \(did you mean 'string'\?\)/);
});

test.run();
