// A systemd host that reboots comes back: its launcher runs the host's init in a bounded loop. reboot(2)
// inside a pid namespace does not reboot the machine; the kernel ends the namespace's init as if killed by
// SIGHUP (restart) or SIGINT (power off, halt), and `unshare --fork` re-raises that signal on itself, so
// the launcher's shell sees 128+1 = 129 for a reboot and 130 for a power-off. Checked on Debian 12
// (util-linux 2.38.1): restart 129, poweroff 130, halt 130; a SIGKILLed init gives 1 (unshare cannot
// re-raise SIGKILL and exits with its own failure). Only 129 starts the next boot; anything else, or the
// boot bound, ends the launcher and so the host.

import { readFileSync } from 'node:fs';
import { quote } from '../engine/quote.js';
import { hostDir } from './rootfs.js';

/** Exit status of `unshare --fork` when the namespace's init went down by reboot(2): 128 + SIGHUP. */
export const REBOOT_EXIT = 129;
/** Boots per host before the launcher gives up (a host rebooting in a loop must not run forever). */
export const MAX_BOOTS = 50;

/** How many times the launcher has started the host's init (1 before any reboot). */
export function bootsFile(host: string): string {
  return `${hostDir(host)}/boots`;
}

export function hostBoots(host: string): number | undefined {
  try {
    return Number(readFileSync(bootsFile(host), 'utf8').trim()) || undefined;
  } catch {
    return undefined;
  }
}

export interface BootLoop {
  /** Host name, for the console lines. */
  host: string;
  /** The command line (already quoted) that runs one boot and exits with the init's status. */
  boot: string;
  /** Where the boot count goes (read by `lab status` and tests). */
  bootsFile: string;
  maxBoots?: number;
}

/** Shell for the launcher: boot, and boot again while the last boot ended in a reboot, at most maxBoots. */
export function bootLoopScript(o: BootLoop): string {
  const max = o.maxBoots ?? MAX_BOOTS;
  // `text` is written here, for double quotes ($boot, $rc expand); the host name is quoted.
  const say = (text: string) => `echo ${quote(`runbook-lab: ${o.host}: `)}"${text}"`;
  return [
    // Not `set -e`: a boot that ends is the normal case, its status decides what comes next.
    'set +e',
    // bash reports a boot killed by a signal ("Hangup" and the whole stage-two script) on its own stderr:
    // that goes to /dev/null, while the boot's stderr (systemd's console) goes on through fd 3.
    'exec 3>&2',
    'boot=0',
    `while [ "$boot" -lt ${max} ]; do`,
    '  boot=$((boot + 1))',
    // The state directory may already be gone while the lab is torn down: nothing to say then.
    `  { echo "$boot" > ${quote(o.bootsFile)}; } 2>/dev/null`,
    `  { ${o.boot} 2>&3 3>&-; } 2>/dev/null`,
    '  rc=$?',
    `  if [ "$rc" -ne ${REBOOT_EXIT} ]; then`,
    `    ${say('init ended with status $rc (not a reboot): the host stays down')}`,
    '    exit "$rc"',
    '  fi',
    `  ${say('boot $boot ended in a reboot, booting again')}`,
    'done',
    say(`rebooted ${max} times, the lab's bound: the host stays down`),
    `exit ${REBOOT_EXIT}`,
  ].join('\n');
}
