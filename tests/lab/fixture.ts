// Lab fixture for integration tests: bring a lab up for a suite (or a callback), hand out connection
// settings and connections for its hosts, tear everything down in `finally`/`after`.
//
//   await withLab({ hosts: 3, systemd: 1 }, async (lab) => { lab.inventoryFile; lab.hosts[0].ip; await lab.killSshd('h1'); });
//   const { add, run } = labSuite('ssh exec', { hosts: 2 }); add('name', async (lab) => { … }); run();
//
// One lab per machine: when another test run holds one, `openLab` queues (waits, bounded by
// RUNBOOK_LAB_WAIT seconds, default 600) instead of colliding; a lab left by a killed run is cleaned up.
// Skips only when the lab cannot run here (not Linux/root) and CI is not `true`; under CI=true it fails.

import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { suite } from 'uvu';
import { openSshTransport, type OpenOptions } from '../../src/engine/connection/open.js';
import { ShellConnection } from '../../src/engine/connection/shell-connection.js';
import type { SshTransport } from '../../src/engine/connection/ssh.js';
import type { HostConnection } from '../../src/engine/inventory/types.js';
import { hostInit } from '../../src/lab/init-pid.js';
import { assertSupported, labDown, labUp, me } from '../../src/lab/lab.js';
import { planLab, type LabSpec } from '../../src/lab/spec.js';
import { readState, type LabHost, type LabState } from '../../src/lab/state.js';

export const REPO = fileURLToPath(new URL('../..', import.meta.url));

export interface LabOptions {
  hosts?: number;
  systemd?: number;
  /** A full spec instead of hosts/systemd (extra NICs, binds, namespaces). */
  spec?: LabSpec;
}

export interface LabHostHandle extends LabHost {
  /** Connection settings for this host (root, the lab key, the lab's known_hosts, accept-new). */
  settings: HostConnection;
}

export interface LabHandle {
  state: LabState;
  inventoryFile: string;
  keyFile: string;
  knownHosts: string;
  hosts: LabHostHandle[];
  host(name: string): LabHostHandle;
  settings(name: string, over?: Partial<HostConnection>): HostConnection;
  /** An SSH transport / connection to a host; closed by `down()` if still open. */
  transport(name: string, over?: Partial<HostConnection>, opts?: OpenOptions): Promise<SshTransport>;
  connect(name: string, over?: Partial<HostConnection>, opts?: OpenOptions): Promise<ShellConnection>;
  /** Outer pid of the host's current PID 1 (a reboot changes it); undefined while it is down or rebooting. */
  init(name: string): number | undefined;
  /** Run a shell script inside the host (its namespaces, via nsenter — not SSH), as its current PID 1 sees it. */
  run(name: string, script: string): Promise<{ code: number; stdout: string; stderr: string }>;
  /** Pids (as seen from the root namespace) of the host's processes named `comm` (only lab processes). */
  pids(name: string, comm: string): Promise<number[]>;
  /** SIGKILL every sshd of the host (a plain host ends with it: its PID 1 waits on sshd). Returns the pids. */
  killSshd(name: string): Promise<number[]>;
  down(): Promise<void>;
}

export const LAB_WAIT_MS = Number(process.env.RUNBOOK_LAB_WAIT ?? 600) * 1000;

/** Can the lab run here? Not Linux/root: skip — except under CI=true, where that is a failure. */
export function labCapability(): { skip?: string; fail?: Error } {
  try {
    assertSupported();
    return {};
  } catch (e) {
    if (process.env.CI === 'true') return { fail: new Error(`lab tests cannot run and CI=true forbids skipping them: ${(e as Error).message}`) };
    return { skip: (e as Error).message };
  }
}

/** Why lab tests are skipped here, or undefined; throws under CI=true when the lab cannot run. */
export function labSkipReason(): string | undefined {
  const c = labCapability();
  if (c.fail) throw c.fail;
  return c.skip;
}

function exec(file: string, args: string[], opts: { timeoutMs?: number; input?: string; cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    const child = execFile(file, args, { timeout: opts.timeoutMs ?? 120_000, killSignal: 'SIGKILL', cwd: opts.cwd, env: opts.env, maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      const code = typeof (err as { code?: unknown } | null)?.code === 'number' ? ((err as { code: number }).code) : err ? 1 : 0;
      resolve({ code, stdout, stderr });
    });
    if (opts.input !== undefined) child.stdin?.end(opts.input);
  });
}

/** Run the runbook CLI from this checkout (TypeScript through tsx): `await runbook(['lab', 'status'])`. */
export function runbook(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number; input?: string } = {}) {
  return exec(process.execPath, ['--import', 'tsx', `${REPO}src/cli/main.ts`, ...args], { ...opts, cwd: opts.cwd ?? REPO, env: { ...process.env, ...opts.env } });
}

