// `runbook/module-api`: what a project's own modules (`library/*.ts|.js|.mjs`) import — the same contract
// the built-in modules implement (defineModule, Fact, Plan, Change, ModuleFailure) and the one quoting
// helper every command line is built with. package.json's `exports` points here (built: dist/); a running
// runbook also maps the specifier to its own copy (engine/library/resolve-hook.ts), so a module gets the
// very classes the engine checks with `instanceof`, even when runbook is installed globally.

export * from './index.js';
export { argv, cmd, quote } from '../quote.js';
