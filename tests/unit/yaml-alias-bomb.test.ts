// Issue 10.5: a 500-byte file of nested aliases ("billion laughs") expanded every alias again and took 30 s
// and 1.4 GB in `validate`. Expansion is capped: every way a YAML file comes in (playbook, inventory,
// vars_files, group_vars, -e @file) exits 1 with the alias's location, quickly.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseYaml, MAX_ALIAS_VALUES } from '../../src/engine/load/yaml.js';
import { InvalidInputError } from '../../src/engine/errors.js';
import { thrown } from '../helpers/errors.js';

/** Nine levels of nine aliases each: 9^9 values once expanded, from about 500 bytes. */
function bomb(indent = ''): string {
  const lines = [`${indent}a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]`];
  for (let i = 1; i <= 9; i++) {
    const p = `*a${i - 1}`;
    lines.push(`${indent}a${i}: &a${i} [${Array(9).fill(p).join(', ')}]`);
  }
  return lines.join('\n') + '\n';
}

test('a nested-alias bomb is refused at its outermost alias, not expanded', () => {
  const text = bomb();
  assert.ok(text.length < 600, `${text.length} bytes`);
  const e = thrown(InvalidInputError, () => parseYaml(text, 'bomb.yaml'));
  const msg = e.describe();
  // The cap counts across the file: a1…a4 add 8,190 values, a5 adds 66,429 (still below), a6's first
  // alias crosses it — reported at the outermost alias being expanded then, line 6 is a5's first *a4.
  assert.match(msg, /^bomb\.yaml:6:10: aliases in this file expand to more than 100000 values/);
});

test('an alias to a node that contains it is refused, not a stack overflow', () => {
  const e = thrown(InvalidInputError, () => parseYaml('a: &x\n  b: [*x]\n', 'loop.yaml'));
  assert.match(e.describe(), /^loop\.yaml:2:7: this alias refers to a node that contains it/);
});

test('ordinary aliases and merge keys still work, each alias a separate copy', () => {
  const { value } = parseYaml('d: &d {x: 1, y: [1, 2]}\ne: *d\nf: {<<: *d, x: 2}\n', 'ok.yaml') as { value: Record<string, Record<string, unknown>> };
  assert.equal(value.e, { x: 1, y: [1, 2] });
  assert.equal(value.f, { x: 2, y: [1, 2] });
  assert.is.not(value.e, value.d);
  assert.is.not(value.e!.y, value.d!.y);
});

test('the cap counts only what aliases add: a big file without aliases loads', () => {
  const big = Array.from({ length: MAX_ALIAS_VALUES + 10 }, (_, i) => `- ${i}`).join('\n');
  assert.is((parseYaml(big, 'big.yaml').value as unknown[]).length, MAX_ALIAS_VALUES + 10);
});

const dir = mkdtempSync(join(tmpdir(), 'runbook-bomb-'));
const cli = (...args: string[]) => spawnSync(process.execPath, ['bin/runbook.js', ...args], { encoding: 'utf8', timeout: 60_000 });
const ok = join(dir, 'ok.yaml');
writeFileSync(ok, '- hosts: localhost\n  gather_facts: false\n  tasks: [{debug: {msg: hi}}]\n');
writeFileSync(join(dir, 'bomb.yaml'), bomb());
writeFileSync(join(dir, 'play.yaml'), `- hosts: localhost\n  vars:\n${bomb('    ')}  tasks: [{debug: {msg: hi}}]\n`);
writeFileSync(join(dir, 'vf.yaml'), `- hosts: localhost\n  vars_files: [bomb.yaml]\n  tasks: [{debug: {msg: hi}}]\n`);
writeFileSync(join(dir, 'inv.yaml'), `all:\n  vars:\n${bomb('    ')}  hosts: {localhost: {connection: local}}\n`);
mkdirSync(join(dir, 'gv', 'group_vars'), { recursive: true });
writeFileSync(join(dir, 'gv', 'inv.yaml'), 'all:\n  hosts: {localhost: {connection: local}}\n');
writeFileSync(join(dir, 'gv', 'group_vars', 'all.yaml'), bomb());

for (const [what, args, file, line] of [
  ['a playbook (validate)', ['validate', join(dir, 'play.yaml')], 'play.yaml', 8],
  ['a playbook (apply)', ['apply', join(dir, 'play.yaml')], 'play.yaml', 8],
  ['vars_files', ['validate', join(dir, 'vf.yaml')], 'bomb.yaml', 6],
  ['an inventory', ['inventory', '-i', join(dir, 'inv.yaml'), '--list'], 'inv.yaml', 8],
  ['group_vars', ['validate', ok, '-i', join(dir, 'gv', 'inv.yaml')], 'all.yaml', 6],
  ['-e @file', ['apply', ok, '-e', `@${join(dir, 'bomb.yaml')}`], 'bomb.yaml', 6],
] as const) {
  test(`${what}: exit 1 with the located error`, () => {
    const r = cli(...args);
    assert.is(r.status, 1, r.stderr);
    assert.match(r.stdout + r.stderr, new RegExp(`${file}:${line}:\\d+: aliases in this file expand to more than`));
  });
}

test.run();
