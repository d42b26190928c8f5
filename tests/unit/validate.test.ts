// validateDocument / validateModuleArgs: one mistake gives one problem, at the key or value at fault, in
// plain words with a hint; module args get their defaults filled in at run time.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { formatProblem, type Loc } from '../../src/engine/errors.js';
import { parseYaml } from '../../src/engine/load/yaml.js';
import { validateDocument, validateModuleArgs, type SchemaName } from '../../src/engine/validate/index.js';
import { closest, editDistance } from '../../src/engine/validate/did-you-mean.js';
import { debug } from '../../src/modules/controller/debug.js';

const check = (schema: SchemaName, text: string) => validateDocument(schema, parseYaml(text, 'f.yaml')).map(formatProblem);

// [schema, document, the only problem expected (a fragment of `file:line:col: message\n  hint: ...`)]
const cases: [SchemaName, string, string][] = [
  ['playbook', '- hosts: all\n  tasks:\n    - debgu: {msg: hi}\n', 'f.yaml:3:7: unknown key "debgu" in task (neither a keyword nor a module)\n  hint: did you mean "debug"?'],
  ['playbook', '- hosts: all\n  tasks:\n    - name: x\n', 'f.yaml:3:7: task names no module'],
  ['playbook', '- hosts: all\n  tasks:\n    - {debug: {}, shell: ls}\n', 'f.yaml:3:19: task names 2 modules (debug, shell)'],
  ['playbook', '- hosts: all\n  tasks:\n    - debug: {verbosity: [1]}\n', 'f.yaml:3:26: verbosity must be an integer, not a list'],
  ['playbook', '- hosts: all\n  tasks:\n    - copy: {content: x}\n', 'f.yaml:3:13: missing "dest" in copy arguments'],
  ['playbook', '- hosts: all\n  tasks:\n    - debug: 3\n', 'f.yaml:3:14: debug must be a mapping of debug arguments, or key=value pairs in a string, not the number 3'],
  ['playbook', '- hosts: all\n  tasks:\n    - {debug: {}, retries: many}\n', 'f.yaml:3:28: retries must be an integer, not the string "many"'],
  ['playbook', '- hosts: all\n  tasks:\n    - {debug: {}, when: [a, 1]}\n', 'f.yaml:3:29: when[1] must be an expression string or a boolean (or a list of them), not the number 1'],
  ['playbook', '- hosts: all\n  tasks:\n    - {debug: {}, register: my-result}\n', 'f.yaml:3:29: register must be a variable name'],
  ['playbook', '- hosts: all\n  vars: {bad-name: 1}\n', 'f.yaml:2:10: invalid name "bad-name": it must be a variable name'],
  ['playbook', '- hosts: all\n  connection: winrm\n', 'f.yaml:2:15: connection must be one of "local", "ssh", not the string "winrm"'],
  ['playbook', '- hosts: all\n  serial: 0\n', 'f.yaml:2:11: serial must be at least 1, not the number 0'],
  ['playbook', '- hosts: all\n  roles: [{port: 80}]\n', 'f.yaml:2:11: missing "role" (or an alias: name) in role entry'],
  ['playbook', '- hosts: all\n  roles: [{role: x, 9lives: 1}]\n', 'f.yaml:2:21: invalid name "9lives": it must be a keyword or a role parameter (a variable name)'],
  ['playbook', '- name: no hosts\n', 'f.yaml:1:3: missing "hosts" in play'],
  ['playbook', '- hosts: []\n', 'f.yaml:1:10: hosts must not be an empty list'],
  ['playbook', '- hosts: all\n  tasks:\n    - block: []\n      loop: [1]\n', 'hint: a block cannot loop'],
  ['tasks', '- debug: {}\n  local_action: shell ls\n', 'f.yaml:2:3: task names 2 modules (debug, local_action); it must name exactly one'],
  ['tasks', '- include: other.yaml\n', 'f.yaml:1:3: unknown key "include" in task (neither a keyword nor a module)\n  hint: use import_tasks:'],
  ['tasks', '- assert: {that: 3}\n', 'f.yaml:1:18: that must be a string or a list, not the number 3'],
  ['tasks', '- assert: {that: [ok, 1]}\n', 'f.yaml:1:23: that[1] must be a string, not the number 1'],
  ['tasks', '- meta: end_role\n', 'f.yaml:1:9: meta must be one of "flush_handlers", "noop", "end_play"'],
  ['vars', '- a\n- b\n', 'f.yaml:1:1: the document must be a mapping or empty, not a list'],
  ['role-meta', 'dependencies: [{role: a, vars: []}]\n', 'f.yaml:1:32: vars must be a mapping or empty, not a list'],
  ['role-meta', 'dependecies: []\n', 'hint: did you mean "dependencies"?'],
];

for (const [schema, text, expected] of cases) {
  test(`${schema}: ${JSON.stringify(text)} → one clear problem`, () => {
    const problems = check(schema, text);
    assert.is(problems.length, 1, problems.join('\n'));
    assert.ok(problems[0]!.includes(expected), `expected ${JSON.stringify(expected)} in\n${problems[0]}`);
  });
}

test('templates are accepted wherever a typed value is expected; literals of the right type too', () => {
  const ok = `
- hosts: all
  serial: [1, "30%", "{{ batch }}"]
  tasks:
    - debug: {msg: "{{ x }}", verbosity: "{{ level }}"}
      loop: "{{ users }}"
      loop_control: {loop_var: user, pause: 1}
      when: [a == 1, true]
      ignore_errors: "{{ lenient }}"
      retries: 2
    - wait_for: {port: "{{ zk_port }}", timeout: 5}
    - set_fact: {anything: 1, cacheable: true}
`;
  assert.equal(check('playbook', ok), []);
});

test('the inventory schema, written by another hand, is found by name', () => {
  const problems = check('inventory', 'all:\n  hostz: {}\n');
  assert.is(problems.length, 1, problems.join('\n'));
  assert.match(problems[0]!, /f\.yaml:2:3: unknown key "hostz"/);
});

const at: Loc = { file: 'site.yaml', line: 4, col: 7 };

test('validateModuleArgs fills defaults in place and accepts valid args', () => {
  const args: Record<string, unknown> = { msg: 'hi' };
  assert.equal(validateModuleArgs(debug, args, at), []);
  assert.equal(args, { msg: 'hi', verbosity: 0 });
});

test('validateModuleArgs reports templated values of the wrong type at the task, naming the module', () => {
  const problems = validateModuleArgs(debug, { verbosity: 'high' }, at).map(formatProblem);
  assert.equal(problems, ['site.yaml:4:7: debug: verbosity must be an integer, not the string "high"\n  hint: `runbook modules debug` describes its arguments']);
});

test('did-you-mean: edit distance with transpositions, and a threshold that grows with the word', () => {
  assert.is(editDistance('hsots', 'hosts'), 1);
  assert.is(editDistance('kitten', 'sitting'), 3);
  assert.equal(closest('debgu', ['debug', 'shell', 'copy']), ['debug']);
  assert.equal(closest('x', ['become', 'tags']), []);
  assert.equal(closest('gather_fact', ['gather_facts', 'tags']), ['gather_facts']);
});

test.run();
