#!/usr/bin/env node
// The CLI entry: built JavaScript only (npm run build), no TypeScript at run time.
// `runbook --version` is answered here, before the CLI and its dependencies load (a bare node start is most
// of what it costs). Node 22+ also keeps V8's compiled code between runs (module.enableCompileCache), which
// spares re-parsing dist/ and the dependencies on every start; Node 20 has no such cache and skips it.
import { readFileSync } from 'node:fs';
import module from 'node:module';

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  process.stdout.write(`${JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version}\n`);
} else {
  try {
    module.enableCompileCache?.();
  } catch {
    // a cache directory that cannot be written only costs the speed-up
  }
  await import('../dist/cli/main.js');
}
