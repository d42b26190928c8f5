// compilePlaybook: a playbook file → CompiledPlaybook, with roles, imports, vars files, tags and handlers
// resolved statically (include_tasks/include_role too when their target needs no fact; else on each host). Every file reached is validated against its schema; every problem in any of them
// is collected and thrown together as one InvalidInputError, so nothing runs on invalid input. Warnings
// (valid input that may not do what it seems to) are returned with the plan, ordered the same way.

import { dirname, resolve } from 'node:path';
import { InvalidInputError, type Problem } from '../errors.js';
import { locOf } from '../load/yaml.js';
import type { ModuleRegistry } from '../module-api/registry.js';
import { validateDocument } from '../validate/index.js';
import { CompileContext, displayPath, type FileRef } from './context.js';
import { conditionsOf, isMapping, mergeTags, tagsOf } from './keywords.js';
import { compilePlay, type ImportedBy } from './play.js';
import type { CompiledPlay, CompiledPlaybook, Vars } from './types.js';

export interface CompileOptions {
  /** The modules tasks may name (the CLI hands in src/modules' registry). */
  modules: ModuleRegistry;
  extraVars?: Record<string, unknown>;
}

export async function compilePlaybook(file: string, opts: CompileOptions): Promise<CompiledPlaybook> {
  const path = resolve(file);
  const ctx = new CompileContext(dirname(path), opts.extraVars ?? {}, opts.modules);
  const plays: CompiledPlay[] = [];
  await addPlaybook(path, { vars: {}, tags: [], when: [] }, { what: 'playbook' }, [], ctx, plays);
  if (ctx.problems.length > 0) throw new InvalidInputError(orderProblems(ctx.problems));
  return { file: path, dir: dirname(path), plays, warnings: orderProblems(ctx.warnings), notes: orderProblems(ctx.notes) };
}

/** The plays of `file`, and of the playbooks it imports (relative to it), in order. */
async function addPlaybook(file: string, importedBy: ImportedBy, ref: FileRef, chain: string[], ctx: CompileContext, plays: CompiledPlay[]): Promise<void> {
  const doc = await ctx.load(file, (d) => validateDocument('playbook', d, ctx.modules), ref, 'playbook');
  if (!doc || !Array.isArray(doc.value)) return;
  const entries: unknown[] = doc.value;
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i];
    if (!isMapping(entry)) continue;
    if (!('import_playbook' in entry)) {
      plays.push(await compilePlay(entry, locOf(entries, i)!, file, `p${plays.length}`, importedBy, ctx));
      continue;
    }
    const at = locOf(entry, 'import_playbook');
    const vars: Vars = { ...importedBy.vars, ...(isMapping(entry.vars) ? entry.vars : {}) };
    const written = typeof entry.import_playbook === 'string' ? ctx.renderPath(entry.import_playbook, vars, at) : undefined;
    if (written === undefined) continue;
    const target = resolve(dirname(file), written);
    if ([...chain, file].includes(target)) {
      ctx.report({ loc: at, message: `import_playbook cycle: ${[...chain, file, target].map(displayPath).join(' → ')}` });
      continue;
    }
    const inner: ImportedBy = {
      vars,
      tags: mergeTags(importedBy.tags, tagsOf(entry.tags)),
      when: [...importedBy.when, ...conditionsOf(entry, 'when', ctx)],
    };
    await addPlaybook(target, inner, { loc: at, what: 'imported playbook' }, [...chain, file], ctx, plays);
  }
}

/** Problems file by file (in the order files were reached), by position within a file, each once. */
export function orderProblems(problems: readonly Problem[]): Problem[] {
  const files: string[] = [];
  const seen = new Set<string>();
  const unique: Problem[] = [];
  for (const p of problems) {
    const key = `${p.loc?.file}:${p.loc?.line}:${p.loc?.col}:${p.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    unique.push(p);
    if (!files.includes(p.loc?.file ?? '')) files.push(p.loc?.file ?? '');
  }
  const rank = (p: Problem) => files.indexOf(p.loc?.file ?? '');
  return unique.sort((a, b) => rank(a) - rank(b) || (a.loc?.line ?? 0) - (b.loc?.line ?? 0) || (a.loc?.col ?? 0) - (b.loc?.col ?? 0));
}
