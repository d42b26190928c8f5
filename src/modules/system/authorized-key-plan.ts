// The authorized_keys edit, as a pure function: a port of ansible.posix.authorized_key's parsekey /
// parsekeys / enforce_state / serialize, quirks included, so the bytes and `changed` are Ansible's:
// entries are keyed by the key blob (a later duplicate wins the rank, the first keeps the place), every
// entry is rewritten as `options type blob comment` (a key without a comment keeps a trailing space),
// options compare as a map, and `exclusive` drops comments and blank lines too.

import { ModuleFailure } from '../../engine/errors.js';

const KEY_TYPES = new Set([
  'sk-ecdsa-sha2-nistp256@openssh.com', 'sk-ecdsa-sha2-nistp256-cert-v01@openssh.com', 'webauthn-sk-ecdsa-sha2-nistp256@openssh.com',
  'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp256-cert-v01@openssh.com', 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp384-cert-v01@openssh.com',
  'ecdsa-sha2-nistp521', 'ecdsa-sha2-nistp521-cert-v01@openssh.com', 'sk-ssh-ed25519@openssh.com', 'sk-ssh-ed25519-cert-v01@openssh.com',
  'ssh-ed25519', 'ssh-ed25519-cert-v01@openssh.com', 'ssh-dss', 'ssh-rsa', 'ssh-xmss@openssh.com', 'ssh-xmss-cert-v01@openssh.com',
  'rsa-sha2-256', 'rsa-sha2-512', 'ssh-rsa-cert-v01@openssh.com', 'rsa-sha2-256-cert-v01@openssh.com', 'rsa-sha2-512-cert-v01@openssh.com',
  'ssh-dss-cert-v01@openssh.com',
]);

/** Ansible's keydict: options in order, a name may repeat. */
export type Options = [name: string, value: string | null][];

interface Entry {
  /** The key blob, or the whole line of a line that is not a key. */
  id: string;
  /** 'skipped' for a line kept as it is. */
  type: string;
  options: Options | null;
  comment: string;
  rank: number;
}

/** parseoptions: split on commas outside quotes. */
export function parseOptions(text: string | null | undefined): Options {
  const out: Options = [];
  if (!text) return out;
  // Python's re.split with a capturing group, [1:-1]: the matches with the separators between them.
  const parts = text.split(/((?:[^,"']|"[^"]*"|'[^']*')+)/).slice(1, -1);
  for (const part of parts) {
    const at = part.indexOf('=');
    if (at !== -1) out.push([part.slice(0, at), part.slice(at + 1)]);
    else if (part !== ',') out.push([part, null]);
  }
  return out;
}

/** keydict equality is dict equality: each name's values in order, names in any order. */
function sameOptions(a: Options | null, b: Options | null): boolean {
  const group = (o: Options | null) => {
    const m = new Map<string, (string | null)[]>();
    for (const [k, v] of o ?? []) m.set(k, [...(m.get(k) ?? []), v]);
    return m;
  };
  const [x, y] = [group(a), group(b)];
  return x.size === y.size && [...x].every(([k, v]) => JSON.stringify(y.get(k)) === JSON.stringify(v));
}

/** parsekey: null when the line holds no key of a known type. */
export function parseKey(raw: string, rank: number): Entry | null {
  const line = raw.replace(/\\#/g, '#');
  const parts = line.split(/[ \t\r\n]+/).filter(Boolean);
  if (parts[0] === '#') return { id: line, type: 'skipped', options: null, comment: '', rank };
  const at = parts.findIndex((p) => KEY_TYPES.has(p));
  if (at === -1) return null;
  if (parts[at + 1] === undefined) return null;
  return { id: parts[at + 1]!, type: parts[at]!, options: parseOptions(at > 0 ? parts.slice(0, at).join(' ') : null), comment: parts.slice(at + 2).join(' '), rank };
}

/** Python's splitlines(True). */
function linesWithEnds(text: string): string[] {
  return text.split(/(?<=\r\n|\n|\r(?!\n))/).filter((l) => l !== '');
}

function parseKeys(text: string): Map<string, Entry> {
  const keys = new Map<string, Entry>();
  linesWithEnds(text).forEach((line, rank) => {
    const e = parseKey(line, rank) ?? { id: line, type: 'skipped', options: null, comment: '', rank };
    keys.set(e.id, e);
  });
  return keys;
}

function serialize(keys: Map<string, Entry>): string {
  return [...keys.values()]
    .sort((a, b) => a.rank - b.rank)
    .map((e) => {
      if (e.type === 'skipped') return e.id;
      const opts = e.options?.length ? `${e.options.map(([k, v]) => (v === null ? k : `${k}=${v}`)).join(',')} ` : '';
      return `${opts}${e.type} ${e.id} ${e.comment}\n`;
    })
    .join('');
}

export interface KeyWanted {
  key: string;
  state: 'present' | 'absent';
  key_options?: string;
  exclusive: boolean;
  comment?: string;
}

/** The file's new text when it must be written (Ansible's do_write), else undefined. */
export function editAuthorizedKeys(w: KeyWanted, existing: string): string | undefined {
  const wanted = w.key.split(/\r\n|\r|\n/).filter((s) => s && !s.startsWith('#'));
  const keys = parseKeys(existing);
  const keep: string[] = [];
  const maxRank = keys.size;
  let write = false;
  wanted.forEach((text, rank) => {
    let k = parseKey(text, rank);
    if (!k || k.type === 'skipped') throw new ModuleFailure(`invalid key specified: ${text}`);
    if (w.key_options !== undefined) k = { ...k, options: parseOptions(w.key_options) };
    if (w.comment !== undefined) k = { ...k, comment: w.comment };
    const old = keys.get(k.id);
    let matched = false;
    let mismatch = false;
    if (old) {
      const same = old.type === k.type && sameOptions(old.options, k.options) && old.comment === k.comment;
      if (!same && w.state === 'present') mismatch = true;
      else matched = true;
    }
    if (w.state === 'present') {
      keep.push(k.id);
      if (mismatch) {
        keys.delete(k.id);
        write = true;
      }
      if (!matched) {
        keys.set(k.id, { ...k, rank: maxRank + k.rank });
        write = true;
      }
    } else if (matched) {
      keys.delete(k.id);
      write = true;
    }
  });
  if (w.state === 'present' && w.exclusive) {
    for (const id of [...keys.keys()]) {
      if (!keep.includes(id)) {
        keys.delete(id);
        write = true;
      }
    }
  }
  return write ? serialize(keys) : undefined;
}
