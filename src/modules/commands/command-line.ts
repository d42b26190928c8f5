// The command module's argument handling, as Ansible's: a string is split like Python's `shlex.split`
// (no shell), and each word may have `$VAR`, `${VAR}` and a leading `~` expanded from the host's
// environment (`expand_argument_vars`). The expansion is done by the host's sh, but only through
// `"${NAME-\$NAME}"` words built here: nothing else in a value is ever read as shell syntax, and an unset
// variable stays as written (Python's os.path.expandvars), not empty.

import { quote } from '../../engine/quote.js';

export class SplitError extends Error {}

/** Python's `shlex.split(s)` (POSIX mode, no comments). */
export function shlexSplit(s: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (' \t\r\n'.includes(c)) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else if (c === "'") {
      const end = s.indexOf("'", i + 1);
      if (end === -1) throw new SplitError('No closing quotation');
      word = (word ?? '') + s.slice(i + 1, end);
      i = end;
    } else if (c === '"') {
      word ??= '';
      for (i++; ; i++) {
        if (i >= s.length) throw new SplitError('No closing quotation');
        const d = s[i]!;
        if (d === '"') break;
        // Inside double quotes only `\"` and `\\` are escapes; any other backslash is kept.
        if (d === '\\' && (s[i + 1] === '"' || s[i + 1] === '\\')) word += s[++i];
        else word += d;
      }
    } else if (c === '\\') {
      if (i + 1 >= s.length) throw new SplitError('No escaped character');
      word = (word ?? '') + s[++i];
    } else word = (word ?? '') + c;
  }
  if (word !== undefined) words.push(word);
  return words;
}

/** One argument as a shell word: literal, or with environment variables and `~` expanded on the host. */
export function argWord(arg: string, expand: boolean): string {
  if (!expand) return quote(arg);
  let out = '';
  let rest = arg;
  // `~` or `~user` before the first slash: emitted bare, so sh expands it (the characters allowed are inert).
  const tilde = /^~([A-Za-z_][A-Za-z0-9_.-]*)?(?=\/|$)/.exec(rest);
  if (tilde) {
    out += tilde[0];
    rest = rest.slice(tilde[0].length);
  }
  const re = /\$(?:([A-Za-z_][A-Za-z0-9_]*)|\{([A-Za-z_][A-Za-z0-9_]*)\})/g;
  let at = 0;
  for (let m = re.exec(rest); m; m = re.exec(rest)) {
    if (m.index > at) out += quote(rest.slice(at, m.index));
    const name = m[1] ?? m[2]!;
    out += m[1] ? `"\${${name}-\\$${name}}"` : `"\${${name}-\\\${${name}\\}}"`;
    at = m.index + m[0].length;
  }
  if (at < rest.length || out === '') out += quote(rest.slice(at));
  return out;
}

/** Ansible's timestamps: `2024-05-01 12:00:00.123456`, and a duration as `0:00:01.234567`. */
export function formatTime(d: Date): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds() * 1000, 6)}`;
}

export function formatDelta(ms: number): string {
  const s = Math.floor(ms / 1000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${Math.floor(s / 3600)}:${p(Math.floor(s / 60) % 60)}:${p(s % 60)}.${String(Math.round((ms % 1000) * 1000)).padStart(6, '0')}`;
}
