// Ansible's `type: path` arguments (file paths, dest, chdir, creates...) have `~` and `$VAR` expanded on the
// managed host (os.path.expanduser(os.path.expandvars(…)), with the become user's HOME), so `path: ~/.bashrc`
// edits the same file under runbook as under Ansible. Only values that contain `~` or `$` are sent to the
// host; the expansion is done by its sh through the inert words of `argWord`, never by evaluating the value.

import type { Fact, ModuleContext } from '../../engine/module-api/module.js';
import { argWord } from '../commands/command-line.js';

const NEEDS_EXPANSION = /^~|\$/;

export function expandFact(value: string): Fact<string> {
  return { key: `expand:${value}`, command: `printf '%s' ${argWord(value, true)}`, parse: (stdout) => stdout };
}

/** A list of paths, each expanded on the host when it needs it (one round trip, and only if needed). */
export async function expandPathList(ctx: ModuleContext, paths: readonly string[]): Promise<string[]> {
  const pending = paths.filter((p) => NEEDS_EXPANSION.test(p));
  if (pending.length === 0) return [...paths];
  const values = new Map(pending.map((p, i) => [p, i]));
  const expanded = (await ctx.facts(...pending.map(expandFact))) as string[];
  return paths.map((p) => (values.has(p) ? expanded[values.get(p)!]! : p));
}

/** The params with the named path arguments expanded on the host (one round trip, and only if needed). */
export async function expandPaths<P extends object>(ctx: ModuleContext, params: P, keys: readonly (keyof P & string)[]): Promise<P> {
  const pending = keys.filter((k) => {
    const v = params[k];
    return typeof v === 'string' && NEEDS_EXPANSION.test(v);
  });
  if (pending.length === 0) return params;
  const values = (await ctx.facts(...pending.map((k) => expandFact(params[k] as string)))) as string[];
  const out = { ...params };
  pending.forEach((k, i) => {
    (out as Record<string, unknown>)[k] = values[i];
  });
  return out;
}
