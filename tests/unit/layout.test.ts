// The arrows of the house point one way: modules implement the engine's contract (src/engine/module-api),
// the engine is handed a registry and never imports a module. A new import from src/engine into src/modules
// fails here, naming the file and the line.

import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? tsFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** Every relative import of a file, resolved to a path from the repository root, with its line. */
function importsOf(file: string): { target: string; line: number }[] {
  const found: { target: string; line: number }[] = [];
  readFileSync(file, 'utf8').split('\n').forEach((text, i) => {
    for (const m of text.matchAll(/(?:from|import)\s*\(?\s*['"](\.\.?\/[^'"]+)['"]/g)) {
      found.push({ target: normalize(join(dirname(file), m[1]!)), line: i + 1 });
    }
  });
  return found;
}

test('no file in src/engine imports from src/modules', () => {
  const upward = tsFiles('src/engine').flatMap((file) =>
    importsOf(file).filter((i) => i.target.startsWith('src/modules/')).map((i) => `${file}:${i.line} imports ${i.target}`),
  );
  assert.equal(upward, []);
});

test('the check sees imports at all (it would find the CLI handing the registry in)', () => {
  const cli = importsOf('src/cli/commands/apply.ts').map((i) => i.target);
  assert.ok(cli.includes('src/modules/index.js'), cli.join(', '));
});

test('no module helper folders named after when they were written', () => {
  const dirs = readdirSync('src/modules', { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
  assert.equal(dirs.filter((d) => /helpers/.test(d)), []);
});

test.run();
