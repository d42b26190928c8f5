// The fact batch as one shell script that starts as few processes as it can. A fact that says what it
// reads (`Fact.query`: a stat, a file's content, a glob, is-a-directory) is answered with shell builtins (`[ -e ]`, `[ -d ]`, `umask`,
// `read`, `printf`, pathname expansion) and, for the whole batch, ONE `stat` call over every path and ONE
// `sha256sum` call over every file to hash — instead of a subshell, a `stat`, a `sha256sum`, a `wc` and a
// `base64` per fact. Each answer is the output the fact's own command would have printed, so its parser is
// unchanged; whenever the script cannot be sure of that (the path or one of its directories is a link, the
// path is relative, the batch's stat failed, the file is large), it runs the fact's command in a subshell
// as before. A content read answered by `read` is checked on the controller (facts.ts): its bytes must
// number the file's size (a NUL byte, which the shell drops, shows there), else it is read again the old way.

import type { Fact, FileQuery } from '../module-api/module.js';
import { quote } from '../quote.js';

/** Files up to this size are read with the shell's `read` (byte by byte in dash: cheap only when small). */
export const SMALL_TEXT_BYTES = 16 * 1024;
const STAT_FORMAT = '%f %a %u %g %s %i %d %h %U %G';
const V = '__rb'; // prefix of the script's variables: no fact command uses it

/** A path the builtins can answer for: absolute, normalised (realpath is the path when no part is a link). */
function fastPath(path: string): boolean {
  return path === '/' || (/^(\/[^/]+)+$/.test(path) && !path.split('/').some((c) => c === '.' || c === '..'));
}

/** The path and each directory above it, which must all not be links for the path to be its own realpath. */
function linkChecks(path: string): string {
  const parts = path.split('/').slice(1);
  return parts.map((_, i) => `[ -L ${quote(`/${parts.slice(0, i + 1).join('/')}`)} ]`).join(' || ') || 'false';
}

/** The output separator every fact ends with (on stdout and stderr), as in the plain batch. */
export function factSeparator(marker: string, i: number): string {
  return `printf '\\n%s %s %s\\n' ${marker} ${i} "$rc"\nprintf '\\n%s %s\\n' ${marker} ${i} >&2`;
}

/** A fact's own command, isolated in a subshell: how every fact ran before, and the fallback here. */
export function isolated(f: Fact<unknown>): string {
  return `(\n${f.command}\n) </dev/null\nrc=$?`;
}

/** Whether a batch gains from the builtin form (it has at least one fact that says what it reads). */
export function answerable(f: Fact<unknown>): boolean {
  const q = f.query;
  return !!q && (builtinOnly(q) || fastPath(q.path));
}

/** Queries the shell answers by itself, with no part in the batch's one `stat` call. */
function builtinOnly(q: FileQuery): q is Extract<FileQuery, { op: 'glob' | 'isdir' }> {
  return q.op === 'glob' || q.op === 'isdir';
}

