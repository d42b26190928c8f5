// ansible-core on this machine, for tests that compare runbook with Ansible: run an ad-hoc module on the
// implicit localhost and return its JSON result. Without ansible-core such tests are skipped, except under
// CI=true, where that is a failure (CI installs it).

import { execFile } from 'node:child_process';

/** Quiet ansible's warnings about the implicit localhost (they are also in its module's environment). */
export const ANSIBLE_ENV = { ANSIBLE_LOCALHOST_WARNING: 'false', ANSIBLE_INVENTORY_UNPARSED_WARNING: 'false', ANSIBLE_NOCOLOR: '1' };

function run(file: string, args: string[], env: Record<string, string> = {}) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(file, args, { timeout: 120_000, maxBuffer: 64 << 20, env: { ...process.env, ...ANSIBLE_ENV, ...env } }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
}

/** Why Ansible comparisons are skipped here, or undefined when ansible-core runs; throws under CI=true. */
export async function ansibleSkipReason(): Promise<string | undefined> {
  if ((await run('ansible', ['--version'])).code === 0) return undefined;
  const why = 'ansible-core is not installed (`ansible --version` failed)';
  if (process.env.CI === 'true') throw new Error(`${why}, and CI=true forbids skipping the comparison with Ansible`);
  return why;
}

/** A host Ansible reaches over SSH as root with a key (a lab host: its address, the lab's key). */
export interface SshTarget {
  address: string;
  privateKey: string;
}

/**
 * `ansible localhost -m MODULE [-a ARGS] [-e VARS]` (or the same on an SSH target): the module's result.
 * Over SSH without a persistent master connection, so no ssh process outlives the call.
 */
export async function ansibleLocal(module: string, opts: { args?: string; extraVars?: Record<string, string>; ssh?: SshTarget } = {}): Promise<Record<string, unknown>> {
  const target = opts.ssh ? ['all', '-i', `${opts.ssh.address},`, '-u', 'root', '--private-key', opts.ssh.privateKey] : ['localhost'];
  const args = [...target, '-m', module, ...(opts.args ? ['-a', opts.args] : [])];
  for (const [k, v] of Object.entries(opts.extraVars ?? {})) args.push('-e', `${k}=${v}`);
  const sshEnv: Record<string, string> = opts.ssh
    ? { ANSIBLE_HOST_KEY_CHECKING: 'False', ANSIBLE_SSH_ARGS: '-o ControlMaster=no -o UserKnownHostsFile=/dev/null -o ConnectTimeout=10' }
    : {};
  const r = await run('ansible', args, sshEnv);
  const at = r.stdout.indexOf('=> {');
  if (r.code !== 0 || at === -1) throw new Error(`ansible ${args.join(' ')} failed (${r.code}):\n${r.stdout}\n${r.stderr}`);
  return JSON.parse(r.stdout.slice(at + 3)) as Record<string, unknown>;
}

/** `setup`'s facts as a play sees them in `ansible_facts`: without the `ansible_` prefix (namespace_facts). */
export async function ansibleSetupFacts(ssh?: SshTarget): Promise<Record<string, unknown>> {
  const facts = (await ansibleLocal('setup', { ssh })).ansible_facts as Record<string, unknown>;
  return Object.fromEntries(Object.entries(facts).map(([k, v]) => [k.replace(/^ansible_/, ''), v]));
}
