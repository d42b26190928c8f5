// Everything the systemd module decides on, read in ONE command: optional daemon-reload/daemon-reexec
// first (Ansible runs them before reading, and never in check mode), then `systemctl show NAME`,
// `systemctl is-enabled NAME` (its word and exit code carry static/indirect/alias semantics), and whether
// a SysV init script exists and is linked into a runlevel (Ansible's sysv_exists / sysv_is_enabled).

import { randomBytes } from 'node:crypto';
import { argv } from '../../engine/quote.js';
import type { Fact } from '../../engine/module-api/module.js';

export interface SystemctlFlags {
  scope: 'system' | 'user' | 'global';
  force?: boolean;
}

export interface UnitState {
  /** daemon-reload / daemon-reexec result, when asked: exit code and stderr. */
  reload?: { code: number; stderr: string };
  reexec?: { code: number; stderr: string };
  /** Absent when no unit was named. */
  unit?: {
    showCode: number;
    showErr: string;
    /** `systemctl show` as a map, Ansible's `status` result. */
    status: Record<string, string>;
    enabledOut: string;
    enabledCode: number;
    initd: boolean;
    sysvEnabled: boolean;
  };
}

/** `systemctl [--user|--global] [--force]`, as Ansible builds it (no_block is added to actions only). */
export function systemctlArgv(f: SystemctlFlags): string[] {
  return ['systemctl', ...(f.scope !== 'system' ? [`--${f.scope}`] : []), ...(f.force ? ['--force'] : [])];
}

// $1 reload (1/0), $2 reexec (1/0), $3 unit name ('' for none), then the systemctl argv.
const SCRIPT = `r=$1 x=$2 u=$3; shift 3
[ -n "\${XDG_RUNTIME_DIR:-}" ] || { XDG_RUNTIME_DIR=/run/user/$(id -u); export XDG_RUNTIME_DIR; }
if [ "$r" = 1 ]; then err=$("$@" daemon-reload 2>&1 >/dev/null); echo "@@reload $?"; printf '%s\\n' "$err"; fi
if [ "$x" = 1 ]; then err=$("$@" daemon-reexec 2>&1 >/dev/null); echo "@@reexec $?"; printf '%s\\n' "$err"; fi
[ -n "$u" ] || exit 0
echo "@@show"; "$@" show -- "$u" 2>&1; echo "@@showrc $?"
out=$("$@" is-enabled -l -- "$u" 2>/dev/null); echo "@@enabled $?"; printf '%s\\n' "$out"
echo "@@initd"; [ -e "/etc/init.d/$u" ] && echo yes
echo "@@sysv"; for f in /etc/rc?.d/S??"$u"; do [ -e "$f" ] && { echo yes; break; }; done
exit 0`;

export function unitStateFact(o: { name?: string; reload: boolean; reexec: boolean; flags: SystemctlFlags }): Fact<UnitState> {
  // Reloading is an action: a unique key so it is never answered from the fact cache.
  const nonce = o.reload || o.reexec ? `:${randomBytes(8).toString('hex')}` : '';
  return {
    key: `systemd:${JSON.stringify([o.name ?? '', o.flags.scope, !!o.flags.force, o.reload, o.reexec])}${nonce}`,
    command: `sh -c ${argv([SCRIPT, 'runbook-systemd', o.reload ? 1 : 0, o.reexec ? 1 : 0, o.name ?? '', ...systemctlArgv(o.flags)])}`,
    parse: (stdout, code, stderr) => {
      if (code !== 0) throw new Error(`could not read the state of ${o.name ?? 'systemd'}: ${stderr.trim() || `exit code ${code}`}`);
      return parseUnitState(stdout);
    },
  };
}

/**
 * Ansible's parse_systemctl_show: `Key=value` lines; only `Exec*` values that start with `{` may span
 * lines (until one ends with `}`), so a Description starting with `{` cannot swallow the rest.
 */
export function parseSystemctlShow(lines: string[]): Record<string, string> {
  const parsed: Record<string, string> = {};
  let key: string | undefined;
  let multi: string[] = [];
  for (const line of lines) {
    if (key === undefined) {
      const eq = line.indexOf('=');
      if (eq === -1) continue;
      const k = line.slice(0, eq);
      const v = line.slice(eq + 1);
      if (k.startsWith('Exec') && v.trimStart().startsWith('{') && !v.trimEnd().endsWith('}')) {
        key = k;
        multi = [v];
        continue;
      }
      parsed[k] = v.trim();
    } else {
      multi.push(line);
      if (line.trimEnd().endsWith('}')) {
        parsed[key] = multi.join('\n').trim();
        key = undefined;
        multi = [];
      }
    }
  }
  return parsed;
}

export function parseUnitState(stdout: string): UnitState {
  const sections: { tag: string; arg: string; lines: string[] }[] = [];
  for (const line of stdout.split('\n')) {
    const m = /^@@(\w+)(?: (.*))?$/.exec(line);
    if (m) sections.push({ tag: m[1]!, arg: m[2] ?? '', lines: [] });
    else sections[sections.length - 1]?.lines.push(line);
  }
  const get = (tag: string) => sections.find((s) => s.tag === tag);
  const text = (tag: string) => (get(tag)?.lines ?? []).join('\n').trim();
  const result = (tag: string) => (get(tag) ? { code: Number(get(tag)!.arg), stderr: text(tag) } : undefined);
  const state: UnitState = {};
  const reload = result('reload');
  const reexec = result('reexec');
  if (reload) state.reload = reload;
  if (reexec) state.reexec = reexec;
  if (get('show')) {
    // stderr was merged into the show section: when show failed, its lines are the error.
    const showCode = Number(get('showrc')?.arg ?? 1);
    const lines = get('show')!.lines;
    state.unit = {
      showCode,
      showErr: showCode === 0 ? '' : lines.join('\n').trim(),
      status: parseSystemctlShow(lines),
      enabledOut: text('enabled'),
      enabledCode: Number(get('enabled')?.arg ?? 1),
      initd: text('initd') === 'yes',
      sysvEnabled: text('sysv') === 'yes',
    };
  }
  return state;
}
