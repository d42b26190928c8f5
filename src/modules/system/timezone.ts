// timezone: the system's time zone — community.general.timezone on Linux: with a working timedatectl
// (systemd running) `timedatectl set-timezone`; otherwise as Ansible does on Debian, /etc/timezone (the
// zone's line replacing the old) and /etc/localtime a link to the zone file, then dpkg-reconfigure tzdata
// where it exists (cp --remove-destination of the zone file elsewhere). Everything is read in one command.

import { createHash } from 'node:crypto';
import { ModuleFailure } from '../../engine/errors.js';
import { argv, cmd } from '../../engine/quote.js';
import type { Change, Fact } from '../../engine/module-api/module.js';
import { defineModule } from '../../engine/module-api/module.js';

export interface TimezoneState {
  /** timedatectl answered (systemd runs): its zone. */
  systemd?: string;
  /** /etc/timezone (null: none). */
  etcTimezone: string | null;
  /** Where /etc/localtime links (undefined: not a link). */
  link?: string;
  /** /etc/localtime is a copy of the asked zone's file. */
  sameCopy: boolean;
  zoneExists: boolean;
  dpkgReconfigure: boolean;
}

const SCRIPT = `z=$1
if command -v timedatectl >/dev/null 2>&1 && out=$(timedatectl 2>/dev/null); then printf '@@systemd\\n%s\\n' "$out"; exit 0; fi
if [ -f /etc/timezone ]; then echo @@etc; cat /etc/timezone; fi
if [ -L /etc/localtime ]; then printf '@@link %s\\n' "$(readlink /etc/localtime)"; elif cmp -s /etc/localtime "/usr/share/zoneinfo/$z"; then echo @@same; fi
[ -f "/usr/share/zoneinfo/$z" ] && echo @@zone
command -v dpkg-reconfigure >/dev/null 2>&1 && echo @@dpkg
exit 0`;

export function timezoneFact(zone: string): Fact<TimezoneState> {
  return {
    key: `timezone:${zone}`,
    command: `sh -c ${argv([SCRIPT, 'runbook-timezone', zone])}`,
    parse: (stdout) => parseTimezoneState(stdout),
  };
}

export function parseTimezoneState(stdout: string): TimezoneState {
  if (stdout.startsWith('@@systemd\n')) {
    const m = /^\s*Time ?zone\s*:\s*(\S+)/m.exec(stdout);
    return { systemd: m?.[1] ?? 'n/a', etcTimezone: null, sameCopy: false, zoneExists: true, dpkgReconfigure: false };
  }
  const etc = /@@etc\n([\s\S]*?)(?=@@|$)/.exec(stdout)?.[1];
  return {
    etcTimezone: etc ?? null,
    link: /^@@link (.*)$/m.exec(stdout)?.[1],
    sameCopy: /^@@same$/m.test(stdout),
    zoneExists: /^@@zone$/m.test(stdout),
    dpkgReconfigure: /^@@dpkg$/m.test(stdout),
  };
}

/** NosystemdTimezone.get('name'): the zone the files say, 'n/a' when they disagree with each other. */
export function currentZone(s: TimezoneState, planned: string): string {
  const first = s.etcTimezone === null ? undefined : /^(\S+)/m.exec(s.etcTimezone)?.[1];
  const value = first ?? 'n/a';
  if (value !== planned) return value;
  if (s.link !== undefined) return /(?:\/(?:usr\/share|etc)\/zoneinfo\/)(.*)/.exec(s.link)?.[1] ?? 'n/a';
  return s.sameCopy ? value : 'n/a';
}

/** _edit_file: every line matching ^\S removed, the zone's line put where the first one was. */
export function editEtcTimezone(text: string, zone: string): string {
  const lines = text.split(/(?<=\n)/).filter((l) => l !== '');
  const matched = lines.map((l, i) => (/^\S/.test(l) ? i : -1)).filter((i) => i >= 0);
  const at = matched[0] ?? 0;
  const kept = lines.filter((_, i) => !matched.includes(i));
  kept.splice(at, 0, `${zone}\n`);
  return kept.join('');
}

export const timezone = defineModule({
  name: 'timezone',
  summary: 'Set the system time zone (timedatectl, or /etc/timezone and /etc/localtime as Ansible does on Debian).',
  params: {
    type: 'object',
    additionalProperties: false,
    required: ['name'],
    properties: {
      name: { type: 'string', description: 'The zone, as in /usr/share/zoneinfo: Europe/Paris, Etc/UTC.' },
      hwclock: { enum: ['local', 'UTC'], description: 'Not managed by runbook: setting it fails with a hint (hwclock needs a real RTC, which hosts in containers lack).' },
    },
  },
  async plan(ctx, p) {
    if (p.hwclock !== undefined) throw new ModuleFailure('hwclock is not supported by runbook', {}, { hint: 'run `timedatectl set-local-rtc` or `hwclock --systohc` with command: where the host has a real clock' });
    const [s] = await ctx.facts(timezoneFact(p.name));
    const before = s.systemd ?? currentZone(s, p.name);
    const data = { name: p.name };
    if (before === p.name) return { changes: [], data, reason: `the time zone is ${p.name}` };
    if (!s.zoneExists) throw new ModuleFailure(`Error message:\ngiven timezone "${p.name}" is not available`);
    const diff = { header: 'timezone', before: `name: ${before}\n`, after: `name: ${p.name}\n` };
    const summary = `time zone ${before} -> ${p.name}`;
    if (s.systemd !== undefined) return { changes: [{ summary, diff, run: argv(['timedatectl', 'set-timezone', p.name]) }], data };
    const zonefile = `/usr/share/zoneinfo/${p.name}`;
    const etc = editEtcTimezone(s.etcTimezone ?? '', p.name);
    const update = s.dpkgReconfigure ? `${cmd`ln -sf ${zonefile} /etc/localtime`} && dpkg-reconfigure --frontend noninteractive tzdata` : cmd`cp --remove-destination ${zonefile} /etc/localtime`;
    const changes: Change[] = [
      { summary, diff, apply: async () => void (await ctx.conn.put('/etc/timezone', etc, s.etcTimezone === null ? { mode: '0644', expect: 'absent' } : { expect: createHash('sha256').update(s.etcTimezone).digest('hex') })) },
      { summary: `/etc/localtime -> ${zonefile}`, run: update, failure: `setting /etc/localtime to ${p.name} failed` },
    ];
    return { changes, data };
  },
});
