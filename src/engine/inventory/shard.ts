// `--shard K/N`: run slice K of N of the inventory's hosts, so that N processes (N CI jobs, N pods of a
// Kubernetes Indexed Job) share one run without a scheduler of their own. The slices are stable — the same
// inventory gives every host the same slice on every machine — and even: hosts are ordered by a hash of
// their name (sha256, no dependence on inventory order or on the machine) and dealt out in turn, so N
// slices differ by at most one host. The implicit `localhost` (a play on the controller) belongs to one
// slice only, so the merged recap counts it once.

import { createHash } from 'node:crypto';
import { InvalidInputError } from '../errors.js';
import type { Inventory } from './types.js';

export interface Shard {
  /** 1-based, as written: `--shard 2/4` is index 2 of count 4. */
  index: number;
  count: number;
}

export function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!(count >= 1 && index >= 1 && index <= count)) {
    throw new InvalidInputError([{ message: `--shard ${JSON.stringify(text)}: expected K/N with 1 ≤ K ≤ N`, hint: 'e.g. --shard 1/4 … --shard 4/4 run the four slices of the hosts' }]);
  }
  return { index, count };
}

const rank = (name: string) => createHash('sha256').update(name).digest('hex');

/** The names of `names` that fall in the shard (dealt in turn after ordering by hash). */
export function shardNames(names: readonly string[], shard: Shard): Set<string> {
  const ordered = [...new Set(names)].sort((a, b) => (rank(a) < rank(b) ? -1 : rank(a) > rank(b) ? 1 : a < b ? -1 : 1));
  return new Set(ordered.filter((_, i) => i % shard.count === shard.index - 1));
}

/** The inventory seen through the shard: patterns select only this slice's hosts. */
export function shardInventory(inventory: Inventory, shard: Shard): Inventory {
  const names = [...inventory.hosts.keys()];
  if (!inventory.hosts.has('localhost')) names.push('localhost');
  const mine = shardNames(names, shard);
  return {
    file: inventory.file,
    hosts: inventory.hosts,
    groups: inventory.groups,
    select: (pattern, loc) => inventory.select(pattern, loc).filter((h) => mine.has(h)),
    host: (name) => inventory.host(name),
  };
}
