// Facts as values, for planning tables (pyinfra style): the HostFacts a tester reads through answers each
// fact from the case's table by its key, and one the case does not give fails the test. Builders make
// FileStat values short to write.

import { createHash } from 'node:crypto';
import type { Connection } from '../../src/engine/connection/types.js';
import { HostFacts } from '../../src/engine/execute/facts.js';
import type { Fact, FactValue } from '../../src/engine/module-api/module.js';
import { isDirectoryKey, type FileStat } from '../../src/modules/files/file-state.js';

export type FactTable = [Fact<unknown>, unknown][];

export class TableFacts extends HostFacts {
  private readonly known: Map<string, unknown>;

  constructor(conn: Connection, table: FactTable) {
    super(conn);
    this.known = new Map(table.map(([f, v]) => [f.key, v]));
    // A followed stat the case gives answers "is it a directory?" too (a write's parent), unless given.
    for (const [f, v] of table) {
      const followed = /^stat-follow(?:-sha256)?:(.*)$/.exec(f.key);
      const key = followed && isDirectoryKey(followed[1]!);
      if (key && !this.known.has(key)) this.known.set(key, (v as FileStat | null)?.type === 'directory');
    }
  }

  override async fetch<const F extends readonly Fact<unknown>[]>(...facts: F): Promise<{ [K in keyof F]: FactValue<F[K]> }> {
    return facts.map((f) => {
      if (!this.known.has(f.key)) throw new Error(`the case gives no fact ${f.key}`);
      return this.known.get(f.key);
    }) as { [K in keyof F]: FactValue<F[K]> };
  }

  override has(key: string): boolean {
    return this.known.has(key);
  }
}

const base: FileStat = { type: 'file', mode: 0o644, uid: 0, gid: 0, owner: 'root', group: 'root', size: 0, inode: 1, dev: 1, nlink: 1, umask: 0o022 };

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** A regular file; `content` sets its sha256 and size. */
export function fileSt(over: Partial<FileStat> & { content?: string } = {}): FileStat {
  const { content, ...rest } = over;
  return { ...base, ...(content !== undefined ? { sha256: sha256(content), size: content.length } : {}), ...rest };
}
export const dirSt = (over: Partial<FileStat> = {}): FileStat => ({ ...base, type: 'directory', mode: 0o755, ...over });
export const linkSt = (target: string, over: Partial<FileStat> = {}): FileStat => ({ ...base, type: 'link', mode: 0o777, target, ...over });
