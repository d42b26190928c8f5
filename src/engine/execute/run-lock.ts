// One run at a time per host. Two applies against one host interleave their reads and writes; the run
// lock makes the second one fail at once, naming the holder (or wait, with --wait-lock). The lock is a file
// created with O_EXCL (`set -C`) in /run — a tmpfs, so a reboot frees it — holding the run's id, user,
// controller, pid and start time. It is reentrant for the same run (two inventory names for one machine,
// a reconnect after a reboot), removed when the run closes the host's connection, and a lock left by a
// run that was killed on this controller (its pid is gone) is taken over.

import { hostname, userInfo } from 'node:os';
import { randomBytes } from 'node:crypto';
import { RunbookError } from '../errors.js';
import { argv } from '../quote.js';
import type { Connection } from '../connection/types.js';
import { sleep } from './util.js';

export class RunLockedError extends RunbookError {
  readonly code = 'run-locked';
}

export interface RunLockOptions {
  /** Seconds to wait for another run's lock (--wait-lock); 0 fails at once. */
  waitSeconds: number;
  /** Where the lock lives on every host; default /run/runbook.lock, else /tmp/runbook-UID.lock. */
  path?: string;
}

/** Who this run is, as written into the lock file (one line of key=value words, each followed by a space). */
export interface RunIdentity {
  run: string;
  user: string;
  controller: string;
  pid: number;
  started: string;
}

export function runIdentity(): RunIdentity {
  return { run: randomBytes(8).toString('hex'), user: userInfo().username, controller: hostname(), pid: process.pid, started: new Date().toISOString() };
}

export function lockLine(id: RunIdentity): string {
  return `run=${id.run} user=${id.user} controller=${id.controller} pid=${id.pid} started=${id.started} `;
}

export function parseLockLine(line: string): Partial<Record<keyof RunIdentity, string>> {
  return Object.fromEntries([...line.matchAll(/(\w+)=(\S*)/g)].map((m) => [m[1], m[2]]));
}

// Prints "ours PATH" (created, or already this run's) or "held PATH" and the holder's line (exit 3).
// Builtins only when the lock is free (no subshell, no cat): a no-op run costs the hosts next to nothing.
// `set -C` makes the redirection O_EXCL; printf is a regular builtin, so its failed redirection only fails it.
const ACQUIRE = `f=$1 me=$2 run=$3
if [ -z "$f" ]; then if [ -w /run ]; then f=/run/runbook.lock; else f=/tmp/runbook-$(id -u).lock; fi; fi
set -C
if { printf '%s\\n' "$me" > "$f"; } 2>/dev/null; then echo "ours $f"; exit 0; fi
set +C
held=
{ IFS= read -r held < "$f"; } 2>/dev/null
case $held in "run=$run "*) echo "ours $f"; exit 0 ;; esac
printf 'held %s\\n%s\\n' "$f" "$held"; exit 3`;

// Removes the file only while it still holds exactly `line`: never another run's lock. (The lock is one
// line: the shell's read gets it without a cat; `exec` makes the shell itself the rm, one process.)
const REMOVE_IF = `l=; { IFS= read -r l < "$1"; } 2>/dev/null; if [ "$l" = "$2" ]; then exec rm -f -- "$1"; fi`;

/** A lock this run holds on a host; release() removes it. */
export interface HeldLock {
  path: string;
  release(): Promise<void>;
}

/** Take the host's run lock, waiting up to opts.waitSeconds; RunLockedError names the holder. */
export async function acquireRunLock(conn: Connection, id: RunIdentity, opts: RunLockOptions, signal: AbortSignal): Promise<HeldLock> {
  const me = lockLine(id);
  const deadline = Date.now() + opts.waitSeconds * 1000;
  for (let attempt = 0; ; attempt++) {
    const r = await conn.exec(`sh -c ${argv([ACQUIRE, 'runbook-lock', opts.path ?? '', me, id.run])}`);
    const [first = '', holder = ''] = r.stdout.split('\n');
    const path = first.replace(/^(ours|held) /, '');
    if (r.code === 0 && first.startsWith('ours ')) {
      return { path, release: async () => void (await conn.exec(`sh -c ${argv([REMOVE_IF, 'runbook-unlock', path, me])}`).catch(() => undefined)) };
    }
    if (r.code !== 3) throw new RunLockedError(`${conn.host}: cannot take the run lock: ${r.stderr.trim() || `exit code ${r.code}`}`);
    if (isStale(holder)) {
      // A killed run of this controller: take its lock over (only if it is still that exact lock).
      await conn.exec(`sh -c ${argv([REMOVE_IF, 'runbook-unlock', path, holder])}`);
      if (attempt < 3) continue;
    }
    if (Date.now() >= deadline) throw lockedError(conn.host, path, holder, opts.waitSeconds);
    await sleep(Math.min(1000, Math.max(0, deadline - Date.now())), signal);
  }
}

/** The holder ran on this controller and its process is gone. */
function isStale(holder: string): boolean {
  const h = parseLockLine(holder);
  if (h.controller !== hostname() || !h.pid || !/^\d+$/.test(h.pid)) return false;
  try {
    process.kill(Number(h.pid), 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

function lockedError(host: string, path: string, holder: string, waited: number): RunLockedError {
  const h = parseLockLine(holder);
  const who = h.run ? `user ${h.user} on ${h.controller} (pid ${h.pid}), running since ${h.started}` : `an unreadable lock file`;
  return new RunLockedError(
    `${host} is locked by another run: ${who}${waited ? `; waited ${waited} s` : ''}`,
    undefined,
    `wait for it to finish (--wait-lock SECONDS waits), or, if that run is gone, remove ${path} on ${host}`,
  );
}

/**
 * `open`, taking the run lock on every host it opens and releasing it when the connection closes. A host
 * whose lock is held fails with RunLockedError (its tasks fail; the other hosts go on).
 */
export function lockingOpen<H>(
  open: (host: H, signal: AbortSignal) => Promise<Connection>,
  id: RunIdentity,
  opts: RunLockOptions,
): (host: H, signal: AbortSignal) => Promise<Connection> {
  return async (host, signal) => {
    const conn = await open(host, signal);
    let lock: HeldLock;
    try {
      lock = await acquireRunLock(conn, id, opts, signal);
    } catch (e) {
      await conn.close();
      throw e;
    }
    const held: Connection = Object.create(conn);
    held.close = async () => {
      await lock.release();
      await conn.close();
    };
    return held;
  };
}
