// wait_for: wait until a TCP port is open (or closed), or a file exists (optionally containing a pattern)
// or is gone — Ansible's wait_for. The whole wait loop runs ON THE HOST in one command with a deadline, using
// what the host has to test a port (bash's /dev/tcp, python3, or nc). Like Ansible it never reports a change
// and it waits in check mode too, so the waiting is part of planning.

import { ModuleFailure } from '../../engine/errors.js';
import { argv } from '../../engine/quote.js';
import { expandPaths } from '../files/paths.js';
import { defineModule } from '../../engine/module-api/module.js';

const SCRIPT = `mode=$1 want=$2 host=$3 port=$4 path=$5 regex=$6 timeout=$7 delay=$8 pause=$9 ct=\${10}
start=$(date +%s)
deadline=$((start + timeout))
limit() { if command -v timeout >/dev/null 2>&1; then timeout "$@"; else shift; "$@"; fi; }
if [ "$mode" = port ]; then
  if command -v bash >/dev/null 2>&1; then how=bash
  elif command -v python3 >/dev/null 2>&1; then how=python3
  elif command -v nc >/dev/null 2>&1; then how=nc
  else echo 'wait_for needs bash, python3 or nc on the host to test a port' >&2; exit 3; fi
fi
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
      elif [ -n "$regex" ]; then [ -f "$path" ] && grep -Eq -e "$regex" -- "$path" 2>/dev/null
      else [ -e "$path" ]; fi ;;
    *) false ;;
  esac
}
[ "$delay" = 0 ] || sleep "$delay"
while :; do
  if check; then echo "elapsed=$(( $(date +%s) - start ))"; exit 0; fi
  now=$(date +%s)
  if [ "$now" -ge "$deadline" ]; then echo "elapsed=$((now - start))"; exit 124; fi
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
      search_regex: { type: 'string', description: 'With path: wait until the file contains a line matching this extended regular expression (grep -E).' },
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
    const elapsed = Number(/elapsed=(\d+)/.exec(r.stdout)?.[1] ?? 0);
    const what = mode === 'port' ? `${p.host}:${p.port}` : p.path;
    const data = { elapsed, state: p.state, ...(p.port !== undefined ? { port: p.port } : {}), ...(p.path !== undefined ? { path: p.path } : {}), search_regex: p.search_regex };
    if (r.code === 0 || (mode === 'sleep' && r.code === 124)) {
      const done = mode === 'sleep' ? `waited ${elapsed}s` : `${what} is ${mode === 'port' ? (up ? 'open' : 'closed') : up ? (p.search_regex ? `present and matches ${p.search_regex}` : 'present') : 'absent'} (after ${elapsed}s)`;
      return { changes: [], data, reason: done };
    }
    if (r.code !== 124) throw new ModuleFailure(`wait_for could not run on the host: ${r.stderr.trim() || `exit code ${r.code}`}`, data);
    throw new ModuleFailure(p.msg ?? timeoutMessage(mode, up, p), data);
  },
});

function timeoutMessage(mode: string, up: boolean, p: { host: string; port?: number; path?: string; search_regex?: string }): string {
  if (mode === 'port') return up ? `Timeout when waiting for ${p.host}:${p.port}` : `Timeout when waiting for ${p.host}:${p.port} to stop.`;
  if (!up) return `Timeout when waiting for ${p.path} to be absent.`;
  return p.search_regex ? `Timeout when waiting for search string ${p.search_regex} in ${p.path}` : `Timeout when waiting for file ${p.path}`;
}
