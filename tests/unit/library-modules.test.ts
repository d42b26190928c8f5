// Issue 12, modules of one's own: the fixture project's library/key_value.mjs is validated, listed, checked
// and applied like a built-in module (converge: check predicts, apply, a rerun changes nothing); a .ts
// module loads from source and from the built package; editor schemas include it; a broken module file is
// a located problem, never a stack trace.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatProblem, InvalidInputError } from '../../src/engine/errors.js';
import { projectModules } from '../../src/engine/library/load-library.js';
import { lookupModule, userModulesOf } from '../../src/engine/module-api/registry.js';
import { modules } from '../../src/modules/index.js';
import { withLocal } from '../helpers/local-tester.js';
import { tempDir } from './execute-harness.js';

const PROJECT = fileURLToPath(new URL('../fixtures/library-project', import.meta.url));
const PLAYBOOK = join(PROJECT, 'site.yaml');
const INVENTORY = join(PROJECT, 'inventory.yaml');

/** The built CLI (npm test builds first), or the source through tsx. */
function cli(args: string[], fromSource = false) {
  const entry = fromSource ? ['--import', 'tsx', 'src/cli/main.ts'] : ['bin/runbook.js'];
  return spawnSync(process.execPath, [...entry, ...args], { encoding: 'utf8', env: { ...process.env, CI: 'true' } });
}

test('the project module converges like a built-in one: check predicts, apply, rerun changes nothing', async () => {
  const registry = await projectModules(modules, PROJECT);
  const kv = lookupModule(registry, 'key_value');
  assert.ok(kv, 'key_value joined the registry');
  assert.equal(userModulesOf(registry).map((m) => m.name), ['key_value']);
  assert.is(lookupModule(modules, 'key_value'), undefined, 'the built-in registry is unchanged');
  await withLocal(async (h) => {
    const path = h.path('env');
    writeFileSync(path, 'A=1\nGREETING=bye\nB=2\n');
    const { second } = await h.converge(kv!, { path, key: 'GREETING', value: 'hello' });
    assert.is(readFileSync(path, 'utf8'), 'A=1\nGREETING=hello\nB=2\n');
    assert.is(second.reason, `GREETING is already set in ${path}`);
    await h.converge(kv!, { path, key: 'A', state: 'absent' });
    assert.is(readFileSync(path, 'utf8'), 'GREETING=hello\nB=2\n');
  });
});

test('docs/writing-modules.md shows this very module (the documented example is the tested one)', () => {
  const doc = readFileSync('docs/writing-modules.md', 'utf8');
  assert.ok(doc.includes(`\`\`\`js\n${readFileSync(join(PROJECT, 'library', 'key_value.mjs'), 'utf8')}\`\`\``));
});

test('listed, described, validated, checked and applied through the CLI', async () => {
  const list = cli(['modules', '--playbook-dir', PROJECT]);
  assert.is(list.status, 0, list.stderr);
  assert.match(list.stdout, /^key_value\s+Ensure KEY=value .*\(library\/\)$/m);
  assert.match(list.stdout, /^copy\s/m, 'with the built-in ones');
  const one = cli(['modules', 'key_value', '--playbook-dir', PROJECT]);
  assert.match(one.stdout, /state \("present" \| "absent", default "present"\)\n\s+Whether KEY has a line\./);

  const valid = cli(['validate', PLAYBOOK, '-i', INVENTORY]);
  assert.is(valid.status, 0, valid.stdout + valid.stderr);
  // A wrong argument of the project's module is found before any host is touched, at its place.
  const dir = await tempDir();
  mkdirSync(join(dir, 'library'));
  writeFileSync(join(dir, 'library', 'key_value.mjs'), readFileSync(join(PROJECT, 'library', 'key_value.mjs')));
  writeFileSync(join(dir, 'site.yaml'), readFileSync(PLAYBOOK, 'utf8').replace('key: GREETING', 'kye: GREETING'));
  const bad = cli(['validate', join(dir, 'site.yaml'), '-i', INVENTORY]);
  assert.is(bad.status, 1, bad.stdout);
  assert.match(bad.stdout, /site\.yaml:7:9: unknown key "kye" in key_value arguments/);

  const target = join(dir, 'env');
  const run = (...extra: string[]) => cli(['apply', PLAYBOOK, '-i', INVENTORY, '-e', `target=${target}`, '--json', ...extra]);
  const changedOf = (stdout: string) => {
    const recap = stdout.trim().split('\n').map((l) => JSON.parse(l)).find((e) => e.kind === 'recap');
    return recap.stats.localhost.changed as number;
  };
  const check = run('--check');
  assert.is(check.status, 3, check.stderr);
  assert.is(changedOf(check.stdout), 1);
  assert.throws(() => readFileSync(target), /ENOENT/, 'check mode changed nothing');
  const applied = run();
  assert.is(applied.status, 0, applied.stderr);
  assert.is(readFileSync(target, 'utf8'), 'GREETING=hello\n');
  const again = run();
  assert.is(again.status, 0, again.stderr);
  assert.is(changedOf(again.stdout), 0);
});

