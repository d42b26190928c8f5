// Everything the project refers to is in the repository: no doc, script, message or comment may send a
// user to a file they do not have — the maintainers' notes outside the repository (`../shared/…`,
// `LAB.md`) or an absolute path on the machine it was written on. What the lab is lives in docs/lab.md.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const SCANNED = ['README.md', 'docs', 'scripts', 'src', 'bench', 'tests', 'playbooks', 'roles', '.ci', 'bin', 'package.json', 'inventory.yaml'];
const SELF = relative(REPO, fileURLToPath(import.meta.url));

const FORBIDDEN: [RegExp, string][] = [
  [/\.\.\/shared\b|(?<![\w.-])shared\//, 'a path into the maintainers\' shared notes'],
  [/\bLAB\.md\b/, 'LAB.md (the lab is described in docs/lab.md)'],
  // An absolute path of the machine it was written on (an overlay's `${d}/work/x` is not one).
  [/(?<![\w}$).-])\/work\//, 'an absolute /work/ path'],
];

function files(path: string): string[] {
  const full = join(REPO, path);
  if (statSync(full).isFile()) return [path];
  return readdirSync(full).flatMap((name) => (name === 'node_modules' ? [] : files(join(path, name))));
}

function offences(text: string): string[] {
  return FORBIDDEN.filter(([re]) => re.test(text)).map(([, what]) => what);
}

test('the patterns catch what they are for, and let docs/lab.md and overlay paths through', () => {
  assert.equal(offences('see [the write-up](../shared/seed/docker-vm-as-lan-peer.md)'), ['a path into the maintainers\' shared notes']);
  assert.equal(offences('// the recipe (shared/seed/x.md)'), ['a path into the maintainers\' shared notes']);
  assert.equal(offences('needs root (see LAB.md)'), ['LAB.md (the lab is described in docs/lab.md)']);
  assert.equal(offences('as in /work/shared/reference/x'), ["a path into the maintainers' shared notes", 'an absolute /work/ path']);
  assert.equal(offences('see docs/lab.md; the kernel is shared; workdir=${d}/work/etc; `${x}/work/y`'), []);
});

test('README, docs, scripts, sources, bench, tests, playbooks and roles refer to nothing outside the repository', () => {
  const scanned = SCANNED.flatMap(files).filter((f) => f !== SELF && !/\.(tgz|tar|png)$/.test(f));
  assert.ok(scanned.length > 100, `scanned ${scanned.length} files`);
  const found: string[] = [];
  for (const f of scanned) {
    readFileSync(join(REPO, f), 'utf8').split('\n').forEach((line, i) => {
      for (const what of offences(line)) found.push(`${f}:${i + 1}: ${what}: ${line.trim()}`);
    });
  }
  assert.equal(found, []);
});

test('docs/lab.md exists and README links it', () => {
  assert.ok(statSync(join(REPO, 'docs/lab.md')).size > 1000);
  assert.match(readFileSync(join(REPO, 'README.md'), 'utf8'), /\]\(docs\/lab\.md\)/);
});

test.run();