export async function openLab(opts: LabOptions = {}): Promise<LabHandle> {
  const spec = opts.spec ?? planLab(opts.hosts ?? 2, opts.systemd ?? 0);
  const holder = me();
  const state = await labUp({ spec, holder, waitMs: LAB_WAIT_MS });
  const open = new Set<{ close(): Promise<void> }>();
  // Interrupted test run: still take the lab down (bounded), then exit like an interrupted process.
  const onSignal = () => void labDown({ onlyHolder: holder }).finally(() => process.exit(130));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  // Never fall back to the name: resolving it would ask the machine's DNS server, outside the lab.
  const ipOf = (name: string) => {
    const ip = state.hosts.find((h) => h.name === name)?.ip;
    if (!ip) throw new Error(`no lab host ${name} (have ${state.hosts.map((h) => h.name).join(', ')}); pass { host: <lab address> }`);
    return ip;
  };
  const settings = (name: string, over: Partial<HostConnection> = {}): HostConnection => ({
    connection: 'ssh',
    host: over.host ?? ipOf(name),
    user: 'root',
    private_key: state.keyFile,
    known_hosts: state.knownHosts,
    host_key_checking: 'accept-new',
    timeout: 10,
    ...over,
  });
  const track = <T extends { close(): Promise<void> }>(t: T): T => {
    open.add(t);
    const close = t.close.bind(t);
    t.close = () => (open.delete(t), close());
    return t;
  };
  const handle: LabHandle = {
    state,
    inventoryFile: state.inventoryFile,
    keyFile: state.keyFile,
    knownHosts: state.knownHosts,
    hosts: [],
    host(name) {
      const h = this.hosts.find((x) => x.name === name);
      if (!h) throw new Error(`no lab host ${name} (have ${this.hosts.map((x) => x.name).join(', ')})`);
      return h;
    },
    settings,
    transport: async (name, over, o) => track(await openSshTransport(name, settings(name, over), o)),
    connect: async (name, over, o) => track(new ShellConnection(await openSshTransport(name, settings(name, over), o))),
    init(name) {
      handle.host(name);
      return hostInit(state, name)?.pid;
    },
    run: (name, script) => {
      // The current PID 1: a host that rebooted has a new one (the recorded pid1 is its first boot's).
      const pid1 = handle.init(name);
      if (pid1 === undefined) return Promise.resolve({ code: 255, stdout: '', stderr: `lab host ${name} is not running (down, or between two boots)` });
      return exec('nsenter', ['-t', String(pid1), '-m', '-u', '-n', '-p', '--', 'sh', '-c', script], { timeoutMs: 30_000 });
    },
    async pids(name, comm) {
      const out = (await exec('ip', ['netns', 'pids', handle.host(name).netns])).stdout;
      return out.split(/\s+/).filter(Boolean).map(Number).filter((p) => {
        try {
          return readFileSync(`/proc/${p}/comm`, 'utf8').trim() === comm;
        } catch {
          return false;
        }
      });
    },
    async killSshd(name) {
      // A session's sshd may end between the listing and the kill: only those signalled count.
      return (await handle.pids(name, 'sshd')).filter((p) => {
        try {
          process.kill(p, 'SIGKILL');
          return true;
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code === 'ESRCH') return false;
          throw e;
        }
      });
    },
    async down() {
      process.removeListener('SIGINT', onSignal);
      process.removeListener('SIGTERM', onSignal);
      for (const c of [...open]) await c.close().catch(() => {});
      const now = readState();
      if (now && now.createdAt !== state.createdAt) {
        // Someone replaced our lab while we used it: say so loudly, and leave their lab alone.
        throw new Error(`the lab of this test run (${state.createdAt}) was replaced by another (${now.createdAt}, holder ${now.holder?.pid ?? 'CLI'}) while in use`);
      }
      const r = await labDown({ onlyHolder: holder });
      if (r.leftovers.length) throw new Error(`lab down left: ${r.leftovers.join(', ')}`);
    },
  };
  handle.hosts = state.hosts.map((h) => ({ ...h, settings: settings(h.name) }));
  return handle;
}

/** Bring a lab up, run `fn`, always bring it down. */
export async function withLab<T>(opts: LabOptions, fn: (lab: LabHandle) => Promise<T>): Promise<T> {
  const lab = await openLab(opts);
  try {
    return await fn(lab);
  } finally {
    await lab.down();
  }
}

/**
 * A uvu suite sharing one lab. A lab that fails to come up fails every test with its error (uvu would
 * otherwise swallow a `before` hook's exception).
 */
export function labSuite(name: string, opts: LabOptions) {
  const s = suite(name);
  const { skip, fail } = labCapability();
  let lab: LabHandle | undefined;
  let failure: unknown = fail;
  if (!skip && !fail) {
    s.before(async () => {
      try {
        lab = await openLab(opts);
      } catch (e) {
        failure = e;
      }
    });
    s.after(async () => {
      await lab?.down();
    });
  }
  const add = (title: string, fn: (lab: LabHandle) => Promise<void>) => {
    if (skip) return s.skip(title, () => {});
    s(title, async () => {
      if (failure) throw failure;
      await fn(lab!);
    });
  };
  const run = () => {
    if (skip) console.log(`${name}: lab tests skipped (${skip})`);
    s.run();
  };
  return { add, run };
}
