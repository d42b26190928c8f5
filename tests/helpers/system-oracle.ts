// Differential tests of the system modules that write a file (cron's cron_file, sysctl's file, mount's fstab
// line, authorized_key, known_hosts) against Ansible's own module code: each case runs Ansible's module
// (ansible-core, or the ansible.posix / community.general collections of Debian's `ansible` package) directly
// with python3 -m, as AnsibleModule reads ANSIBLE_MODULE_ARGS, in one temporary directory, and runbook's
// module in another, from the same starting files: check mode, a run and a rerun on each side, then the
// `changed` flags and the bytes of every file compared. Without Ansible the tests skip, except under CI=true.

import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as assert from 'uvu/assert';
import { paramOf } from '../../src/engine/module-api/aliases.js';
import type { AnyModule } from '../../src/engine/module-api/module.js';
import { LocalTester } from './local-tester.js';

/** Debian's python3, whose dist-packages hold ansible and the collections (not a pyenv python on PATH). */
const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';

/** The python module path of an Ansible module name: `cron`, `ansible.posix.sysctl`, `community.general.modprobe`. */
function pythonModule(name: string): string {
  const parts = name.split('.');
  if (parts.length === 1 || name.startsWith('ansible.builtin.')) return `ansible.modules.${parts.at(-1)}`;
  return `ansible_collections.${parts[0]}.${parts[1]}.plugins.modules.${parts[2]}`;
}

/** Why the comparison cannot run here (module not importable), or undefined; throws under CI=true. */
export function systemOracleMissing(module: string): string | undefined {
  try {
    execFileSync(PYTHON, ['-c', `import ${pythonModule(module)}`], { stdio: 'ignore', timeout: 60_000 });
    return undefined;
  } catch {
    const why = `Ansible's ${module} is not importable by ${PYTHON} (apt-get install ansible: ansible-core and its collections)`;
    if (process.env.CI === 'true') throw new Error(`${why}, and CI=true forbids skipping the comparison with Ansible`);
    return why;
  }
}

/** Run one Ansible module on this machine; its JSON result (a failure is a result with failed: true). */
export function ansibleModule(module: string, args: Record<string, unknown>, opts: { check?: boolean; cwd?: string } = {}): Record<string, unknown> {
  const input = JSON.stringify({ ANSIBLE_MODULE_ARGS: { ...args, _ansible_check_mode: !!opts.check, _ansible_diff: true } });
  let out: string;
  try {
    out = execFileSync(PYTHON, ['-m', pythonModule(module), input], { cwd: opts.cwd ?? tmpdir(), encoding: 'utf8', timeout: 120_000 });
  } catch (e) {
    out = String((e as { stdout?: string }).stdout ?? '');
    if (!out.includes('{')) throw e;
  }
  return JSON.parse(out.slice(out.indexOf('{'))) as Record<string, unknown>;
}

export interface DifferentialCase {
  name: string;
  /** Write the starting files into `dir` (each side gets its own). */
  setup?: (dir: string) => void;
  /** The task's arguments, naming paths inside `dir`. */
  params: (dir: string) => Record<string, unknown>;
  /** The files compared, relative to dir. */
  files: string[];
  /** Ansible's changed flags [check, first run, rerun] when not [true, true, false]. */
  changed?: [boolean, boolean, boolean];
}

/** A file's bytes and mode, or absent. */
function snapshot(dir: string, files: string[]): Record<string, string> {
  return Object.fromEntries(files.map((f) => {
    const p = join(dir, f);
    return [f, existsSync(p) ? `mode ${(statSync(p).mode & 0o7777).toString(8)}\n${readFileSync(p, 'utf8')}` : '(absent)'];
  }));
}

/**
 * Ansible and runbook from the same files with the same arguments: check, run, rerun on each side; the same
 * changed flags, and the same bytes after the run and after the rerun. Returns runbook's side, for more asserts.
 */
export async function compareWithAnsible(module: AnyModule, ansibleName: string, c: DifferentialCase): Promise<{ ansible: Record<string, unknown>[]; bytes: Record<string, string> }> {
  const adir = mkdtempSync(join(tmpdir(), 'runbook-system-oracle-'));
  const h = new LocalTester();
  try {
    c.setup?.(adir);
    c.setup?.(h.dir);
    const ansible = [ansibleModule(ansibleName, c.params(adir), { check: true, cwd: adir }), ansibleModule(ansibleName, c.params(adir), { cwd: adir })];
    const afterA = snapshot(adir, c.files);
    ansible.push(ansibleModule(ansibleName, c.params(adir), { cwd: adir }));
    for (const r of ansible) assert.ok(!r.failed, `${c.name}: Ansible failed: ${JSON.stringify(r.msg)}`);
    // Ansible's aliases, renamed as compile renames them before runbook's module sees its arguments.
    const params = (dir: string) => Object.fromEntries(Object.entries(c.params(dir)).map(([k, v]) => [paramOf(module, k), v]));
    const ours: boolean[] = [];
    ours.push((await h.plan(module, params(h.dir), true)).changes.length > 0);
    const first = await h.run(module, params(h.dir));
    ours.push(first.plan.changes.length > 0);
    const bytesFirst = snapshot(h.dir, c.files);
    ours.push((await h.run(module, params(h.dir))).plan.changes.length > 0);
    const bytes = snapshot(h.dir, c.files);
    const flags = ansible.map((r) => r.changed === true);
    assert.equal(flags, c.changed ?? [true, true, false], `${c.name}: Ansible's own changed flags (check, run, rerun)`);
    assert.equal(ours, flags, `${c.name}: changed flags (check, run, rerun) as Ansible's`);
    assert.equal(bytesFirst, afterA, `${c.name}: the same bytes as Ansible after the first run`);
    assert.equal(bytes, snapshot(adir, c.files), `${c.name}: the same bytes as Ansible after the rerun`);
    return { ansible, bytes };
  } finally {
    rmSync(adir, { recursive: true, force: true });
    h.cleanup();
  }
}
