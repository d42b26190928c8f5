// The module tester on this machine: the real local connection, a fresh temporary directory standing for
// the host's files, and one for the controller side (role-like `files/` and `templates/`), both removed
// by `cleanup()`.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { localConnection } from '../../src/engine/connection/local.js';
import { ModuleTester, type TesterOptions } from './module-tester.js';

export interface LocalOptions extends Omit<TesterOptions, 'env' | 'controllerDir'> {
  /** Controller files, by path relative to the controller dir: `{ 'files/a.txt': '…', 'templates/b.hbs': '…' }`. */
  controllerFiles?: Record<string, string>;
  /** The task's environment; a function of the temporary directory when it names it. */
  env?: Record<string, string> | ((dir: string) => Record<string, string>);
}

export class LocalTester extends ModuleTester {
  /** The temporary directory on the "host" (this machine). */
  readonly dir: string;
  /** The controller side: what a playbook's directory holds. */
  readonly controller: string;

  constructor(opts: LocalOptions = {}) {
    const dir = mkdtempSync(join(tmpdir(), 'runbook-module-'));
    const controller = mkdtempSync(join(tmpdir(), 'runbook-controller-'));
    const env = typeof opts.env === 'function' ? opts.env(dir) : opts.env;
    super(localConnection(), { ...opts, env, controllerDir: controller });
    this.dir = dir;
    this.controller = controller;
    for (const [rel, text] of Object.entries(opts.controllerFiles ?? {})) this.writeController(rel, text);
  }

  path(...parts: string[]): string {
    return join(this.dir, ...parts);
  }

  writeController(rel: string, text: string): void {
    mkdirSync(dirname(join(this.controller, rel)), { recursive: true });
    writeFileSync(join(this.controller, rel), text);
  }

  cleanup(): void {
    rmSync(this.dir, { recursive: true, force: true });
    rmSync(this.controller, { recursive: true, force: true });
  }
}

/** Run `fn` with a fresh local tester, always cleaning up. */
export async function withLocal<T>(fn: (h: LocalTester) => Promise<T>, opts?: LocalOptions): Promise<T> {
  const h = new LocalTester(opts);
  try {
    return await fn(h);
  } finally {
    h.cleanup();
  }
}
