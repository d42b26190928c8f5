#!/usr/bin/env node
// The CLI entry: built JavaScript only (npm run build), no TypeScript at run time. CommonJS (bin/package.json):
// Node starts it a few milliseconds sooner than an ES module, which is most of `runbook --version`.
// `runbook --version` is answered here, before the CLI and its dependencies load. Node 22+ also keeps V8's
// compiled code between runs (module.enableCompileCache), which spares re-parsing dist/ and the dependencies
// on every start; Node 20 has no such cache and skips it.
'use strict';

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  const { readFileSync } = require('node:fs');
  const { join } = require('node:path');
  process.stdout.write(`${JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')).version}\n`);
} else {
  try {
    require('node:module').enableCompileCache?.();
  } catch {
    // a cache directory that cannot be written only costs the speed-up
  }
  // The CLI is an ES module; a failure to load it is a crash, as it was for a top-level await.
  import('../dist/cli/main.js').catch((e) => {
    process.exitCode = 1;
    console.error(e);
  });
}
