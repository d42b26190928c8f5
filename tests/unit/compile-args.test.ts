// Module arguments at compile time: Ansible's k=v strings (quotes, templates with spaces), free form with
// extracted parameters, `args:` merged underneath, typed values from k=v, and controller files checked.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { coerce } from '../../src/engine/compile/module-args.js';
import { splitArgs } from '../../src/engine/compile/kv.js';
import type { CompiledTask } from '../../src/engine/compile/types.js';
import { compileOk, compileProblems, taskNamed, writeTree } from './compile-tmp.js';

test('splitArgs keeps quoted values and {{ }} with spaces together, unquoting values', () => {
  const tokens = splitArgs(`msg="hello world" path='/a b' x={{ a | default('y z') }} plain  word`);
  assert.equal(
    tokens.map((t) => [t.key ?? null, t.value ?? t.raw]),
    [['msg', 'hello world'], ['path', '/a b'], ['x', "{{ a | default('y z') }}"], [null, 'plain'], [null, 'word']],
  );
  assert.equal(splitArgs(String.raw`msg="say \"hi\""`)[0]!.value, 'say "hi"');
  assert.throws(() => splitArgs('msg="open'), /unterminated " quote/);
});

test('coerce gives k=v text the parameter\'s type, and leaves templates and strings alone', () => {
  assert.is(coerce('3', { type: 'integer' }), 3);
  assert.is(coerce('yes', { type: 'boolean' }), true);
  assert.is(coerce('off', { type: 'boolean' }), false);
  assert.equal(coerce('a, b', { type: 'array' }), ['a', 'b']);
  assert.is(coerce('0644', { type: ['string', 'integer'] }), '0644');
  assert.is(coerce('{{ n }}', { type: 'integer' }), '{{ n }}');
  assert.is(coerce('loud', { type: 'integer' }), 'loud');
});

const forms = writeTree({
  'site.yaml': `
- hosts: all
  tasks:
    - name: kv
      debug: msg="hello world" verbosity=2
    - name: free form
      shell: echo   "two  spaces" > /tmp/x
    - name: free form with params
      command: chdir=/tmp ls -l "a b" creates=/tmp/done
    - name: args underneath
      debug: msg=inline
      args: {msg: from args, verbosity: 1}
    - name: required arg from args
      copy: {content: hi}
      args: {dest: /tmp/y}
    - name: no value
      debug:
`,
});

test('k=v strings become a typed mapping', async () => {
  const [play] = (await compileOk(join(forms, 'site.yaml'))).plays;
  assert.equal((taskNamed(play!.tasks, 'kv') as CompiledTask).args, { msg: 'hello world', verbosity: 2 });
  assert.equal((taskNamed(play!.tasks, 'no value') as CompiledTask).args, {});
});

test('free form fills the module\'s freeForm param as written; its own k=v params are taken out', async () => {
  const [play] = (await compileOk(join(forms, 'site.yaml'))).plays;
  assert.equal((taskNamed(play!.tasks, 'free form') as CompiledTask).args, { cmd: 'echo   "two  spaces" > /tmp/x' });
  assert.equal((taskNamed(play!.tasks, 'free form with params') as CompiledTask).args, { cmd: 'ls -l "a b"', chdir: '/tmp', creates: '/tmp/done' });
});

test('args: merges under the module\'s own arguments and may supply required ones', async () => {
  const [play] = (await compileOk(join(forms, 'site.yaml'))).plays;
  assert.equal((taskNamed(play!.tasks, 'args underneath') as CompiledTask).args, { msg: 'inline', verbosity: 1 });
  assert.equal((taskNamed(play!.tasks, 'required arg from args') as CompiledTask).args, { dest: '/tmp/y', content: 'hi' });
});

test('k=v arguments are checked like a mapping: unknown names, wrong literal types, stray words', async () => {
  const dir = writeTree({
    'site.yaml': '- hosts: all\n  tasks:\n    - debug: mgs=hi\n    - debug: verbosity=loud\n    - debug: msg=hi oops\n    - debug: "verbosity={{ level }}"\n',
  });
  const problems = await compileProblems(join(dir, 'site.yaml'));
  assert.is(problems.length, 3, problems.join('\n'));
  assert.match(problems[0]!, /site\.yaml:3:14: unknown key "mgs" in debug arguments\n {2}hint: did you mean "msg"\?/);
  assert.match(problems[1]!, /site\.yaml:4:14: verbosity must be an integer, not the string "loud"/);
  assert.match(problems[2]!, /site\.yaml:5:14: debug takes key=value arguments, and "oops" is not one/);
});

test('a literal template or file a module reads on the controller must exist; templated paths wait', async () => {
  const dir = writeTree({
    'site.yaml': '- hosts: all\n  roles: [r]\n',
    'roles/r/tasks/main.yaml': `
- {name: ok, file_template: {src: a.conf.j2, dest: /etc/a.conf}}
- {name: from playbook dir, copy: {src: top.txt, dest: /etc/top}}
- {name: templated, copy: {src: "{{ name }}.txt", dest: /etc/t}}
- {name: missing, copy: {src: nope.txt, dest: /etc/n}}
`,
    'roles/r/templates/a.conf.j2': 'x\n',
    'files/top.txt': 'top\n',
  });
  const problems = await compileProblems(join(dir, 'site.yaml'));
  assert.is(problems.length, 1, problems.join('\n'));
  assert.match(problems[0]!, /roles\/r\/tasks\/main\.yaml:5:31: file not found: nope\.txt \(copy src\)\n {2}hint: looked in: .*roles\/r\/files\/nope\.txt/);
});

test.run();
