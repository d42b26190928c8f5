// Which service manager a host runs, and — on hosts without systemd — what one service looks like there,
// in ONE command: OpenRC (rc-service status, rc-update runlevels) or SysV init (the init script's LSB
// status, its /etc/rc?.d start links). `pattern` (Ansible's) replaces the status action by a process match.

import { argv } from '../../engine/quote.js';
import type { Fact } from '../../engine/module-api/module.js';

export type InitManager = 'systemd' | 'openrc' | 'sysv' | 'unknown';

export interface InitService {
  manager: InitManager;
  /** Is there an init script (or OpenRC service) of this name. */
  exists: boolean;
  running: boolean;
  enabled: boolean;
  /** What `update-rc.d`/`chkconfig` this host has (SysV). */
  enabler?: 'update-rc.d' | 'chkconfig';
}

// $1 name, $2 pattern ('' for none), $3 OpenRC runlevel.
const SCRIPT = `n=$1 pat=$2 lvl=$3
if [ -d /run/systemd/system ]; then echo "manager systemd"; exit 0; fi
running() { if [ -n "$pat" ]; then pgrep -f -- "$pat" >/dev/null 2>&1; return; fi; "$@" >/dev/null 2>&1; rc=$?
  case $rc in 0) return 0;; 1|2|3) return 1;; *) pgrep -x -- "$n" >/dev/null 2>&1;; esac; }
if command -v rc-service >/dev/null 2>&1 && [ -d /run/openrc ]; then
  echo "manager openrc"
  rc-service -e "$n" && echo "exists"
  running rc-service "$n" status && echo "running"
  rc-update show "$lvl" 2>/dev/null | awk -v n="$n" '$1 == n {f=1} END {exit !f}' && echo "enabled"
elif [ -e "/etc/init.d/$n" ] || [ -e "/etc/rc.d/init.d/$n" ]; then
  echo "manager sysv"; echo "exists"
  s=/etc/init.d/$n; [ -e "$s" ] || s=/etc/rc.d/init.d/$n
  running "$s" status && echo "running"
  for f in /etc/rc[2345].d/S??"$n" /etc/rc.d/rc[2345].d/S??"$n"; do [ -e "$f" ] && { echo "enabled"; break; }; done
  if command -v update-rc.d >/dev/null 2>&1; then echo "enabler update-rc.d"; elif command -v chkconfig >/dev/null 2>&1; then echo "enabler chkconfig"; fi
else echo "manager unknown"; fi
exit 0`;

export function initServiceFact(name: string, pattern: string | undefined, runlevel: string): Fact<InitService> {
  return {
    key: `init-service:${JSON.stringify([name, pattern ?? '', runlevel])}`,
    command: `sh -c ${argv([SCRIPT, 'runbook-init', name, pattern ?? '', runlevel])}`,
    parse(stdout, code, stderr) {
      if (code !== 0) throw new Error(`could not read the service ${name}: ${stderr.trim() || `exit code ${code}`}`);
      return parseInitService(stdout);
    },
  };
}

export function parseInitService(stdout: string): InitService {
  const s: InitService = { manager: 'unknown', exists: false, running: false, enabled: false };
  for (const line of stdout.split('\n')) {
    const [k, v] = line.trim().split(' ');
    if (k === 'manager') s.manager = v as InitManager;
    else if (k === 'exists' || k === 'running' || k === 'enabled') s[k] = true;
    else if (k === 'enabler') s.enabler = v as InitService['enabler'];
  }
  return s;
}
