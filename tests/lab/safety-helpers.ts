// Helpers for the fault-injection tests (issue 10): a runbook process that the test can signal, files
// watched inside a lab host through its PID 1's root (no SSH, so watching does not race the run), and the
// content checks every test makes: old or complete, never partial, no temp file left.

import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { sleep } from '../../src/engine/execute/util.js';
import { REPO } from './fixture.js';

export const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
export const pause = (ms: number) => sleep(ms, new AbortController().signal);

export interface Started {
  child: ChildProcess;
  /** Settles with the exit code (or 128+signal) and the output. */
  done: Promise<{ code: number; stdout: string; stderr: string }>;
}

/** `runbook <args>` (through tsx) as a child the test can signal; SIGKILLed after `timeoutMs` regardless. */
export function startRunbook(args: string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 120_000): Started {
  const child = spawn(process.execPath, ['--import', 'tsx', `${REPO}src/cli/main.ts`, ...args], {
    cwd: REPO,
    env: { ...process.env, CI: 'true', FORCE_COLOR: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (b) => (stdout += b));
  child.stderr!.on('data', (b) => (stderr += b));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const done = new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? 128 + (signal === 'SIGKILL' ? 9 : signal === 'SIGHUP' ? 1 : 15), stdout, stderr });
    });
  });
  return { child, done };
}

/** Temp files of the put script in `dir` with their sizes. */
export function tempFiles(dir: string): { name: string; size: number }[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((n) => n.startsWith('.runbook-tmp.'))
    .flatMap((name) => {
      try {
        return [{ name, size: statSync(join(dir, name)).size }];
      } catch {
        return []; // renamed or removed between the listing and the stat
      }
    });
}

/**
 * Wait (bounded) until a put's temp file in `dir` holds some but not all of `total` bytes: the transfer is
 * in flight. Returns the size seen, or undefined when it was never seen in flight.
 */
export async function inFlight(dir: string, total: number, boundMs = 60_000): Promise<number | undefined> {
  const end = Date.now() + boundMs;
  while (Date.now() < end) {
    const t = tempFiles(dir).find((f) => f.size > 0 && f.size < total);
    if (t) return t.size;
    await pause(5);
  }
  return undefined;
}

/** Wait (bounded) until `dir` has no put temp file; true when it got there. */
export async function noTempFiles(dir: string, boundMs = 30_000): Promise<boolean> {
  const end = Date.now() + boundMs;
  while (Date.now() < end) {
    if (tempFiles(dir).length === 0) return true;
    await pause(50);
  }
  return false;
}

/** sha256 of a file, or 'absent'. */
export function shaOf(path: string): string {
  return existsSync(path) ? sha(readFileSync(path)) : 'absent';
}

/** Where a lab host's files are, seen from the root namespace (its current PID 1's root). */
export function hostRoot(init: number | undefined): string {
  if (init === undefined) throw new Error('the lab host is not running');
  return `/proc/${init}/root`;
}
