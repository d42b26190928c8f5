// Running the built `runbook` in a temporary directory for the vault tests: no configuration or vault
// variable of the caller's environment leaks in (ANSIBLE_*/RUNBOOK_* are dropped), the output is kept.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const RUNBOOK = resolve('bin/runbook.js');

export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^(ANSIBLE|RUNBOOK)_/.test(k) || k === 'RUNBOOK_LOCK_FILE') env[k] = v;
  return { ...env, CI: 'true', HOME: tmpdir(), ...extra };
}

export interface Ran {
  code: number;
  stdout: string;
  stderr: string;
  /** Both, for "appears nowhere" assertions. */
  all: string;
}

export function runbook(args: string[], opts: { cwd: string; input?: string; env?: Record<string, string> }): Ran {
  const r = spawnSync(process.execPath, [RUNBOOK, ...args], { cwd: opts.cwd, input: opts.input ?? '', encoding: 'utf8', timeout: 120_000, env: cleanEnv(opts.env) });
  return { code: r.status ?? 1, stdout: r.stdout, stderr: r.stderr, all: `${r.stdout}\n${r.stderr}` };
}

/** A fresh directory with these files (a value of `{exec: text}` is written executable). */
export function vaultDir(files: Record<string, string | { exec: string }>): string {
  const dir = mkdtempSync(join(tmpdir(), 'runbook-vault-'));
  for (const [name, content] of Object.entries(files)) {
    const text = typeof content === 'string' ? content : content.exec;
    writeFileSync(join(dir, name), text);
    if (typeof content !== 'string') chmodSync(join(dir, name), 0o755);
  }
  return dir;
}
