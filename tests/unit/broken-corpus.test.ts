// The broken-playbook corpus: each directory of tests/fixtures/broken/ is one mistake, with expect.json
// giving where it must be reported (`file:line:col`, relative to the case) and a fragment of the message
// or hint. Every case runs through the real CLI (`runbook validate`), as a user would see it.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const CORPUS = 'tests/fixtures/broken';
const SHARED_INVENTORY = join(CORPUS, 'inventory.yaml');

interface Expect {
  at: string;
  fragment: string;
}

interface Run {
  code: number;
  out: string;
}

function validate(playbook: string, inventory: string): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'validate', playbook, '-i', inventory], (err, stdout, stderr) => {
      resolve({ code: err ? Number(err.code) : 0, out: stdout + stderr });
    });
  });
}

/** Run the cases two at a time: each is a node process, and the machine is shared. */
async function runAll(cases: string[]): Promise<Map<string, Run>> {
  const results = new Map<string, Run>();
  const queue = [...cases];
  const worker = async () => {
    for (let c = queue.shift(); c !== undefined; c = queue.shift()) {
      const dir = join(CORPUS, c);
      const inventory = existsSync(join(dir, 'inventory.yaml')) ? join(dir, 'inventory.yaml') : SHARED_INVENTORY;
      results.set(c, await validate(join(dir, 'playbook.yaml'), inventory));
    }
  };
  await Promise.all([worker(), worker()]);
  return results;
}

/** Problem blocks: a `file:line:col: message` line with its `  hint:` line, if any. */
function problemBlocks(out: string): string[] {
  return out.split(/\n(?!  hint:)/).filter((b) => b.trim() !== '');
}

// Phrases of ajv's own messages: none may reach the user.
const RAW_AJV = [/must NOT have additional properties/, /must have required property/, /must match exactly one schema/, /must match "(then|else)" schema/, /must match a schema in anyOf/, /instancePath|schemaPath/];

const cases = readdirSync(CORPUS, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();
const results = await runAll(cases);

test('the corpus holds at least 20 broken playbooks, each with its expectation', () => {
  assert.ok(cases.length >= 20, `only ${cases.length} cases`);
  for (const c of cases) assert.ok(existsSync(join(CORPUS, c, 'expect.json')), `${c} has no expect.json`);
});

for (const c of cases) {
  test(`broken/${c}: exit 1, reported at the expected place with a clear message`, () => {
    const expected = JSON.parse(readFileSync(join(CORPUS, c, 'expect.json'), 'utf8')) as Expect;
    const { code, out } = results.get(c)!;
    assert.is(code, 1, out);
    const at = `${join(CORPUS, c, expected.at)}: `;
    const block = problemBlocks(out).find((b) => b.startsWith(at));
    assert.ok(block, `no problem reported at ${at}\n${out}`);
    assert.ok(block.includes(expected.fragment), `expected ${JSON.stringify(expected.fragment)} in:\n${block}`);
    for (const b of problemBlocks(out)) {
      const summary = / \d+ problems?$/.test(b);
      assert.ok(summary || /^\S+:\d+:\d+: /.test(b), `problem without a location:\n${b}`);
      for (const raw of RAW_AJV) assert.not.match(b, raw, `raw ajv message:\n${b}`);
    }
  });
}

test('a valid playbook with roles, imports and handlers passes the same command (exit 0)', async () => {
  const { code, out } = await validate('tests/fixtures/lang/playbooks/site.yaml', 'tests/fixtures/lang/inventory.yaml');
  assert.is(code, 0, out);
  assert.match(out, /site\.yaml: ok \(2 plays, 13 tasks\)/);
});

test.run();
