// mode/owner/group, the attributes every file-writing module takes, handled once: comparing what a path has
// with what was asked, describing the difference as a before/after diff, and setting it in one command.

import type { Connection, PutOptions } from '../../engine/connection/types.js';
import { ModuleFailure } from '../../engine/errors.js';
import { cmd } from '../../engine/quote.js';
import type { Change } from '../../engine/module-api/module.js';
import type { FileStat } from './file-state.js';
import { formatMode, ModeError, resolveMode, type ModeParam } from './mode.js';

export interface AttrParams {
  mode?: ModeParam;
  owner?: string;
  group?: string;
}

/** JSON Schema properties for the attributes, spread into each module's params. */
export const attrSchema = {
  mode: {
    type: ['string', 'integer'],
    description:
      "Permissions of the file: octal as a string ('0644') or a YAML 1.1 octal number (0644), or symbolic like 'u=rw,g=r,o=' or 'u+x'. Unset: new files get the umask default, existing files keep theirs.",
  },
  owner: { type: 'string', description: 'User that should own the file (name or numeric uid). Unset: left as it is.' },
  group: { type: 'string', description: 'Group that should own the file (name or numeric gid). Unset: left as it is.' },
} as const;

/** The numeric mode asked for, resolved against the path's current one (symbolic modes need it). */
export function wantedMode(mode: ModeParam | undefined, st: FileStat): number | undefined {
  if (mode === undefined) return undefined;
  try {
    return resolveMode(mode, st.mode, st.type === 'directory', st.umask);
  } catch (e) {
    if (e instanceof ModeError) throw new ModuleFailure(e.message, {}, { hint: "quote octal modes in YAML ('0644') or write them with a leading 0" });
    throw e;
  }
}

/** Validate a mode before anything exists to resolve it against (new files). */
export function checkMode(mode: ModeParam | undefined): void {
  if (mode !== undefined) wantedMode(mode, { type: 'file', mode: 0, uid: 0, gid: 0, owner: '', group: '', size: 0, inode: 0, dev: 0, nlink: 1, umask: 0o022 });
}

function sameId(want: string, name: string, id: number): boolean {
  return want === name || want === String(id);
}

interface AttrDelta {
  mode?: number;
  owner?: string;
  group?: string;
  /** What differs, in the order shown: `[name, before, after]`. */
  items: [string, string, string][];
}

/** What differs. Links have no mode of their own on Linux, so only their ownership is compared. */
export function attrDelta(st: FileStat, want: AttrParams): AttrDelta {
  const d: AttrDelta = { items: [] };
  if (want.owner !== undefined && !sameId(want.owner, st.owner, st.uid)) {
    d.owner = want.owner;
    d.items.push(['owner', st.owner, want.owner]);
  }
  if (want.group !== undefined && !sameId(want.group, st.group, st.gid)) {
    d.group = want.group;
    d.items.push(['group', st.group, want.group]);
  }
  const mode = st.type === 'link' ? undefined : wantedMode(want.mode, st);
  if (mode !== undefined && mode !== st.mode) {
    d.mode = mode;
    d.items.push(['mode', formatMode(st.mode), formatMode(mode)]);
  }
  return d;
}

/** The command setting the attributes of `path` (on a link: the link itself, never its target). */
export function setAttrsCommand(path: string, a: { mode?: ModeParam; owner?: string; group?: string }): string {
  const steps: string[] = [];
  if (a.owner !== undefined) steps.push(cmd`chown -h -- ${a.owner} ${path}`);
  if (a.group !== undefined) steps.push(cmd`chgrp -h -- ${a.group} ${path}`);
  if (a.mode !== undefined) steps.push(cmd`chmod -- ${typeof a.mode === 'number' ? formatMode(a.mode) : a.mode} ${path}`);
  return steps.join(' && ');
}

/** Run a command of the module's own (never user text: reads may be sent after it, ExecOptions.carryReads). */
export async function runOrFail(conn: Connection, command: string, what: string): Promise<string> {
  const r = await conn.exec(command, { carryReads: true });
  if (r.code !== 0) throw new ModuleFailure(`${what} failed: ${r.stderr.trim() || `exit code ${r.code}`}`, { rc: r.code, stderr: r.stderr });
  return r.stdout;
}

/** The change making an existing path's attributes right, or undefined when they already are. */
export function attrChange(conn: Connection, path: string, st: FileStat, want: AttrParams): Change | undefined {
  const d = attrDelta(st, want);
  if (d.items.length === 0) return undefined;
  const text = (col: 1 | 2) => d.items.map((it) => `${it[0]}: ${it[col]}\n`).join('');
  return {
    summary: `${path}: ${d.items.map(([name, from, to]) => `${name} ${from} -> ${to}`).join(', ')}`,
    diff: { header: `${path} (file attributes)`, before: text(1), after: text(2) },
    apply: async () => void (await runOrFail(conn, setAttrsCommand(path, d), `setting attributes of ${path}`)),
  };
}

/** `, mode 0600, owner app` for the summary of a change that creates a path. */
export function describeNew(want: AttrParams): string {
  const bits: string[] = [];
  if (want.mode !== undefined) bits.push(`mode ${typeof want.mode === 'number' ? formatMode(want.mode) : want.mode}`);
  if (want.owner !== undefined) bits.push(`owner ${want.owner}`);
  if (want.group !== undefined) bits.push(`group ${want.group}`);
  return bits.length ? ` (${bits.join(', ')})` : '';
}

/** Options for `conn.put`: the attributes asked for, the mode resolved against the file it replaces. */
export function putOptions(want: AttrParams, st: FileStat | null): PutOptions {
  const mode = want.mode === undefined ? undefined : st && st.type === 'file' ? wantedMode(want.mode, st) : want.mode;
  return { mode: typeof mode === 'number' ? formatMode(mode) : mode, owner: want.owner, group: want.group };
}
