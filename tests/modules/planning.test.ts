// The planning table: every module planned through the module tester against a host made of data (facts
// as values in, changes or a no-op reason or a failure out; any command other than the case's own
// answers is refused). The controller files the cases name live in a temp dir.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ModuleFailure } from '../../src/engine/errors.js';
import { planCases } from './cases/planning-cases.js';
import { TableFacts } from '../helpers/fact-table.js';
import { ModuleTester } from '../helpers/module-tester.js';
import { recordedConnection } from '../helpers/recorded-transport.js';

const controller = mkdtempSync(join(tmpdir(), 'runbook-plan-'));
mkdirSync(join(controller, 'templates'));
writeFileSync(join(controller, 'templates', 't.hbs'), 'v={{ v }}\n');

for (const c of planCases) {
  test(c.name, async () => {
    const { conn } = recordedConnection({ unmatched: 'refuse', execs: c.exec ? [[/(?:)/, c.exec]] : [] });
    const tester = new ModuleTester(conn, { vars: c.vars, controllerDir: controller, diff: false, factReader: (reader) => new TableFacts(reader, c.facts ?? []) });
    const run = () => tester.plan(c.module, c.params, c.check ?? false);
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
