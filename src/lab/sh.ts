// Running the machine's tools (ip, mount, kill…) for the lab. Scripts are built with src/engine/shell.ts's
// quoting; each call has a timeout, so a stuck tool can never hang `lab up` or `lab down`.

import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface ShResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run `sh -c script`; never throws on a non-zero exit (callers decide), only on timeout. */
export function shTry(script: string, timeoutMs = 20_000): Promise<ShResult> {
  return new Promise((resolve, reject) => {
    execFile('sh', ['-c', script], { timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      const e = err as (Error & { code?: unknown; killed?: boolean }) | null;
      if (e?.killed) return reject(new Error(`timed out after ${timeoutMs} ms: ${script.slice(0, 200)}`));
      if (e && typeof e.code !== 'number') return reject(e);
      resolve({ code: typeof e?.code === 'number' ? e.code : 0, stdout, stderr });
    });
  });
}

/** Run `sh -c 'set -e; …'` and throw with the failing output when it fails. */
export async function sh(script: string, timeoutMs?: number): Promise<string> {
  const r = await shTry(`set -e\n${script}`, timeoutMs);
  if (r.code !== 0) throw new Error(`${firstLine(script)} failed (exit ${r.code}): ${r.stderr.trim() || r.stdout.trim()}`);
  return r.stdout;
}

function firstLine(s: string): string {
  const l = s.trim().split('\n')[0] ?? '';
  return l.length > 120 ? `${l.slice(0, 120)}…` : l;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Field 22 of /proc/PID/stat: with the pid it names one process for good (pids are reused). */
export function procStart(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (fields[0] === 'Z') return undefined; // a zombie has exited already
    return fields[19];
  } catch {
    return undefined;
  }
}

/** Is this exact process (pid + start time) still running? */
export function alive(pid: number, start?: string): boolean {
  const s = procStart(pid);
  return s !== undefined && (start === undefined || s === start);
}

/** Wait until `done()` or the deadline; returns whether it happened. Polls every `stepMs`. */
export async function waitFor(done: () => boolean | Promise<boolean>, timeoutMs: number, stepMs = 25): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (await done()) return true;
    if (Date.now() >= end) return false;
    await sleep(stepMs);
  }
}
