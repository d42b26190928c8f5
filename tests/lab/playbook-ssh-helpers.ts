// Helpers for playbook-level lab tests: write a playbook directory, run the REAL CLI (`runbook apply … --json`)
// with a bound on its time, parse its NDJSON events, and check that a lab left nothing behind.

import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { HostStats, RunEvent } from '../../src/engine/events.js';
import { REPO } from './fixture.js';

export interface CliRun {
  code: number;
  events: RunEvent[];
  stdout: string;
  stderr: string;
}

/** A temporary directory with the given files (relative path -> content), removed by `cleanup`. */
export function writeTree(files: Record<string, string | Buffer>): { dir: string; path(p: string): string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'runbook-pb-'));
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), content);
  }
  return { dir, path: (p) => join(dir, p), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * `runbook <args>` through tsx, killed after `timeoutMs`. `onEvent` sees each NDJSON event as it arrives
 * (for tests that act in the middle of a run) — the run goes on while it awaits nothing.
 */
export function runCli(args: string[], opts: { timeoutMs?: number; onEvent?: (e: RunEvent) => void; env?: NodeJS.ProcessEnv } = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', `${REPO}src/cli/main.ts`, ...args], {
      cwd: REPO,
      env: { ...process.env, CI: 'true', FORCE_COLOR: '0', ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let pending = '';
    const events: RunEvent[] = [];
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 120_000);
    child.stdout.on('data', (b: Buffer) => {
      stdout += b;
      pending += b;
      let nl: number;
      while ((nl = pending.indexOf('\n')) !== -1) {
        const line = pending.slice(0, nl).trim();
        pending = pending.slice(nl + 1);
        if (!line.startsWith('{')) continue;
        try {
          const e = JSON.parse(line) as RunEvent;
          events.push(e);
          opts.onEvent?.(e);
        } catch {
          // not an event line
        }
      }
    });
    child.stderr.on('data', (b: Buffer) => (stderr += b));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? (signal ? 128 : 1), events, stdout, stderr });
    });
  });
}

export function recapOf(run: CliRun): Record<string, HostStats> {
  const recap = run.events.find((e) => e.kind === 'recap');
  if (!recap || recap.kind !== 'recap') throw new Error(`no recap (exit ${run.code}):\n${run.stdout.slice(-2000)}\n${run.stderr.slice(-2000)}`);
  return recap.stats;
}

/** host-result events of one task, by host. */
export function resultsOf(run: CliRun, taskName: string): Record<string, Extract<RunEvent, { kind: 'host-result' }>> {
  const out: Record<string, Extract<RunEvent, { kind: 'host-result' }>> = {};
  for (const e of run.events) if (e.kind === 'host-result' && e.task.name === taskName) out[e.host] = e;
  return out;
}

/** Everything a lab could leave behind: `rb-` namespaces, mounts under the lab state dir, its processes. */
export function labLeftovers(netnsNames: string[]): string[] {
  const left: string[] = [];
  let netns = '';
  try {
    netns = readFileSync('/proc/self/mounts', 'utf8');
  } catch {
    return left;
  }
  for (const line of netns.split('\n')) if (line.includes('/run/runbook-lab') || / \/run\/netns\/rb-/.test(line)) left.push(`mount: ${line.split(' ')[1]}`);
  return left.concat(netnsNames.filter((n) => n.startsWith('rb-')).map((n) => `netns: ${n}`));
}
