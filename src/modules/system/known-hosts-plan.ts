// search_for_host_key of Ansible's known_hosts module, over `ssh-keygen -F HOST -f PATH`'s output: whether the
// host is there, whether the key must be replaced or added, and on which line a key of the same type is.

import { ModuleFailure } from '../../engine/errors.js';

interface Normalized {
  options?: string;
  host: string;
  type: string;
  key: string;
}

/** normalize_known_hosts_key: the fields of a line, without the comment. */
function normalize(line: string): Normalized {
  const k = line.trim().split(/\s+/);
  if (k[0]!.startsWith('@')) return { options: k[0], host: k[1]!, type: k[2]!, key: k[3]! };
  return { host: k[0]!, type: k[1]!, key: k[2]! };
}

const same = (a: Normalized, b: Normalized) => a.options === b.options && a.host === b.host && a.type === b.type && a.key === b.key;

export interface HostKeySearch {
  found: boolean;
  replaceOrAdd: boolean;
  /** The line of the key of the same type (1-based). */
  foundLine?: number;
  /** Every line ssh-keygen reported for the host. */
  allLines: number[];
}

export function searchHostKey(key: string | undefined, st: { exists: boolean; search: { rc: number; stdout: string; stderr: string } }): HostKeySearch {
  const none = { found: false, replaceOrAdd: false, allLines: [] };
  if (!st.exists) return none;
  const { rc, stdout, stderr } = st.search;
  if (stdout === '' && stderr === '' && (rc === 0 || rc === 1)) return none;
  if (rc !== 0) throw new ModuleFailure(`ssh-keygen failed (rc=${rc}, stdout='${stdout}',stderr='${stderr}')`);
  const allLines = [...stdout.matchAll(/found: line (\d+)/g)].map((m) => Number(m[1]));
  if (!key) return { found: true, replaceOrAdd: false, allLines };
  const wanted = normalize(key);
  let foundLine: number | undefined;
  for (const l of stdout.split('\n')) {
    if (l === '') continue;
    if (l.startsWith('#')) {
      const m = /found: line (\d+)/.exec(l);
      if (!m) throw new ModuleFailure(`failed to parse output of ssh-keygen for line number: '${l}'`);
      foundLine = Number(m[1]);
      continue;
    }
    const found = normalize(l);
    // A name already hashed stays as it is: only the key decides.
    if (wanted.host.startsWith('|1|') && found.host.startsWith('|1|')) wanted.host = found.host;
    if (same(wanted, found)) return { found: true, replaceOrAdd: false, foundLine, allLines };
    if (wanted.type === found.type) return { found: true, replaceOrAdd: true, foundLine, allLines };
  }
  return { found: true, replaceOrAdd: true, allLines };
}
