// Running runbook (and other commands) inside the seed lab's workstation. Only the network namespace is
// the workstation's: `nsenter --net`, not `ip netns exec`, which would also give the process a mount
// namespace with /sys remounted — and the stand-ins, playing VirtualBox and Vagrant, work on the machine
// (they create namespaces and cgroups for the VM) exactly as the hypervisor does beside the workstation.

import { execFile } from 'node:child_process';
import { SEED, seedPaths } from './topology.js';
import { REPO } from './up.js';

export interface Ran {
  code: number;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Run argv in the workstation namespace with the lab's HOME, from the repository root. */
export function inWorkstation(args: string[], opts: { timeoutMs?: number; env?: NodeJS.ProcessEnv } = {}): Promise<Ran> {
  const t0 = Date.now();
  return new Promise((resolve) => {
    execFile(
      'nsenter',
      [`--net=/run/netns/${SEED.ws}`, '--', ...args],
      { cwd: REPO, timeout: opts.timeoutMs ?? 300_000, killSignal: 'SIGKILL', maxBuffer: 64 << 20, env: { ...process.env, HOME: seedPaths().home, ...opts.env } },
      (err, stdout, stderr) => {
        const code = typeof (err as { code?: unknown } | null)?.code === 'number' ? (err as { code: number }).code : err ? 1 : 0;
        resolve({ code, stdout, stderr, ms: Date.now() - t0 });
      },
    );
  });
}

/** How to start runbook: from the TypeScript sources (tests) or the build (the demo, after npm run build). */
export function runbookArgv(from: 'src' | 'dist'): string[] {
  return from === 'src' ? [process.execPath, '--import', 'tsx', `${REPO}src/cli/main.ts`] : [process.execPath, `${REPO}bin/runbook.js`];
}

/** `runbook apply <playbook> -i <seed inventory> …` inside the workstation. */
export function applySeed(from: 'src' | 'dist', extra: string[], playbook = 'playbooks/site.yaml', timeoutMs?: number): Promise<Ran> {
  return inWorkstation([...runbookArgv(from), 'apply', playbook, '-i', seedPaths().inventory, ...extra], { timeoutMs });
}
