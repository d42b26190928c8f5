// The impure half of prerequisites.ts: probe this machine, and install what the lab is missing by having
// runbook apply playbooks/lab-prerequisites.yaml to localhost (the `package` module, policy-rc.d first) —
// the tool setting up its own lab is the honest demonstration that it works.

import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { fixHint, installPlan, missingRequirements, missingSummary, parseOsRelease, type InstallPlan, type Probe, type Requirement, type Scope } from './prerequisites.js';

/** The package's root (the repository, or the installed package): playbooks/ and bin/ are there. */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const PREREQ_PLAYBOOK = `${ROOT}playbooks/lab-prerequisites.yaml`;

const SEARCH = () => [...new Set([...(process.env.PATH ?? '').split(':').filter(Boolean), '/usr/sbin', '/sbin', '/usr/bin', '/bin'])];

export const machineProbe: Probe = {
  has: (need) => (need.startsWith('/') ? existsSync(need) : SEARCH().some((d) => existsSync(`${d}/${need}`))),
  isStatic(path) {
    // ldd fails on a static binary ("not a dynamic executable"); no ldd at all says nothing either way.
    try {
      execFileSync('ldd', [path], { stdio: 'pipe' });
      return false;
    } catch (e) {
      return (e as { code?: string }).code !== 'ENOENT';
    }
  },
};

export function osRelease(): Record<string, string> {
  for (const f of ['/etc/os-release', '/usr/lib/os-release']) {
    if (existsSync(f)) return parseOsRelease(readFileSync(f, 'utf8'));
  }
  return {};
}

export function missingHere(scope: Scope): Requirement[] {
  return missingRequirements(machineProbe, scope);
}

/** `lab up`'s refusal: everything missing, in one message, with the command that fixes it. */
export function missingMessage(missing: readonly Requirement[]): string {
  return `the lab needs ${missingSummary(missing)}\n  ${fixHint([...new Set(missing.map((r) => r.pkg))], osRelease())}\n  (docs/lab.md says what the lab is made of)`;
}

export function planHere(scope: Scope, noInstall = false): InstallPlan {
  return installPlan(missingHere(scope), { os: osRelease(), root: process.getuid?.() === 0, noInstall });
}

/**
 * `runbook apply playbooks/lab-prerequisites.yaml -e {"lab_packages": [...]}` on localhost, its output on
 * our stderr (so a caller's stdout stays its own). Resolves to the exit code. The cwd is playbooks/,
 * where no inventory.yaml is, so the implicit localhost (local connection) is the only host.
 */
export function applyPrerequisites(packages: string[], timeoutMs = 1_200_000): Promise<number> {
  return new Promise((resolve) => {
    const args = [`${ROOT}bin/runbook.js`, 'apply', PREREQ_PLAYBOOK, '-e', JSON.stringify({ lab_packages: packages })];
    const child = spawn(process.execPath, args, { cwd: `${ROOT}playbooks`, stdio: ['ignore', process.stderr, process.stderr] });
    const timer = setTimeout(() => child.kill('SIGTERM'), timeoutMs);
    child.on('error', () => resolve(1));
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve(code ?? 1);
    });
  });
}

export interface EnsureResult {
  ok: boolean;
  /** What was installed (empty when nothing was missing). */
  installed: string[];
  /** Why not, when !ok. */
  message?: string;
}

/** Install what `scope` is missing (Debian/Ubuntu, root, unless noInstall); log the one line that says what and why. */
export async function ensurePrerequisites(scope: Scope, o: { noInstall?: boolean; log: (line: string) => void }): Promise<EnsureResult> {
  const plan = planHere(scope, o.noInstall);
  if (plan.kind === 'nothing') return { ok: true, installed: [] };
  if (plan.kind === 'refuse') return { ok: false, installed: [], message: plan.message };
  o.log(plan.line);
  const code = await applyPrerequisites(plan.packages);
  const still = missingHere(scope);
  if (code !== 0 || still.length) {
    const rest = still.map((r) => r.pkg).join(' ');
    return { ok: false, installed: [], message: `installing the lab's packages failed (runbook exited ${code})${rest ? `; still missing: ${rest}` : ''} — see docs/lab.md` };
  }
  return { ok: true, installed: plan.packages };
}