test('runbook schemas -o DIR: the project schemas know the module and its arguments', async () => {
  const out = await tempDir();
  const r = cli(['schemas', '-o', out, '--playbook-dir', PROJECT]);
  assert.is(r.status, 0, r.stderr);
  for (const name of ['playbook', 'tasks', 'handlers', 'vars', 'role-meta', 'inventory']) readFileSync(join(out, `${name}.schema.json`));
  const tasks = JSON.parse(readFileSync(join(out, 'tasks.schema.json'), 'utf8'));
  assert.ok(tasks.definitions.args_key_value, 'key_value arguments');
  assert.ok(tasks.definitions.module_task.properties.key_value, 'key_value as a task key');
  assert.ok(tasks.definitions.module_task.properties.copy, 'and the built-in modules');
  const committed = JSON.parse(readFileSync('schemas/tasks.schema.json', 'utf8'));
  assert.not.ok(committed.definitions.args_key_value, 'the committed schemas stay the built-in ones');
});

const TS_MODULE = `import { defineModule, ModuleFailure, type Plan } from 'runbook/module-api';

export default defineModule({
  name: 'say',
  summary: 'Say something (a TypeScript module).',
  params: { type: 'object', additionalProperties: false, required: ['text'], properties: { text: { type: 'string', description: 'What to say.' } } },
  async plan(_ctx, params): Promise<Plan> {
    if (params.text === 'fail') throw new ModuleFailure('asked to fail');
    return { changes: [], reason: 'nothing to change', data: { msg: params.text.toUpperCase() } };
  },
});
`;

test('a .ts module runs from source (tsx) and from the built package; its ModuleFailure is a task failure', async () => {
  const dir = await tempDir();
  mkdirSync(join(dir, 'library'));
  writeFileSync(join(dir, 'library', 'say.ts'), TS_MODULE);
  writeFileSync(
    join(dir, 'site.yaml'),
    '- hosts: localhost\n  gather_facts: false\n  tasks:\n    - say: {text: hello there}\n      register: said\n    - debug: {msg: "{{ said.msg }}"}\n    - say: {text: fail}\n',
  );
  for (const fromSource of [false, true]) {
    const r = cli(['apply', join(dir, 'site.yaml'), '-i', INVENTORY], fromSource);
    assert.is(r.status, 2, `${fromSource ? 'source' : 'built'}: ${r.stdout}${r.stderr}`);
    assert.match(r.stdout, 'HELLO THERE');
    assert.match(r.stdout, /failed\s+asked to fail/);
    assert.not.match(r.stdout + r.stderr, 'internal error');
  }
});

async function problemsOf(files: Record<string, string>): Promise<string[]> {
  const dir = await tempDir();
  mkdirSync(join(dir, 'library'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, 'library', name), text);
  try {
    await projectModules(modules, dir);
  } catch (e) {
    if (!(e instanceof InvalidInputError)) throw e;
    return e.problems.map((p) => formatProblem(p).replace(`${join(dir, 'library')}/`, ''));
  }
  throw new Error('the broken library loaded');
}

test('broken module files: every one a located problem', async () => {
  const good = readFileSync(join(PROJECT, 'library', 'key_value.mjs'), 'utf8');
  const problems = await problemsOf({
    'syntax.mjs': 'export default {\n  name: "syntax",\n  summary: "x" +,\n};\n',
    'nodefault.mjs': 'export const thing = 1;\n',
    'nodesc.mjs': good.replace("name: 'key_value'", "name: 'nodesc'").replace("description: 'The variable name.'", "title: 'key'"),
    'wrongname.mjs': good,
    'copy.mjs': good.replace("'key_value'", "'copy'"),
    'badtype.mjs': good.replace("name: 'key_value'", "name: 'badtype'").replace("path: { type: 'string'", "path: { type: 'strnig'"),
    'throws.mjs': 'const x = 1;\nthrow new Error("boom at load");\n',
  });
  const first = problems.map((p) => p.split('\n')[0]);
  assert.equal(first, [
    'badtype.mjs:25:7: params is not a valid JSON Schema: schema is invalid: data/properties/path/type must be equal to one of the allowed values, data/properties/path/type must be array, data/properties/path/type must match a schema in anyOf',
    'copy.mjs:1:1: "copy" is the name of a built-in module',
    'nodefault.mjs:1:1: module file has no default export (a module made with defineModule)',
    'nodesc.mjs:26:7: parameter "key" has no description',
    'syntax.mjs:3:17: module file does not load (syntax error): Unexpected token \',\'',
    'throws.mjs:2:7: module file does not load (error): boom at load',
    'wrongname.mjs:18:3: the module is named "key_value" but its file is wrongname.mjs',
  ]);
  assert.match(problems.find((p) => p.startsWith('nodefault'))!, 'hint: export default defineModule');
});

test('the CLI shows a broken library as located problems, exit 1, no stack trace', async () => {
  const dir = await tempDir();
  mkdirSync(join(dir, 'library'));
  writeFileSync(join(dir, 'library', 'oops.mjs'), 'export default {\n  name: "oops",\n  summary: "x" +,\n};\n');
  writeFileSync(join(dir, 'site.yaml'), '- hosts: localhost\n  tasks: []\n');
  for (const args of [['validate', join(dir, 'site.yaml'), '-i', INVENTORY], ['apply', join(dir, 'site.yaml'), '-i', INVENTORY], ['modules', '--playbook-dir', dir]]) {
    const r = cli(args);
    const out = r.stdout + r.stderr;
    assert.is(r.status, 1, `${args[0]}: ${out}`);
    assert.match(out, `${join(dir, 'library', 'oops.mjs')}:3:`);
    assert.not.match(out, /\n\s+at /, `${args[0]}: no stack trace`);
  }
});

test.run();
