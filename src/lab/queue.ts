// First come, first served among processes waiting for the one lab of the machine. Without it, several
// test runs polling for the lab race each time it is freed, and an unlucky one can wait out its whole
// timeout. A waiter drops a ticket file named by its arrival time; only the oldest ticket whose process
// still runs may build. Tickets of processes that died are removed by whoever looks.

import { mkdirSync, readdirSync, rmdirSync, unlinkSync, writeFileSync } from 'node:fs';
import { alive, procStart } from './sh.js';
import { STATE_DIR } from './spec.js';

export const QUEUE_DIR = `${STATE_DIR}.queue`;

export interface Ticket {
  name: string;
  /** Is it this ticket's turn (every older ticket's process is gone)? */
  first(): boolean;
  leave(): void;
}

function parse(name: string): { pid: number; start: string } | undefined {
  const m = /^\d+-(\d+)-(\d+)$/.exec(name);
  return m ? { pid: Number(m[1]), start: m[2]! } : undefined;
}

let seq = 0;

/** `owner`: the process the lab will belong to (e.g. a test that runs `lab up --owner`); its place counts as ours. */
export function joinQueue(dir = QUEUE_DIR, owner?: number): Ticket {
  // Arrival time, then a counter (two tickets of one process in the same millisecond), then the owner.
  const name = `${String(Date.now()).padStart(15, '0')}${String(seq++ % 10000).padStart(4, '0')}-${process.pid}-${procStart(process.pid) ?? 0}`;
  for (let attempt = 0; ; attempt++) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    try {
      writeFileSync(`${dir}/${name}`, '');
      break;
    } catch (e) {
      // The last waiter removed the empty directory between our mkdir and our write: once more.
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT' || attempt >= 3) throw e;
    }
  }
  return {
    name,
    first() {
      for (const t of readdirSync(dir).sort()) {
        if (t === name) return true;
        const p = parse(t);
        // An older ticket of this process, or of the lab's owner, holds our place (a test keeping its turn).
        if (p && (p.pid === process.pid || p.pid === owner)) return true;
        if (p && alive(p.pid, p.start)) return false;
        try {
          unlinkSync(`${dir}/${t}`); // its process is gone
        } catch {
          // removed by another waiter
        }
      }
      return true; // our ticket vanished (someone cleaned the directory): do not starve
    },
    leave() {
      try {
        unlinkSync(`${dir}/${name}`);
      } catch {
        // already gone
      }
      try {
        rmdirSync(dir); // the last one out leaves nothing behind in /run
      } catch {
        // others are still waiting
      }
    },
  };
}