export function fastBatchScript(batch: readonly Fact<unknown>[], marker: string): string {
  const paths = new Map<string, number>(); // path → index k of its variables
  const hashed = new Set<number>();
  for (const f of batch) {
    const q = f.query;
    if (!q || builtinOnly(q) || !fastPath(q.path)) continue;
    if (!paths.has(q.path)) paths.set(q.path, paths.size);
    if (q.op === 'stat' && q.checksum) hashed.add(paths.get(q.path)!);
  }
  const out: string[] = [`${V}_sok=1`, `${V}_hok=1`, 'set --'];
  // f<k>: 1 = exists and neither it nor a directory above is a link (answered here), m = missing, 0 = run the command.
  for (const [path, k] of paths) {
    out.push(`if ${linkChecks(path)}; then ${V}_f${k}=0; elif [ -e ${quote(path)} ]; then ${V}_f${k}=1; set -- "$@" ${quote(path)}; else ${V}_f${k}=m; fi`);
  }
  // One stat for every path; its lines are taken back in the same order (field splitting on newlines only).
  out.push(`if [ $# -gt 0 ]; then ${V}_st=$(stat -c '${STAT_FORMAT}' -- "$@") || ${V}_sok=0; fi`);
  out.push(`set -f; IFS='\n'; set -- $${V}_st; unset IFS; set +f`);
  for (const k of paths.values()) out.push(`if [ "$${V}_f${k}" = 1 ]; then ${V}_s${k}=$1; shift; fi`);
  if (hashed.size > 0) {
    out.push('set --');
    for (const [path, k] of paths) {
      if (hashed.has(k)) out.push(`if [ "$${V}_f${k}" = 1 ] && [ -f ${quote(path)} ]; then ${V}_c${k}=1; set -- "$@" ${quote(path)}; fi`);
    }
    // sha256sum writes one line per file (a name with a newline or a backslash is escaped, the line then
    // starts with a backslash); the hash is the first word.
    out.push(`if [ $# -gt 0 ]; then ${V}_hs=$(sha256sum -- "$@") || ${V}_hok=0; fi`);
    out.push(`set -f; IFS='\n'; set -- $${V}_hs; unset IFS; set +f`);
    for (const k of hashed) out.push(`if [ "$${V}_c${k}" = 1 ]; then ${V}_h${k}=\${1#\\\\}; ${V}_h${k}=\${${V}_h${k}%% *}; shift; fi`);
  }
  batch.forEach((f, i) => {
    const q = f.query;
    const k = q && !builtinOnly(q) ? paths.get(q.path) : undefined;
    const body = !q || (!builtinOnly(q) && k === undefined) ? isolated(f) : answer(f, q, k);
    out.push(body, factSeparator(marker, i));
  });
  return out.join('\n');
}

function answer(f: Fact<unknown>, q: FileQuery, k: number | undefined): string {
  if (q.op === 'glob') {
    // As globExistsFact's command: `$p` unquoted under an empty IFS gets pathname expansion only.
    return `${V}_p=${quote(q.pattern)}; IFS=; rc=1; for ${V}_g in $${V}_p; do if [ -e "$${V}_g" ] || [ -L "$${V}_g" ]; then rc=0; break; fi; done; unset IFS`;
  }
  const p = quote(q.path);
  if (q.op === 'isdir') return `if [ -d ${p} ]; then rc=0; else rc=1; fi`;
  if (q.op === 'stat') {
    const lines = ['umask', `printf '%s\\n' "$${V}_s${k}"`];
    let ok = `[ "$${V}_f${k}" = 1 ] && [ "$${V}_sok" = 1 ]`;
    if (q.checksum) {
      ok += ` && { [ "$${V}_c${k}" != 1 ] || [ "$${V}_hok" = 1 ]; }`;
      lines.push(`if [ "$${V}_c${k}" = 1 ]; then printf 'sha256 %s  -\\n' "$${V}_h${k}"; fi`);
    }
    if (q.follow) lines.push(`printf 'R%s\\n' ${p}`);
    return `if ${ok}; then\n${lines.join('\n')}\nrc=0\nelif [ "$${V}_f${k}" = m ]; then rc=3\nelse\n${isolated(f)}\nfi`;
  }
  // content: a tag line first — `T<size>` (the bytes follow as they are) or `B` (the command's base64 follows).
  const limit = Math.min(q.limit, SMALL_TEXT_BYTES);
  return [
    `if [ "$${V}_f${k}" = 1 ] && [ "$${V}_sok" = 1 ] && [ -f ${p} ] && [ -r ${p} ]; then set -f; set -- $${V}_s${k}; set +f; else set -- x x x x ${limit + 1}; fi`,
    `if [ "$${V}_f${k}" = m ]; then printf 'B\\n'; rc=3`,
    `elif [ "$5" -le ${limit} ]; then printf 'T%s\\n' "$5"; ${V}_l=; while IFS= read -r ${V}_l; do printf '%s\\n' "$${V}_l"; done < ${p}; printf '%s' "$${V}_l"; rc=0`,
    `else printf 'B\\n'\n${isolated(f)}\nfi`,
  ].join('\n');
}
