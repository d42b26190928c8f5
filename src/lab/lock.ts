// The lab operation lock: one `lab up`/`lab down` at a time on the machine. The lock file is created with
// link(2) from a temp file that already holds our pid and start time, so it never exists half-written; a
// lock whose process is gone (killed run) is stale and taken over.

import { linkSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { LOCK_FILE } from './spec.js';
import { alive, procStart, sleep } from './sh.js';

export class LabBusyError extends Error {}

function owner(file: string): { pid: number; start: string } | undefined {
  try {
    const [pid, start] = readFileSync(file, 'utf8').trim().split(' ');
    return { pid: Number(pid), start: start ?? '' };
  } catch {
    return undefined;
  }
}

function tryLock(file: string): boolean {
  const tmp = `${file}.${process.pid}.${Date.now()}`;
  writeFileSync(tmp, `${process.pid} ${procStart(process.pid)}\n`);
  try {
    linkSync(tmp, file);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    const o = owner(file);
    if (o && !alive(o.pid, o.start)) {
      // Stale: move it aside atomically (only one taker wins the rename), then retry.
      const aside = `${tmp}.stale`;
      try {
        renameSync(file, aside);
        // Another waiter may have taken over between our read and our rename: give a live lock back.
        const moved = owner(aside);
        if (moved && alive(moved.pid, moved.start)) linkSync(aside, file);
      } catch {
        // someone else took it over first
      } finally {
        try {
          unlinkSync(aside);
        } catch {
          // nothing was moved
        }
      }
    }
    return false;
  } finally {
    unlinkSync(tmp);
  }
}

/** Run `fn` holding the lock; wait for it at most `waitMs`. */
export async function withLabLock<T>(fn: () => Promise<T>, waitMs = 120_000, file = LOCK_FILE): Promise<T> {
  const end = Date.now() + waitMs;
  while (!tryLock(file)) {
    if (Date.now() >= end) {
      const o = owner(file);
      throw new LabBusyError(`another lab operation is running (pid ${o?.pid ?? '?'}, lock ${file}); waited ${Math.round(waitMs / 1000)} s`);
    }
    await sleep(100);
  }
  try {
    return await fn();
  } finally {
    const o = owner(file);
    if (o?.pid === process.pid) unlinkSync(file);
  }
}
