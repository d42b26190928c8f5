// Makes `import … from 'runbook/module-api'` in a project's module file resolve to the running runbook's own
// module-api, whatever node_modules the project has (none, when runbook is installed globally; another
// version, when it has its own). One copy means one ModuleFailure class: the executor's `instanceof` holds.
// The hook is registered with node:module's `register` (Node ≥ 20.6) as a data: URL, so it needs no file of
// its own in either the source tree or the built package.

import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as nodeModule from 'node:module';

export const PUBLIC_SPECIFIER = 'runbook/module-api';

/** The module-api entry of this runbook: the built .js, or the .ts when running from source. */
export function publicEntryUrl(): string {
  const js = new URL('../module-api/public.js', import.meta.url);
  if (existsSync(fileURLToPath(js))) return js.href;
  return pathToFileURL(fileURLToPath(js).replace(/\.js$/, '.ts')).href;
}

// Runs in Node's loader thread: plain JavaScript, the target handed in through `initialize`.
const HOOK = `
let target;
export function initialize(data) { target = data.target; }
export async function resolve(specifier, context, next) {
  if (specifier === ${JSON.stringify(PUBLIC_SPECIFIER)}) return next(target, context);
  return next(specifier, context);
}
`;

let registered = false;

/** Register the hook once per process; false when this Node cannot (then normal resolution applies). */
export function registerResolveHook(): boolean {
  if (registered) return true;
  const register = (nodeModule as { register?: (url: string, opts: object) => void }).register;
  if (typeof register !== 'function') return false;
  register(`data:text/javascript,${encodeURIComponent(HOOK)}`, { parentURL: import.meta.url, data: { target: publicEntryUrl() } });
  registered = true;
  return true;
}
