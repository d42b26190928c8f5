// The built CLI validates with validators precompiled at build time; tests from source compile them on
// demand. Both must report the same problems, word for word.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const cases = ['misspelled-module', 'wrong-arg-type', 'missing-required-arg', 'unknown-handler', 'bad-host-pattern'];

function run(args: string[]): string {
  try {
    return execFileSync(process.execPath, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    const err = e as { stdout: string; stderr: string; status: number };
    return `exit ${err.status}\n${err.stdout}${err.stderr}`;
  }
}

test('precompiled and on-demand validators report the same problems', () => {
  assert.ok(existsSync('dist/engine/validate/precompiled/doc_playbook_schema_json.cjs'), 'npm run build makes dist/engine/validate/precompiled/');
  for (const name of cases) {
    const dir = `tests/fixtures/broken/${name}`;
    assert.ok(existsSync(`${dir}/playbook.yaml`), `corpus case ${name} exists`);
    const inventory = existsSync(`${dir}/inventory.yaml`) ? `${dir}/inventory.yaml` : 'tests/fixtures/broken/inventory.yaml';
    const built = run(['bin/runbook.js', 'validate', `${dir}/playbook.yaml`, '-i', inventory]);
    const source = run(['--import', 'tsx', 'src/cli/main.ts', 'validate', `${dir}/playbook.yaml`, '-i', inventory]);
    assert.match(built, /^exit 1\n/, `${name} is refused`);
    assert.is(built, source, name);
  }
});

test.run();
