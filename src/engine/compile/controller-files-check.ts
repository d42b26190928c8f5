// Compile-time check that the files a task names on the controller exist (`file_template: {src: x.j2}`
// in the role's templates/), so a typo fails before any host is touched. Templated paths are left for
// run time. Uses the same search order as the modules (src/engine/controller-files.ts).

import { readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { findControllerFile, searchPaths } from '../controller-files.js';
import type { AnyModule } from '../../modules/types.js';
import { closest } from '../validate/did-you-mean.js';
import { displayPath, type CompileContext } from './context.js';
import type { ModuleArgs } from './module-args.js';

export async function checkControllerFiles(mod: AnyModule, margs: ModuleArgs, roleDir: string | undefined, ctx: CompileContext): Promise<void> {
  for (const { param, kind } of mod.controllerFiles ?? []) {
    const path = margs.args[param];
    if (typeof path !== 'string' || path.includes('{{')) continue;
    const { found, searched } = await findControllerFile(kind, path, roleDir, ctx.playbookDir);
    if (found) continue;
    const near = closest(basename(path), siblings(searchPaths(kind, path, roleDir, ctx.playbookDir)), 1)[0];
    const nearby = near === undefined ? undefined : join(dirname(path), near);
    ctx.report({
      loc: margs.locs[param] ?? margs.loc,
      message: `${kind === 'templates' ? 'template' : 'file'} not found: ${path} (${mod.name} ${param})`,
      hint: `${nearby ? `did you mean "${nearby}"? ` : ''}looked in: ${searched.map(displayPath).join(', ')}`,
    });
  }
}

/** Names of the files next to each place the path was looked for, for "did you mean". */
function siblings(candidates: string[]): string[] {
  const names: string[] = [];
  for (const c of candidates) {
    try {
      names.push(...readdirSync(dirname(c)));
    } catch {
      // a search directory that does not exist has nothing to suggest
    }
  }
  return names;
}
