// Compile-time check that the files a task names on the controller exist (`file_template: {src: x.j2}`
// in the role's templates/), so a typo fails before any host is touched. Templated paths are left for
// run time. Uses the same search order as the modules (src/engine/controller-files.ts).

import { readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { templateSyntaxProblem } from '../expressions/template.js';
import { basename, dirname, join } from 'node:path';
import { findControllerFile, searchPaths } from './controller-files.js';
import type { AnyModule } from '../module-api/module.js';
import { closest } from '../validate/did-you-mean.js';
import { displayPath, type CompileContext } from './context.js';
import type { ModuleArgs } from './module-args.js';

export async function checkControllerFiles(mod: AnyModule, margs: ModuleArgs, roleDir: string | undefined, ctx: CompileContext): Promise<void> {
  for (const { param, kind } of mod.controllerFiles ?? []) {
    const path = margs.args[param];
    if (typeof path !== 'string' || path.includes('{{')) continue;
    const { found, searched } = await findControllerFile(kind, path, roleDir, ctx.playbookDir);
    if (found) {
      if (kind === 'templates') await checkTemplateFile(found, ctx);
      continue;
    }
    const nearby = similarFile(path, siblings(searchPaths(kind, path, roleDir, ctx.playbookDir)));
    ctx.report({
      loc: margs.locs[param] ?? margs.loc,
      message: `${kind === 'templates' ? 'template' : 'file'} not found: ${path} (${mod.name} ${param})`,
      hint: `${nearby ? `did you mean "${nearby}"? ` : ''}looked in: ${searched.map(displayPath).join(', ')}`,
    });
  }
}

/** A template file's syntax and filter names, located inside the file: apply would fail on it after earlier tasks ran. */
async function checkTemplateFile(file: string, ctx: CompileContext): Promise<void> {
  const p = templateSyntaxProblem(await readFile(file, 'utf8'), file);
  if (p) ctx.report({ loc: { file: displayPath(file), line: p.line ?? 1, col: p.col ?? 1 }, message: p.message });
}

/**
 * The existing file whose name is closest to `path`'s, compared without the extension (`nginx.conf.j2`
 * for `ngnix.conf.j2`, but not `top.txt` for `nope.txt` just because both end in `.txt`).
 */
function similarFile(path: string, names: string[]): string | undefined {
  const stem = (name: string) => name.replace(/\.[^.]*$/, '');
  const byStem = new Map(names.map((n) => [stem(n), n]));
  const [near] = closest(stem(basename(path)), byStem.keys());
  return near === undefined ? undefined : join(dirname(path), byStem.get(near)!);
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
