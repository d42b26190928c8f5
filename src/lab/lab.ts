// `lab up`, `lab down`, `lab status` as functions (the CLI and the test fixture both call these). One lab
// per machine: operations take the lab lock; a live lab blocks `up` (or makes it wait, bounded, for tests);
// a lab whose owner died, or which was half-built, is torn down first.

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { machineCgroupLayout } from './cgroups.js';
import { startHost, waitForSsh } from './host.js';
import { inventoryYaml } from './inventory.js';
import { withLabLock } from './lock.js';
import { joinQueue } from './queue.js';
import { createNamespace, createSwitch } from './network.js';
import { prepareHostFs } from './rootfs.js';
import { alive, procStart, sleep } from './sh.js';
import { checkSpec, STATE_DIR, type LabSpec } from './spec.js';
import { Ledger, readState, type Holder, type LabState } from './state.js';
import { labNamespaces, teardown, verifyClean } from './teardown.js';
import { ed25519KeyPair } from './keys.js';
import { missingHere, missingMessage } from './install.js';
import { mapLimited } from '../engine/execute/limit.js';

/** Hosts started in parallel by `lab up` (network, init, sshd). */
const HOSTS_STARTING_AT_ONCE = 16;

export class LabError extends Error {}

/** Linux, root, and the tools the lab runs; a clear error otherwise. */
export function assertSupported(spec?: LabSpec): void {
  if (process.platform !== 'linux') throw new LabError(`the lab needs Linux (network namespaces); this is ${process.platform}`);
  if (process.getuid?.() !== 0) throw new LabError('the lab needs root (it creates network namespaces and mounts); run it with sudo');
  // The seed's needs are checked where it is built (seed/up.ts); systemd only when a host boots it.
  const missing = missingHere('hosts');
  if (spec?.hosts.some((h) => h.init === 'systemd')) missing.push(...missingHere('seed').filter((r) => r.pkg === 'systemd'));
  if (missing.length) throw new LabError(missingMessage(missing));
}

export function me(): Holder {
  return { pid: process.pid, start: procStart(process.pid) ?? '' };
}

/**
 * A lab is live when its holder runs (test labs) or, for a CLI lab, when any of its processes still runs:
 * a host's launcher (which outlives the host's reboots) or an init of record (e.g. the seed's keeper).
 */
export function isLive(state: LabState): boolean {
  if (state.holder) return alive(state.holder.pid, state.holder.start);
  return state.resources.some((r) => r.kind === 'process' && alive(r.pid, r.start));
}

function describe(state: LabState): string {
  const who = state.holder ? `a test run (pid ${state.holder.pid})` : '`runbook lab up`';
  return `a lab is already up on this machine (${state.hosts.map((h) => h.name).join(', ')}; started ${state.createdAt} by ${who})`;
}

export interface UpOptions {
  spec: LabSpec;
  /** Where to write the inventory; default <state dir>/inventory.yaml. */
  inventoryFile?: string;
  /** The process the lab belongs to (tests); null/undefined: a CLI lab that outlives the command. */
  holder?: Holder | null;
  /** Wait this long for another live lab to go away instead of failing at once. */
  waitMs?: number;
  log?: (line: string) => void;
}

export async function labUp(o: UpOptions): Promise<LabState> {
  assertSupported(o.spec);
  checkSpec(o.spec);
  const log = o.log ?? (() => {});
  const deadline = Date.now() + (o.waitMs ?? 0);
  // Waiters queue in arrival order; a caller that does not wait just tries once.
  const ticket = o.waitMs ? joinQueue(undefined, o.holder?.pid) : undefined;
  let waiting = false;
  try {
    for (;;) {
      type Outcome = { kind: 'built' | 'busy'; state: LabState } | { kind: 'queued' };
      const r = await withLabLock(async (): Promise<Outcome> => {
        const old = readState();
        if (old && isLive(old)) return { kind: 'busy', state: old };
        if (ticket && !ticket.first()) return { kind: 'queued' };
        if (old || existsSync(STATE_DIR) || (await labNamespaces()).length > 0) {
          log('cleaning up what an earlier lab left behind');
          await teardown(old, log);
        }
        return { kind: 'built', state: await build(o, log) };
      });
      if (r.kind === 'built') return r.state;
      const why = r.kind === 'busy' ? describe(r.state) : 'other test runs are queued for the lab before this one';
      if (Date.now() >= deadline) throw new LabError(`${why}${o.waitMs ? `; waited ${Math.round(o.waitMs / 1000)} s` : ''}`);
      if (!waiting) log(`${why}: waiting up to ${Math.round((deadline - Date.now()) / 1000)} s`);
      waiting = true;
      await sleep(250);
    }
  } finally {
    ticket?.leave();
  }
}

