// wait_for: wait until a TCP port is open (or closed), or a file exists (optionally containing a pattern)
// or is gone — Ansible's wait_for. The whole wait loop runs ON THE HOST in one command with a deadline, using
// what the host has to test a port (bash's /dev/tcp, python3, or nc). Like Ansible it never reports a change
// and it waits in check mode too, so the waiting is part of planning.

import { ModuleFailure } from '../../engine/errors.js';
import { argv } from '../../engine/quote.js';
import { compilePyRegex } from '../../engine/expressions/py-regex.js';
import { expandPaths } from '../files/paths.js';
import { defineModule } from '../../engine/module-api/module.js';

const SCRIPT = `mode=$1 want=$2 host=$3 port=$4 path=$5 regex=$6 timeout=$7 delay=$8 pause=$9 ct=\${10}
# Time in hundredths of a second (the kernel's uptime: monotonic, and fine enough that a check of a few
# milliseconds never reads as a second, which whole seconds from date +%s did when it crossed a boundary).
now() {
  if [ -r /proc/uptime ]; then read -r up _ < /proc/uptime; echo $(( \${up%.*} * 100 + 1\${up#*.} - 100 ))
  else echo $(( $(date +%s) * 100 )); fi
}
start=$(now)
deadline=$((start + timeout * 100))
checks=0
limit() { if command -v timeout >/dev/null 2>&1; then timeout "$@"; else shift; "$@"; fi; }
if [ "$mode" = port ]; then
  if command -v bash >/dev/null 2>&1; then how=bash
  elif command -v python3 >/dev/null 2>&1; then how=python3
  elif command -v nc >/dev/null 2>&1; then how=nc
  else echo 'wait_for needs bash, python3 or nc on the host to test a port' >&2; exit 3; fi
fi
# Perl-compatible patterns read like Python's ((?P<name>…), \\d, lazy quantifiers) where grep has -P.
gre=-E; echo x | grep -qP 'x' 2>/dev/null && gre=-P
is_open() {
  case $how in
    bash) limit "$ct" bash -c 'exec 3<>"/dev/tcp/$0/$1"' "$host" "$port" ;;
    python3) python3 -c 'import socket,sys; socket.create_connection((sys.argv[1], int(sys.argv[2])), float(sys.argv[3])).close()' "$host" "$port" "$ct" ;;
    nc) nc -z -w "$ct" "$host" "$port" ;;
  esac
}
check() {
  case $mode in
    port) if is_open >/dev/null 2>&1; then [ "$want" = up ]; else [ "$want" = down ]; fi ;;
    path)
      if [ "$want" = down ]; then [ ! -e "$path" ]
      elif [ -n "$regex" ]; then [ -f "$path" ] && grep "$gre" -q -e "$regex" -- "$path" 2>/dev/null
      else [ -e "$path" ]; fi ;;
    *) false ;;
  esac
}
[ "$delay" = 0 ] || sleep "$delay"
while :; do
  checks=$((checks + 1))
  if check; then
    echo "elapsed=$(( ($(now) - start) / 100 )) checks=$checks"
    # The text searched, for match_groups (Python's re on the controller), at most 1 MiB of it.
    if [ -n "$regex" ]; then echo '@@content'; head -c 1048576 -- "$path"; fi
    exit 0
  fi
  t=$(now)
  if [ "$t" -ge "$deadline" ]; then echo "elapsed=$(( (t - start) / 100 )) checks=$checks"; exit 124; fi
  sleep "$pause"
done`;

