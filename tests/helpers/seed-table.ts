// The runner for the seed modules' planning tables: each case is recorded command output and params in,
// and the expected verdict out — the exact command lines to run, or a no-op with its reason, or an error.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Plan } from '../../src/engine/module-api/module.js';
import { commandsOf } from './plans.js';

const DIR = join(fileURLToPath(new URL('.', import.meta.url)), '..', 'fixtures', 'seed');

/** A recorded output file under tests/fixtures/seed/. */
export const recorded = (path: string) => readFileSync(join(DIR, path), 'utf8');

export type Expect =
  /** These command lines, in this order (and a summary matching `summary`, when given). */
  | { run: string[]; summary?: RegExp }
  /** Nothing to do, for this reason. */
  | { reason: RegExp }
  /** Planning refuses, with this message. */
  | { error: RegExp };

export interface Case {
  name: string;
  plan: () => Plan;
  expect: Expect;
}

export function verdict(plan: () => Plan, expect: Expect): void {
  if ('error' in expect) {
    assert.throws(plan, expect.error);
    return;
  }
  const p = plan();
  if ('reason' in expect) {
    assert.equal(commandsOf(p), [], 'expected no changes');
    assert.match(p.reason ?? '', expect.reason);
    return;
  }
  assert.equal(commandsOf(p), expect.run);
  if (expect.summary) assert.match(p.changes.map((s) => s.summary).join('; '), expect.summary);
  assert.is(p.reason, undefined, 'a plan with changes gives no no-op reason');
}

/** Register one uvu test per case. */
export function table(prefix: string, cases: Case[]): void {
  for (const c of cases) test(`${prefix}: ${c.name}`, () => verdict(c.plan, c.expect));
}