async function build(o: UpOptions, log: (s: string) => void): Promise<LabState> {
  const t0 = Date.now();
  const ledger = Ledger.fresh({
    holder: o.holder ?? null,
    stateDir: STATE_DIR,
    inventoryFile: o.inventoryFile ?? `${STATE_DIR}/inventory.yaml`,
    keyFile: `${STATE_DIR}/id_ed25519`,
    knownHosts: `${STATE_DIR}/known_hosts`,
  });
  try {
    mkdirSync(`${STATE_DIR}/hosts`, { recursive: true, mode: 0o700 });
    ledger.save();
    const key = ed25519KeyPair('runbook-lab');
    writeFileSync(ledger.state.keyFile, key.private, { mode: 0o600 });
    writeFileSync(`${ledger.state.keyFile}.pub`, `${key.public}\n`);
    const layout = o.spec.hosts.some((h) => h.init === 'systemd') ? machineCgroupLayout() : undefined;

    await createSwitch(ledger);
    for (const ns of o.spec.namespaces ?? []) await createNamespace(ledger, ns);
    for (const h of o.spec.hosts) prepareHostFs(h, o.spec.hosts, `${key.public}\n`);
    // A few hosts at a time: hundreds of `ip netns exec` + init + sshd starts at once starve each other on
    // a small machine (and the wait for sshd below would count that queue against each host).
    const hosts = await mapLimited(o.spec.hosts, HOSTS_STARTING_AT_ONCE, (h) => startHost(ledger, h, layout));
    ledger.update((s) => (s.hosts = hosts));
    // Every sshd loads its keys on the same cores: the wait grows with the lab.
    const extraMs = 200 * hosts.length;
    await Promise.all(
      hosts.map(async (h) => {
        await waitForSsh(h, ledger, (h.init === 'systemd' ? 30_000 : 15_000) + extraMs);
        h.readyMs = Date.now() - t0;
      }),
    );
    ledger.save();

    mkdirSync(dirname(ledger.state.inventoryFile), { recursive: true });
    if (!ledger.state.inventoryFile.startsWith(`${STATE_DIR}/`)) ledger.add({ kind: 'file', path: ledger.state.inventoryFile });
    writeFileSync(ledger.state.inventoryFile, inventoryYaml(ledger.state));
    ledger.update((s) => (s.ready = true));
    log(`lab up: ${hosts.length} hosts in ${((Date.now() - t0) / 1000).toFixed(2)} s`);
    return ledger.state;
  } catch (e) {
    log(`lab up failed, cleaning up: ${(e as Error).message}`);
    await teardown(ledger.state, log);
    throw e;
  }
}

export interface DownResult {
  /** A lab (or leftovers) was found and removed. */
  removed: boolean;
  /** What could not be removed (empty when the machine is clean). */
  leftovers: string[];
  /** The lab belongs to another live process and was left alone. */
  notOurs?: string;
}

/** This process and its ancestors: a test that runs `runbook lab down` as a child may take its own lab down. */
export function selfAndAncestors(pid = process.pid): number[] {
  const out: number[] = [];
  for (let p = pid, i = 0; p > 1 && i < 64; i++) {
    out.push(p);
    try {
      const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
      p = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    } catch {
      break;
    }
  }
  return out;
}

/**
 * Bring the lab down. With `onlyHolders`, a lab held by a live process not in the list is left alone
 * (a CLI lab, held by nobody, is anyone's to take down).
 */
export async function labDown(opts: { onlyHolder?: Holder; onlyHolders?: number[]; log?: (s: string) => void; waitMs?: number } = {}): Promise<DownResult> {
  assertSupported();
  const allowed = opts.onlyHolders ?? (opts.onlyHolder ? [opts.onlyHolder.pid] : undefined);
  return withLabLock(async () => {
    const state = readState();
    if (allowed && state && isLive(state) && state.holder && !allowed.includes(state.holder.pid)) {
      return { removed: false, leftovers: [], notOurs: describe(state) };
    }
    const anything = !!state || existsSync(STATE_DIR) || (await labNamespaces()).length > 0;
    if (anything) await teardown(state, opts.log);
    return { removed: anything, leftovers: await verifyClean(state) };
  }, opts.waitMs);
}
