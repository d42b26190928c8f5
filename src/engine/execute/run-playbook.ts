// Run a compiled playbook: plays in order, each over its hosts (pattern ∩ --limit) in `serial` batches;
// one connection per host for the whole run, closed at the end; a recap and the exit code.

import type { CompiledPlaybook, Vars } from '../compile/types.js';
import type { TagFilter } from '../compile/select.js';
import { formatProblem, InterruptedError } from '../errors.js';
import type { Emit, HostStats } from '../events.js';
import type { Inventory } from '../inventory/types.js';
import { HostRegistry, type HostState, type OpenConnection } from './host-state.js';
import { openHost } from './open-host.js';
import { exitCodeOf } from './outcome.js';
import { lockingOpen, runIdentity, type RunLockOptions } from './run-lock.js';
import { PlayContext } from './play-context.js';
import { PlayRunner } from './play-runner.js';
import { promptVars, terminalAsk, type Ask } from './vars-prompt.js';
import { playHosts } from './play-hosts.js';
import type { PlanObserver } from './plan-observer.js';

export interface RunOptions extends TagFilter {
  inventory: Inventory;
  check: boolean;
  diff: boolean;
  /** Hosts at once per task; default 50 (runbook's work is I/O, not CPU). */
  forks?: number;
  limit?: string;
  extraVars?: Vars;
  startAtTask?: string;
  emit: Emit;
  signal: AbortSignal;
  /** How to open a host's connection (tests inject one). */
  open?: OpenConnection;
  /**
   * The run lock taken on every host (not in check mode, which changes nothing). Its path defaults to
   * $RUNBOOK_LOCK_FILE, else /run/runbook.lock on the host; false: no lock.
   */
  runLock?: Partial<RunLockOptions> | false;
  /** How to ask vars_prompt questions; default: this terminal, or nobody when stdin is not one. */
  ask?: Ask | null;
  /** Sees every module plan (runbook plan, apply PLANFILE). */
  observer?: PlanObserver;
}

export interface RunSummary {
  exitCode: number;
  stats: Record<string, HostStats>;
  interrupted: boolean;
}

export const DEFAULT_FORKS = 50;

export async function runPlaybook(playbook: CompiledPlaybook, opts: RunOptions): Promise<RunSummary> {
  const started = Date.now();
  const { emit, signal, inventory } = opts;
  const settings = {
    check: opts.check,
    diff: opts.diff,
    forks: opts.forks ?? DEFAULT_FORKS,
    extraVars: opts.extraVars ?? {},
    emit,
    signal,
    observer: opts.observer,
  };
  const opened: OpenConnection = opts.open ?? ((host, sig) => openHost(host, settings.extraVars, sig));
  const open: OpenConnection = async (host, sig) => {
    const conn = await opened(host, sig);
    for (const message of conn.stats.warnings ?? []) emit({ kind: 'warning', host: host.name, message });
    return conn;
  };
  const lock = opts.runLock === false || opts.check ? undefined : opts.runLock ?? {};
  const registry = new HostRegistry(
    (name) => inventory.host(name),
    lock ? lockingOpen(open, runIdentity(), { waitSeconds: lock.waitSeconds ?? 0, path: lock.path ?? (process.env.RUNBOOK_LOCK_FILE || undefined) }) : open,
  );
  const inPlays = new Set<string>();
  let startAt = opts.startAtTask;
  let interrupted = false;
  emit({ kind: 'run-start', playbook: playbook.file, check: opts.check, diff: opts.diff });
  // Compile's warnings (located; never fatal), before the first play.
  for (const w of playbook.warnings) emit({ kind: 'warning', message: formatProblem(w) });
  try {
    for (const compiled of playbook.plays) {
      const answers = await promptVars(compiled.prompts, settings.extraVars, opts.ask === undefined ? terminalAsk() : (opts.ask ?? undefined));
      const play = compiled.prompts.length === 0 ? compiled : { ...compiled, vars: { ...compiled.vars, ...answers } };
      const names = playHosts(play, inventory, opts.limit, settings.extraVars);
      names.forEach((n) => inPlays.add(n));
      emit({ kind: 'play-start', play: play.name, id: play.id, hosts: names });
      const all = names.map((n) => registry.ensure(n)!);
      for (const h of all) h.ended = false; // meta: end_host ends a host's play, not its run
      const states = all.filter((h) => h.active);
      if (states.length === 0) emit({ kind: 'warning', message: `play "${play.name}": no hosts to run on` });
      const pc = new PlayContext(playbook, play, inventory, registry, settings, names);
      const runner = new PlayRunner(pc, { tags: opts.tags, skipTags: opts.skipTags }, startAt);
      for (const batch of batches(states, play.options.serial)) {
        await runner.run(batch);
        if (runner.aborted) break;
      }
      startAt = runner.waitingForStart ? startAt : undefined;
      emit({ kind: 'play-end', id: play.id });
    }
    if (startAt !== undefined) emit({ kind: 'warning', message: `--start-at-task: no task named "${startAt}" was found` });
  } catch (e) {
    if (!(e instanceof InterruptedError) && !signal.aborted) throw e;
    interrupted = true;
  } finally {
    await registry.closeAll();
  }
  const played = registry.all().filter((h) => inPlays.has(h.name));
  const stats = Object.fromEntries(played.map((h) => [h.name, h.stats]));
  const commands = Object.fromEntries(registry.all().map((h) => [h.name, h.commands]));
  const exitCode = exitCodeOf({ interrupted, check: opts.check, stats });
  emit({ kind: 'recap', stats, commands });
  emit({ kind: 'run-end', exitCode, interrupted, elapsedMs: Date.now() - started });
  return { exitCode, stats, interrupted };
}

/** `serial: [1, 5, '50%']` → batches of 1, then 5, then half the hosts until none are left. */
export function batches<T>(hosts: T[], serial: (number | string)[] | undefined): T[][] {
  if (!serial || serial.length === 0 || hosts.length === 0) return [hosts];
  const out: T[][] = [];
  let i = 0;
  let step = 0;
  while (i < hosts.length) {
    const spec = serial[Math.min(step++, serial.length - 1)]!;
    const size = typeof spec === 'string' && spec.endsWith('%')
      ? Math.floor((hosts.length * Number.parseFloat(spec)) / 100)
      : Number(spec);
    const n = Math.max(1, Number.isFinite(size) ? size : hosts.length);
    out.push(hosts.slice(i, i + n));
    i += n;
  }
  return out;
}

export type { HostState };
