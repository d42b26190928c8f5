#!/usr/bin/env node
// Runs the test suites with uvu (TypeScript through tsx) and ends with the line CI reads:
// `N passed, N failed, N skipped`. Each suite runs in its own process; a suite that prints no summary
// (a file failed to load, the process crashed) counts as one failure, so nothing is silently lost.
//   node scripts/test.mjs                 all suites: unit, modules, lab
//   node scripts/test.mjs unit modules    some suites
//   node scripts/test.mjs unit inventory  one suite, files matching a pattern
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SUITES = ['unit', 'modules', 'lab'];
const args = process.argv.slice(2);
const suites = args.length && SUITES.includes(args[0]) ? args.filter((a) => SUITES.includes(a)) : SUITES;
const pattern = args.find((a) => !SUITES.includes(a));

function runSuite(suite) {
  return new Promise((resolve) => {
    const dir = `tests/${suite}`;
    if (!existsSync(dir)) return resolve({ suite, total: 0, passed: 0, skipped: 0, missing: true });
    const re = pattern ? `${pattern}.*\\.test\\.ts$` : '\\.test\\.ts$';
    const child = spawn(process.execPath, ['--import', 'tsx', 'node_modules/uvu/bin.js', dir, re, '--no-color'], {
      stdio: ['ignore', 'pipe', 'inherit'],
      // Each suite's runs lock hosts with their own file, so that suites run at the same time on one
      // machine (two checkouts, a developer's apply) do not see each other's run lock on localhost.
      env: { ...process.env, FORCE_COLOR: '0', RUNBOOK_LOCK_FILE: process.env.RUNBOOK_LOCK_FILE || join(tmpdir(), `runbook-test-${process.pid}-${suite}.lock`) },
    });
    let out = '';
    child.stdout.on('data', (b) => {
      out += b;
      process.stdout.write(b);
    });
    child.on('close', (code) => {
      const num = (label) => Number(new RegExp(`${label}:\\s+(\\d+)`).exec(out)?.[1]);
      const total = num('Total');
      const passed = num('Passed');
      const skipped = num('Skipped') || 0;
      if (Number.isNaN(total) || Number.isNaN(passed)) {
        const empty = /No test files|Total:\s+0/.test(out) && code === 0;
        return resolve({ suite, total: empty ? 0 : 1, passed: 0, skipped: 0, crashed: !empty, code });
      }
      resolve({ suite, total, passed, skipped, code });
    });
  });
}

let passed = 0;
let failed = 0;
let skipped = 0;
for (const suite of suites) {
  console.log(`\n=== ${suite} ===`);
  const r = await runSuite(suite);
  if (r.missing) continue;
  if (r.crashed) console.log(`suite ${suite} printed no summary (exit code ${r.code}): counted as a failure`);
  passed += r.passed;
  skipped += r.skipped;
  failed += r.total - r.passed; // uvu's Total does not include skipped tests
}
console.log(`\n${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exitCode = failed > 0 ? 1 : 0;
