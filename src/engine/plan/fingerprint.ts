// A plan's fingerprint: sha256 over everything a run's plans follow from on the controller side — the
// compiled playbook (tasks, roles, vars_files, handlers, every argument as written), the variables (extra
// vars, the inventory's hosts and their vars), and the bytes of every file in the roles it uses and in the
// playbook's files/ and templates/ (what copy and template put on hosts). Paths are taken relative to the
// playbook's directory, so a plan made in one checkout applies in another.

import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { CompiledPlaybook, Vars } from '../compile/types.js';
import type { Inventory } from '../inventory/types.js';

/** Files of one tree, sorted, bounded (a fingerprint must not read a whole disk by mistake). */
const MAX_FILES = 10_000;

export async function fingerprint(playbook: CompiledPlaybook, inventory: Inventory, extraVars: Vars): Promise<string> {
  const h = createHash('sha256');
  const base = playbook.dir;
  const rel = (s: string) => (s.startsWith(`${base}/`) || s === base ? relative(base, s) || '.' : s);
  const roles = new Set<string>();
  const compiled = JSON.stringify(playbook, (key, v: unknown) => {
    if (key === 'mod' || typeof v === 'function') return undefined;
    if (key === 'role' && v && typeof v === 'object' && typeof (v as { dir?: unknown }).dir === 'string') roles.add((v as { dir: string }).dir);
    return typeof v === 'string' ? rel(v) : v;
  });
  h.update(compiled);
  h.update(JSON.stringify(extraVars));
  for (const [name, host] of inventory.hosts) h.update(JSON.stringify([name, host.groups, host.vars, host.connection]));
  const trees = [...roles, join(base, 'files'), join(base, 'templates')].sort();
  for (const dir of trees) {
    for (const file of await filesUnder(dir)) {
      h.update(`\u0000${rel(file)}\u0000`);
      h.update(await readFile(file));
    }
  }
  return h.digest('hex');
}

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(d, { withFileTypes: true });
    } catch {
      return; // no such directory: nothing of it to hash
    }
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (out.length >= MAX_FILES) return;
      const p = join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else if (e.isFile()) out.push(p);
    }
  };
  await walk(dir);
  return out;
}
