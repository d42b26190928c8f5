// "Which boot is this?" — what the reboot module compares before and after. Ansible reads the kernel's
// boot_id; that alone is not enough for hosts that share a kernel (containers, runbook's lab hosts: a PID
// namespace "reboots" without the kernel booting), so the start time of the host's PID 1 is read too.
// Together they change on every real reboot and every restart of a container's init.

import { readFileSync } from 'node:fs';
import type { Fact } from '../../engine/module-api/module.js';

/** boot_id, then PID 1's start time (field 22 of /proc/1/stat, counted after the `(comm)` field). */
export const BOOT_IDENTITY_COMMAND = "cat /proc/sys/kernel/random/boot_id && sed 's/^.*) //' /proc/1/stat | cut -d' ' -f20";

export function bootIdentityFact(command: string): Fact<string> {
  return {
    key: `boot-identity:${command}`,
    command,
    parse: (stdout, code, stderr) => {
      if (code !== 0) throw new Error(`reboot: failed to get host boot time info, rc: ${code}, stdout: ${stdout.trim()}, stderr: ${stderr.trim()}`);
      return normalize(stdout);
    },
  };
}

export function normalize(out: string): string {
  return out.split('\n').map((l) => l.trim()).filter(Boolean).join(' ');
}

/** The controller's own identity (same command, read locally); undefined where /proc does not exist. */
export function controllerIdentity(): string | undefined {
  try {
    const bootId = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8');
    const stat = readFileSync('/proc/1/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(') ') + 2).split(' ');
    return normalize(`${bootId}\n${fields[19]}`);
  } catch {
    return undefined;
  }
}
