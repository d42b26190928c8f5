// Test helper for compile tests: a throwaway directory tree of playbook files, and compiling with the
// problems returned instead of thrown.

import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { compilePlaybook } from '../../src/engine/compile/index.js';
import { modules } from '../../src/modules/index.js';
import type { CompiledPlaybook, TaskNode } from '../../src/engine/compile/types.js';
import { InvalidInputError, formatProblem } from '../../src/engine/errors.js';

/** Write `files` (relative path → content) under a new temporary directory; returns the directory. */
export function writeTree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'runbook-compile-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

/** Compile, expecting success; a failure shows every problem. */
export async function compileOk(file: string, extraVars?: Record<string, unknown>): Promise<CompiledPlaybook> {
  try {
    return await compilePlaybook(file, { modules, extraVars });
  } catch (e) {
    if (e instanceof InvalidInputError) throw new Error(`unexpected problems:\n${e.problems.map(formatProblem).join('\n')}`);
    throw e;
  }
}

/** Compile, expecting problems; returns them formatted (`file:line:col: message` + hint). */
export async function compileProblems(file: string): Promise<string[]> {
  try {
    await compilePlaybook(file, { modules });
  } catch (e) {
    if (e instanceof InvalidInputError) return e.problems.map(formatProblem);
    throw e;
  }
  throw new Error(`${file} compiled without problems`);
}

/** Every task node in order, blocks flattened (block, rescue, always). */
export function flatTasks(nodes: readonly TaskNode[]): TaskNode[] {
  return nodes.flatMap((n) =>
    n.kind === 'block' ? [n, ...flatTasks(n.block), ...flatTasks(n.rescue), ...flatTasks(n.always)] : n.kind === 'include' ? [n, ...Object.values(n.resolved).flatMap(flatTasks)] : [n],
  );
}

type Named = Exclude<TaskNode, { kind: 'flush_handlers' }>;

/** The task or block of that name, anywhere in the play. */
export function taskNamed(nodes: readonly TaskNode[], name: string): Named {
  const found = flatTasks(nodes).find((n): n is Named => n.kind !== 'flush_handlers' && n.name === name);
  if (!found) throw new Error(`no task named ${name}`);
  return found;
}
