// The scripts a host starts with, inside its own namespaces. Order matters: every path under the state
// directory (/run/runbook-lab) must be used before /run becomes the host's own tmpfs. Output goes to the
// host's console.log, opened by the launcher in the root namespace, so it stays readable from outside.

import { argv, quote } from '../engine/quote.js';
import { bootLoopScript, bootsFile } from './boot-loop.js';
import { enterHostCgroupsScript, mountCgroupsScript, type Hierarchy } from './cgroups.js';
import { bindSource, hostDir, OVERLAY_DIRS } from './rootfs.js';
import { LAB_USERS, type HostSpec } from './spec.js';

/** Filesystems: private overlays, fresh /root, bind mounts, tmpfs /tmp and /run. */
export function mountsScript(spec: HostSpec): string {
  const d = hostDir(spec.name);
  const lines = ['mount --make-rprivate /'];
  for (const x of OVERLAY_DIRS) {
    lines.push(`mount -t overlay overlay -o ${quote(`lowerdir=/${x},upperdir=${d}/up/${x},workdir=${d}/work/${x}`)} /${x}`);
  }
  lines.push(`mount --bind ${quote(`${d}/roothome`)} /root`);
  for (const b of spec.binds ?? []) {
    lines.push(`mkdir -p ${quote(b.target)}`, `mount --bind ${quote(bindSource(spec.name, b.target, b.source))} ${quote(b.target)}`);
  }
  lines.push('mount -t tmpfs -o mode=1777 tmpfs /tmp', 'mount -t tmpfs -o mode=755 tmpfs /run', 'mkdir -p /run/sshd /run/lock');
  lines.push(`hostname ${quote(spec.name)}`);
  return lines.join('\n');
}

/** deploy (sudo without password) and alice (sudo with one), both able to log in with the lab key. */
export function usersScript(): string {
  const { nopasswd, withPassword, password } = LAB_USERS;
  // `*` rather than useradd's default `!`: with UsePAM no, sshd refuses key logins to a locked account.
  return [
    `id ${nopasswd} >/dev/null 2>&1 || useradd -m -s /bin/bash -p '*' ${nopasswd}`,
    `id ${withPassword} >/dev/null 2>&1 || useradd -m -s /bin/bash ${withPassword}`,
    `echo ${quote(`${withPassword}:${password}`)} | chpasswd`,
    `for u in ${nopasswd} ${withPassword}; do`,
    '  install -d -m 700 -o "$u" -g "$u" "/home/$u/.ssh"',
    '  install -m 600 -o "$u" -g "$u" /root/.ssh/authorized_keys "/home/$u/.ssh/authorized_keys"',
    'done',
  ].join('\n');
}

const UNSHARE = ['unshare', '--mount', '--uts', '--pid', '--fork', '--kill-child', '--mount-proc'];

/**
 * The argv the launcher runs inside the host's network namespace (after `ip netns exec NS`). A plain host's
 * PID 1 is bash waiting on sshd (it reaps orphans; the host ends when sshd ends).
 */
export function plainHostArgv(spec: HostSpec): string[] {
  const script = [
    'set -e',
    mountsScript(spec),
    usersScript(),
    spec.setup ?? '',
    '/usr/sbin/sshd -D -e &',
    'wait',
  ].join('\n');
  return [...UNSHARE, 'bash', '-c', script];
}

/**
 * A systemd host: stage one (still in the machine's cgroup namespace) makes and enters the host's cgroup
 * subtree, then boots in a loop (boot-loop.ts): each boot is stage two in new mount/uts/pid/cgroup
 * namespaces, which mounts the filesystems and execs systemd. A reboot ends those namespaces and with them
 * every mount of that boot; the next boot mounts afresh over the same overlay upper directories (the
 * host's disk) and starts in the same cgroup subtree, where stage one stays.
 */
export function systemdHostArgv(spec: HostSpec, netns: string, layout: Hierarchy[]): string[] {
  const stage2 = [
    'set -e',
    mountsScript(spec),
    mountCgroupsScript(layout),
    usersScript(),
    spec.setup ?? '',
    `export container=runbook-lab`,
    'exec /lib/systemd/systemd --log-target=console --log-level=warning',
  ].join('\n');
  const stage1 = [
    'set -e',
    mountCgroupsScript(layout),
    enterHostCgroupsScript(layout, netns),
    bootLoopScript({
      host: spec.name,
      boot: argv([...UNSHARE.slice(0, 4), '--cgroup', ...UNSHARE.slice(4), 'bash', '-c', stage2]),
      bootsFile: bootsFile(spec.name),
    }),
  ].join('\n');
  return ['bash', '-c', stage1];
}
