// Run a fixture playbook in-process on the local connection and keep every event, for executor tests.

import { rmSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compilePlaybook } from '../../src/engine/compile/index.js';
import { modules } from '../../src/modules/index.js';
import type { RunEvent, TaskResult } from '../../src/engine/events.js';
import { loadInventory } from '../../src/engine/inventory/index.js';
import { runPlaybook, type RunOptions, type RunSummary } from '../../src/engine/execute/run-playbook.js';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');

export const fixture = (path: string) => join(FIXTURES, path);

const temps: string[] = [];
process.on('exit', () => {
  for (const t of temps) rmSync(t, { recursive: true, force: true });
});

export async function tempDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'runbook-exec-'));
  temps.push(d);
  return d;
}

export async function runFixture(
  playbookFile: string,
  opts: Partial<Omit<RunOptions, 'emit' | 'signal' | 'inventory'>> & { inventoryFile?: string; signal?: AbortSignal } = {},
): Promise<{ summary: RunSummary; events: RunEvent[] }> {
  const inventory = await loadInventory(opts.inventoryFile ?? join(dirname(playbookFile), 'inventory.yaml'));
  const playbook = await compilePlaybook(playbookFile, { modules, extraVars: opts.extraVars });
  const events: RunEvent[] = [];
  const summary = await runPlaybook(playbook, {
    check: false,
    diff: false,
    ...opts,
    inventory,
    emit: (e) => events.push(e),
    signal: opts.signal ?? new AbortController().signal,
  });
  return { summary, events };
}

/** The aggregate result of the task named `name` on `host` (what `register` stored). */
export function resultOf(events: RunEvent[], name: string, host: string): TaskResult {
  const e = events.find((x) => x.kind === 'host-result' && x.task.name === name && x.host === host);
  if (!e || e.kind !== 'host-result') throw new Error(`no result for task "${name}" on ${host}`);
  return e.result;
}
