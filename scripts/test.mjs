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
    // A suite that printed its summary but does not exit (a test left a socket or timer running) would
    // hold CI until its time runs out: it gets 30 s, then it is stopped and counted as a failure. Nothing
    // runs longer than 50 minutes either.
    let hung = false;
    let grace;
    const stop = () => {
      hung = true;
      child.kill('SIGKILL');
    };
    const limit = setTimeout(stop, 50 * 60_000);
    child.stdout.on('data', (b) => {
      out += b;
      process.stdout.write(b);
      if (!grace && /Duration:/.test(out)) grace = setTimeout(stop, 30_000);
    });
    child.on('close', (code) => {
      clearTimeout(limit);
      clearTimeout(grace);
      const failures = [...out.matchAll(/^\s+FAIL\s+(.+)$/gm)].map((m) => `${suite}: ${m[1].trim()}`);
      if (hung) failures.push(`${suite}: the suite did not exit by itself (a test left something running); stopped`);
      const num = (label) => Number(new RegExp(`${label}:\\s+(\\d+)`).exec(out)?.[1]);
      const total = num('Total');
      const passed = num('Passed');
      const skipped = num('Skipped') || 0;
      if (Number.isNaN(total) || Number.isNaN(passed)) {
        const empty = /No test files|Total:\s+0/.test(out) && code === 0;
        return resolve({ suite, total: empty ? 0 : 1, passed: 0, skipped: 0, crashed: !empty, code, failures });
      }
      resolve({ suite, total: total + (hung ? 1 : 0), passed, skipped, code, failures });
    });
  });
}

let passed = 0;
let failed = 0;
let skipped = 0;
const failures = [];
for (const suite of suites) {
  console.log(`\n=== ${suite} ===`);
  const r = await runSuite(suite);
  if (r.missing) continue;
  if (r.crashed) console.log(`suite ${suite} printed no summary (exit code ${r.code}): counted as a failure`);
  if (r.crashed) failures.push(`${suite}: printed no summary (exit code ${r.code})`);
  failures.push(...r.failures);
  passed += r.passed;
  skipped += r.skipped;
  failed += r.total - r.passed; // uvu's Total does not include skipped tests
}
// Every failed test by name, just above the line CI reads.
if (failures.length) console.log(`\nfailed:\n${failures.map((f) => `  ${f}`).join('\n')}`);
console.log(`\n${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exitCode = failed > 0 ? 1 : 0;
