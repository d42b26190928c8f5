// SSH from the docker-machine stand-in to a machine, as docker-machine's "external" SSH client does:
// OpenSSH with the machine's key, host keys not checked (a re-created VM has a new one), batch mode, bounded.

import { execFile } from 'node:child_process';
import { connect } from 'node:net';
import type { MachineConfig } from './machine-store.js';

export function sshRun(c: MachineConfig, command: string, timeoutMs = 60_000): Promise<{ code: number; stdout: string; stderr: string }> {
  const args = [
    '-F', '/dev/null', '-i', c.Driver.SSHKeyPath, '-p', String(c.Driver.SSHPort),
    '-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null', '-o', 'BatchMode=yes',
    '-o', 'ConnectTimeout=5', '-o', 'LogLevel=ERROR', '-o', 'IdentitiesOnly=yes',
    `${c.Driver.SSHUser}@${c.Driver.IPAddress}`, command,
  ];
  return new Promise((resolve) => {
    execFile('ssh', args, { timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      const code = typeof (err as { code?: unknown } | null)?.code === 'number' ? (err as { code: number }).code : err ? 255 : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** The generic driver's GetState: Running when the SSH port accepts a connection within a second. */
export function portOpen(ip: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host: ip, port });
    const done = (ok: boolean) => {
      s.destroy();
      resolve(ok);
    };
    s.setTimeout(timeoutMs, () => done(false));
    s.once('connect', () => done(true));
    s.once('error', () => done(false));
  });
}
