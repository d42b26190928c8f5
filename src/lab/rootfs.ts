// A host's private filesystem, prepared from the root namespace before the host starts: overlay upper
// directories for /etc /var /home /usr /opt /srv (the host writes there, never to the machine's own files),
// a fresh /root (not the machine's: its .bashrc slows every command) holding the lab's authorized key, and
// the host's own /etc files — hostname, hosts, resolv.conf pointing inside the lab, an sshd config, its own
// host key, sudoers for the lab users, and for systemd hosts the masked units.

import { copyFileSync, existsSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { LAB_USERS, NET, STATE_DIR, type HostSpec } from './spec.js';
import { ed25519KeyPair } from './keys.js';

export const OVERLAY_DIRS = ['etc', 'var', 'home', 'usr', 'opt', 'srv'] as const;

export function hostDir(name: string): string {
  return `${STATE_DIR}/hosts/${name}`;
}

/** Where a bind mount's source lives. */
export function bindSource(host: string, target: string, source?: string): string {
  return `${hostDir(host)}/binds/${source ?? target.replace(/^\//, '').replace(/\//g, '_')}`;
}

// Units a throwaway host has no use for; they would fail or slow the boot (getty, time sync,
// networkd/resolved: the lab sets the network up from outside). Not logind: `shutdown -r 0` (Ansible's
// reboot) schedules through it, and masking it left its D-Bus alias dbus-org.freedesktop.login1.service
// unloadable ("File exists"), so shutdown failed; running, it costs no boot time here and ~8 MB per host.
const JUNK_UNITS = [
  'getty@tty1.service', 'console-getty.service', 'systemd-networkd.service',
  'systemd-resolved.service', 'systemd-timesyncd.service', 'systemd-pstore.service', 'e2scrub_reap.service',
  'apt-daily.timer', 'apt-daily-upgrade.timer', 'man-db.timer', 'e2scrub_all.timer', 'fstrim.timer',
  'dpkg-db-backup.timer', 'systemd-networkd-wait-online.service',
];

/** Units to mask: the junk list plus every service the machine itself enables (postgresql, docker…), but ssh. */
export function unitsToMask(unmask: string[] = []): string[] {
  const wanted: string[] = [];
  const base = '/etc/systemd/system';
  for (const d of existsSync(base) ? readdirSync(base) : []) {
    if (d.endsWith('.wants')) wanted.push(...readdirSync(`${base}/${d}`).filter((u) => !u.endsWith('.target')));
  }
  const keep = new Set(['ssh.service', 'sshd.service', ...unmask]);
  return [...new Set([...JUNK_UNITS, ...wanted])].filter((u) => !keep.has(u)).sort();
}

/**
 * The host's whole sshd_config (not a drop-in: the machine's own file may lack the Include line). Roles can
 * still add /etc/ssh/sshd_config.d/*.conf, read first as on Debian.
 */
export function sshdConfig(): string {
  return [
    '# runbook lab host: key-only logins, the host\'s own key',
    'Include /etc/ssh/sshd_config.d/*.conf',
    'HostKey /etc/ssh/ssh_host_ed25519_key',
    'PermitRootLogin prohibit-password',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    // No PAM: nothing to set up for sessions; sshd still refuses locked accounts (so users get `*`, not `!`).
    'UsePAM no',
    'MaxStartups 100',
    'PidFile /run/sshd.pid',
    'AcceptEnv LANG LC_*',
    'Subsystem sftp /usr/lib/openssh/sftp-server',
    '',
  ].join('\n');
}

function write(path: string, text: string, mode = 0o644): void {
  mkdirSync(path.slice(0, path.lastIndexOf('/')), { recursive: true });
  writeFileSync(path, text, { mode });
}

/** Create the host's directories and /etc files; `allHosts` fills /etc/hosts so hosts know each other. */
export function prepareHostFs(spec: HostSpec, allHosts: HostSpec[], authorizedKey: string): void {
  const d = hostDir(spec.name);
  for (const x of OVERLAY_DIRS) {
    mkdirSync(`${d}/up/${x}`, { recursive: true });
    mkdirSync(`${d}/work/${x}`, { recursive: true });
  }
  for (const b of spec.binds ?? []) mkdirSync(bindSource(spec.name, b.target, b.source), { recursive: true });
  mkdirSync(`${d}/roothome/.ssh`, { recursive: true, mode: 0o700 });
  for (const f of ['.bashrc', '.profile']) if (existsSync(`/etc/skel/${f}`)) copyFileSync(`/etc/skel/${f}`, `${d}/roothome/${f}`);
  write(`${d}/roothome/.ssh/authorized_keys`, authorizedKey, 0o600);

  const etc = `${d}/up/etc`;
  write(`${etc}/hostname`, `${spec.name}\n`);
  const others = allHosts.map((h) => `${h.ip} ${h.name}.lab ${h.name}`);
  write(`${etc}/hosts`, ['127.0.0.1 localhost', '::1 localhost ip6-localhost ip6-loopback', ...others, ''].join('\n'));
  // Never the machine's resolver: names resolve inside the lab or not at all.
  write(`${etc}/resolv.conf`, `nameserver ${NET.gateway}\nsearch lab\n`);
  write(`${etc}/machine-id`, `${randomBytes(16).toString('hex')}\n`, 0o444);
  write(`${etc}/ssh/sshd_config`, sshdConfig());
  const key = ed25519KeyPair(`root@${spec.name}`);
  write(`${etc}/ssh/ssh_host_ed25519_key`, key.private, 0o600);
  write(`${etc}/ssh/ssh_host_ed25519_key.pub`, `${key.public}\n`);
  const { nopasswd, withPassword } = LAB_USERS;
  write(`${etc}/sudoers.d/runbook-lab`, `${nopasswd} ALL=(ALL:ALL) NOPASSWD: ALL\n${withPassword} ALL=(ALL:ALL) ALL\n`, 0o440);

  if (spec.init === 'systemd') {
    const sys = `${etc}/systemd/system`;
    mkdirSync(`${sys}/multi-user.target.wants`, { recursive: true });
    for (const u of unitsToMask(spec.unmask)) symlinkSync('/dev/null', `${sys}/${u}`);
    symlinkSync('/lib/systemd/system/multi-user.target', `${sys}/default.target`);
    if (!existsSync(`${sys}/multi-user.target.wants/ssh.service`)) symlinkSync('/lib/systemd/system/ssh.service', `${sys}/multi-user.target.wants/ssh.service`);
  }
}
