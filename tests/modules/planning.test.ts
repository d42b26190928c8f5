// The planning table: every module planned against a host made of data (facts in, changes or a no-op
// reason or a failure out). The controller files the cases name live in a temp dir.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ModuleFailure } from '../../src/engine/errors.js';
import { planCases } from './cases/planning-cases.js';
import { planOn } from './fake-host.js';

const controller = mkdtempSync(join(tmpdir(), 'runbook-plan-'));
mkdirSync(join(controller, 'templates'));
writeFileSync(join(controller, 'templates', 't.hbs'), 'v={{ v }}\n');
const findFile = (kind: string, path: string) => join(controller, kind, path);

for (const c of planCases) {
  test(c.name, async () => {
    const run = () => planOn(c.module, c.params, { facts: c.facts, vars: c.vars, exec: c.exec, check: c.check, findFile });
    if (c.error !== undefined) {
      await run().then(
        () => assert.unreachable(`expected failure: ${c.error}`),
        (e: Error) => {
          assert.instance(e, ModuleFailure);
          assert.ok(e.message.startsWith(c.error!), `${e.message}\n  should start with\n${c.error}`);
        },
      );
      return;
    }
    const plan = await run();
    if (c.changes) assert.equal(plan.changes.map((ch) => ch.summary), c.changes);
    if (c.changes?.length) for (const ch of plan.changes) assert.ok(ch.diff, `every change carries a diff: ${ch.summary}`);
    if (c.reason !== undefined) assert.is(plan.reason, c.reason);
    if (c.unpredictable !== undefined) assert.is(Boolean(plan.unpredictable), c.unpredictable);
    if (c.data) for (const [k, v] of Object.entries(c.data)) assert.equal(plan.data?.[k], v, `data.${k}`);
  });
}

test.after(() => rmSync(controller, { recursive: true, force: true }));
test.run();