export const waitFor = defineModule({
  name: 'wait_for',
  summary: 'Wait for a TCP port to open or close, or a file to appear (with some text) or go away; never changes anything.',
  params: {
    type: 'object',
    additionalProperties: false,
    properties: {
      port: { type: 'integer', minimum: 1, maximum: 65535, description: 'TCP port to wait for (tested from the host itself).' },
      host: { type: 'string', default: '127.0.0.1', description: 'Address or name to connect to when waiting for a port, as seen from the host.' },
      path: { type: 'string', description: 'File to wait for instead of a port. ~ and $VARS are expanded on the host, as in Ansible.' },
      search_regex: { type: 'string', description: 'With path: wait until a line of the file matches this regular expression (Python syntax as Ansible; tested by grep -P on the host, or grep -E where grep has no -P); its groups are returned as match_groups and match_groupdict.' },
      state: {
        enum: ['started', 'stopped', 'present', 'absent'],
        default: 'started',
        description: 'started/present: wait until the port accepts connections or the file exists. stopped/absent: until the port refuses connections or the file is gone.',
      },
      timeout: { type: 'integer', minimum: 0, default: 300, description: 'Seconds to wait at most (the delay included) before failing.' },
      delay: { type: 'integer', minimum: 0, default: 0, description: 'Seconds to wait before the first check.' },
      sleep: { type: 'number', exclusiveMinimum: 0, default: 1, description: 'Seconds between checks.' },
      connect_timeout: { type: 'integer', minimum: 1, default: 5, description: 'Seconds to wait for one connection attempt.' },
      msg: { type: 'string', description: 'Message to fail with instead of the default one when the timeout is reached.' },
    },
  },
  async plan(ctx, params) {
    const p = await expandPaths(ctx, params, ['path']);
    if (p.port !== undefined && p.path !== undefined) throw new ModuleFailure('port and path parameter can not both be passed to wait_for', { elapsed: 0 });
    if (p.path !== undefined && p.state === 'stopped') throw new ModuleFailure('state=stopped should only be used for checking a port in the wait_for module', { elapsed: 0 });
    if (p.search_regex !== undefined && p.path === undefined) throw new ModuleFailure('search_regex is only supported with path in runbook', { elapsed: 0 }, { hint: 'wait for the port, then test the service with a command' });
    const up = p.state === 'started' || p.state === 'present';
    const mode = p.port !== undefined ? 'port' : p.path !== undefined ? 'path' : 'sleep';
    const args = [SCRIPT, 'runbook-wait_for', mode, up ? 'up' : 'down', p.host, p.port ?? '', p.path ?? '', p.search_regex ?? '', p.timeout, p.delay, p.sleep, p.connect_timeout];
    // A bound on the one command, in case the host's clock or sleep misbehaves.
    const bound = (p.timeout + p.delay + p.connect_timeout + p.sleep + 30) * 1000;
    const r = await ctx.conn.exec(`sh -c ${argv(args)}`, { timeout: bound, signal: ctx.signal });
    const at = r.stdout.indexOf('@@content\n');
    const head = at === -1 ? r.stdout : r.stdout.slice(0, at);
    const elapsed = Number(/elapsed=(\d+)/.exec(head)?.[1] ?? 0);
    const checks = Number(/checks=(\d+)/.exec(head)?.[1] ?? 1);
    const what = mode === 'port' ? `${p.host}:${p.port}` : p.path;
    const groups = at === -1 || p.search_regex === undefined ? { match_groups: [], match_groupdict: {} } : matchGroups(p.search_regex, r.stdout.slice(at + 10));
    const data = { elapsed, state: p.state, ...(p.port !== undefined ? { port: p.port } : {}), ...(p.path !== undefined ? { path: p.path } : {}), search_regex: p.search_regex, ...groups };
    if (r.code === 0 || (mode === 'sleep' && r.code === 124)) {
      const state = mode === 'port' ? (up ? 'open' : 'closed') : up ? (p.search_regex ? `present and matches ${p.search_regex}` : 'present') : 'absent';
      // "checks" only when the first check did not already succeed: a test can tell "at once" without a clock.
      const done = mode === 'sleep' ? `waited ${elapsed}s` : `${what} is ${state} (after ${elapsed}s${checks > 1 ? `, ${checks} checks` : ''})`;
      return { changes: [], data, reason: done };
    }
    if (r.code !== 124) throw new ModuleFailure(`wait_for could not run on the host: ${r.stderr.trim() || `exit code ${r.code}`}`, data);
    throw new ModuleFailure(p.msg ?? timeoutMessage(mode, up, p), data);
  },
});

/**
 * Ansible's match_groups/match_groupdict: the groups of Python's re.search(search_regex, content, re.MULTILINE)
 * over the file. The wait itself matched with grep -P (or -E) on the host, which reads common patterns alike.
 */
export function matchGroups(pattern: string, content: string): { match_groups: (string | null)[]; match_groupdict: Record<string, string | null> } {
  const inline = /^\(\?([aiLmsux]+)\)/.exec(pattern);
  const multiline = inline ? `(?m${inline[1]})${pattern.slice(inline[0].length)}` : `(?m)${pattern}`;
  let m: RegExpExecArray | null = null;
  try {
    m = compilePyRegex(multiline).re.exec(content);
  } catch {
    // Not a pattern Python's syntax reads the same way: no groups rather than a failure after a successful wait.
  }
  if (!m) return { match_groups: [], match_groupdict: {} };
  const none = (v: string | undefined) => (v === undefined ? null : v);
  return {
    match_groups: m.slice(1).map(none),
    match_groupdict: Object.fromEntries(Object.entries(m.groups ?? {}).map(([k, v]) => [k, none(v)])),
  };
}

function timeoutMessage(mode: string, up: boolean, p: { host: string; port?: number; path?: string; search_regex?: string }): string {
  if (mode === 'port') return up ? `Timeout when waiting for ${p.host}:${p.port}` : `Timeout when waiting for ${p.host}:${p.port} to stop.`;
  if (!up) return `Timeout when waiting for ${p.path} to be absent.`;
  return p.search_regex ? `Timeout when waiting for search string ${p.search_regex} in ${p.path}` : `Timeout when waiting for file ${p.path}`;
}
