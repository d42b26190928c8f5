// What service_facts reads, in ONE command, as ansible-core's service_facts reads it: SysV scripts through
// `service --status-all` (when there is no chkconfig or rc-status), and systemd (when PID 1 is systemd)
// through `list-units` and `list-unit-files`, plus `systemctl show` for units that have a file but are not
// loaded (Ansible asks one unit at a time; here one `show` names them all, except templates such as
// `user@.service`: `show` refuses those, and a refusal would fail the whole batch; Ansible's answer for
// them is `unknown` too). Upstart, chkconfig and OpenRC
// listings are not read. The parser is pure: tests feed it recorded output.

import type { Fact } from '../../engine/module-api/module.js';

export interface ServiceFact {
  name: string;
  state: string;
  status?: string;
  source: 'systemd' | 'sysv';
}

const SECTION = '--runbook-service-facts';

const SCRIPT = `export LC_ALL=C LANG=C
if command -v service >/dev/null 2>&1 && ! command -v chkconfig >/dev/null 2>&1 && ! command -v rc-status >/dev/null 2>&1; then
  echo "${SECTION} sysv"; service --status-all 2>/dev/null
fi
case "$(cat /proc/1/comm 2>/dev/null)" in *systemd*) command -v systemctl >/dev/null 2>&1 && {
  echo "${SECTION} units"; systemctl list-units --no-pager --type service --all 2>/dev/null
  echo "${SECTION} files"; files=$(systemctl list-unit-files --no-pager --type service --all 2>/dev/null); printf '%s\\n' "$files"
  names=$(printf '%s\\n' "$files" | awk '$1 ~ /\\.service$/ && $1 !~ /@\\.service$/ { print $1 }')
  echo "${SECTION} show"; [ -z "$names" ] || systemctl show --no-pager --property=Id,ActiveState $names 2>/dev/null
};; esac
exit 0`;

export const serviceFactsFact: Fact<Record<string, ServiceFact>> = {
  key: 'service_facts',
  command: SCRIPT,
  parse: (stdout) => parseServices(stdout),
};

function sections(stdout: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  let current: string[] | undefined;
  for (const line of stdout.split('\n')) {
    if (line.startsWith(`${SECTION} `)) out[line.slice(SECTION.length + 1)] = current = [];
    else current?.push(line);
  }
  return out;
}

const BAD_STATES = ['not-found', 'masked', 'failed'];

export function parseServices(stdout: string): Record<string, ServiceFact> {
  const s = sections(stdout);
  const services: Record<string, ServiceFact> = {};
  for (const line of s.sysv ?? []) {
    const m = /^\s*\[ ([+-]) \]\s+(.+)$/.exec(line);
    if (m) services[m[2]!] = { name: m[2]!, state: m[1] === '+' ? 'running' : 'stopped', source: 'sysv' };
  }
  for (const line of (s.units ?? []).filter((l) => l.includes('.service'))) {
    let fields = line.trim().split(/\s+/);
    const bad = BAD_STATES.find((b) => fields.includes(b));
    // A bad unit's line starts with a marker (●) that Ansible drops with the first field.
    if (bad) fields = fields.slice(1);
    const name = fields[0]!;
    services[name] = { name, state: fields[3] === 'running' ? 'running' : 'stopped', status: bad ?? fields[2] ?? 'unknown', source: 'systemd' };
  }
  const named = (s.files ?? []).map((l) => l.trim().split(/\s+/)[0] ?? '').filter((n) => n.endsWith('.service') && !n.endsWith('@.service'));
  const active = showStates(s.show ?? [], named);
  for (const line of (s.files ?? []).filter((l) => l.includes('.service'))) {
    const [name, status] = line.trim().split(/\s+/);
    if (!name || !status) continue;
    const known = services[name];
    if (!known) services[name] = { name, state: active.get(name) ?? 'unknown', status, source: 'systemd' };
    else if (!BAD_STATES.includes(known.status ?? '')) known.status = status;
  }
  return services;
}

/**
 * `systemctl show --property=Id,ActiveState a b …`: one block per name, in order, separated by blank lines.
 * By position when every name gave a block (an alias's Id is its target's), else by Id.
 */
function showStates(lines: string[], names: string[]): Map<string, string> {
  const blocks: { id?: string; state?: string }[] = [];
  let cur: { id?: string; state?: string } = {};
  const flush = () => {
    if (cur.id !== undefined || cur.state !== undefined) blocks.push(cur);
    cur = {};
  };
  for (const line of lines) {
    if (line.trim() === '') flush();
    else if (line.startsWith('Id=')) cur.id = line.slice(3).trim();
    else if (line.startsWith('ActiveState=')) cur.state = line.slice('ActiveState='.length).trim();
  }
  flush();
  const out = new Map<string, string>();
  blocks.forEach((b, i) => {
    const name = blocks.length === names.length ? names[i] : b.id;
    if (name && b.state) out.set(name, b.state);
  });
  return out;
}
