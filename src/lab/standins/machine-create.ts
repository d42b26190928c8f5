// `docker-machine create --driver generic …` in the stand-in: what the generic driver and the provisioner
// do (libmachine/provision: hostname, Docker installed and enabled, a systemd drop-in with the engine's
// options), printing docker-machine 0.16's progress lines. The config is saved before provisioning, as
// docker-machine does, so a create that fails half-way leaves a machine that `ls` shows with an error —
// the state the seed repairs with `docker-machine rm default`. Two differences, said here and in `env`:
// the daemon is not exposed on tcp://…:2376 with TLS (the lab talks to it over SSH), and Docker is never
// installed from get.docker.com (the lab downloads nothing; the lab VM already has docker.io).

import { copyFileSync, chmodSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { argv, quote } from '../../engine/quote.js';
import { sleep } from '../sh.js';
import { machineDir, newConfig, saveConfig, type CreateFlags, type MachineConfig } from './machine-store.js';
import { portOpen, sshRun } from './machine-ssh.js';

const out = (s: string) => process.stdout.write(`${s}\n`);

export function parseCreateArgs(args: string[]): CreateFlags {
  const f: Partial<CreateFlags> & { mirrors: string[] } = { mirrors: [], user: 'root', port: 22 };
  let driver = '';
  for (let i = 0; i < args.length; i++) {
    const [flag, inline] = args[i]!.includes('=') && args[i]!.startsWith('--') ? args[i]!.split(/=(.*)/s, 2) as [string, string] : [args[i]!, undefined];
    const value = () => inline ?? args[++i] ?? '';
    switch (flag) {
      case '--driver': case '-d': driver = value(); break;
      case '--engine-registry-mirror': f.mirrors.push(value()); break;
      case '--generic-ip-address': f.ip = value(); break;
      case '--generic-ssh-user': f.user = value(); break;
      case '--generic-ssh-key': f.key = value(); break;
      case '--generic-ssh-port': f.port = Number(value()); break;
      default:
        if (flag.startsWith('-')) throw new Error(`stand-in: unsupported create flag ${flag}`);
        f.name = flag;
    }
  }
  if (driver !== 'generic') throw new Error(`stand-in: only --driver generic is supported (got ${driver || 'none'})`);
  if (!f.name) throw new Error('Error: No machine name specified');
  if (!f.ip) throw new Error('generic driver requires the --generic-ip-address option');
  if (!f.key) throw new Error('generic driver requires the --generic-ssh-key option');
  return f as CreateFlags;
}

/** The engine options docker-machine puts on dockerd's command line, in a drop-in replacing ExecStart. */
export function engineDropIn(c: MachineConfig): string {
  const flags = ['-H', 'fd://', '--containerd=/run/containerd/containerd.sock', '--label', `provider=${c.DriverName}`,
    ...c.HostOptions.EngineOptions.RegistryMirror.flatMap((m) => ['--registry-mirror', m])];
  return `[Service]\nExecStart=\nExecStart=/usr/sbin/dockerd ${argv(flags)}\nEnvironment=\n`;
}

function provisionScript(c: MachineConfig): string {
  return [
    'set -e',
    'command -v dockerd >/dev/null || { echo "Docker is not installed, and the lab downloads nothing (no get.docker.com)" >&2; exit 1; }',
    `hostname ${quote(c.Name)} && echo ${quote(c.Name)} > /etc/hostname`,
    'systemctl unmask docker.service docker.socket containerd.service >/dev/null',
    'mkdir -p /etc/systemd/system/docker.service.d',
    `printf '%s' ${quote(engineDropIn(c))} > /etc/systemd/system/docker.service.d/10-machine.conf`,
    'systemctl daemon-reload',
    'systemctl enable docker.service docker.socket containerd.service >/dev/null 2>&1',
    'systemctl reset-failed docker.service || true',
    'systemctl restart docker.service',
    'i=0; until docker version >/dev/null 2>&1; do i=$((i+1)); [ $i -lt 100 ] || exit 1; sleep 0.2; done',
  ].join('\n');
}

export async function create(args: string[]): Promise<number> {
  const f = parseCreateArgs(args);
  if (existsSync(join(machineDir(f.name), 'config.json'))) throw new Error(`Host already exists: "${f.name}"`);
  out('Running pre-create checks...');
  out('Creating machine...');
  const c = newConfig(f);
  saveConfig(c);
  out(`(${f.name}) Importing SSH key...`);
  copyFileSync(f.key, c.Driver.SSHKeyPath);
  chmodSync(c.Driver.SSHKeyPath, 0o600);
  if (existsSync(`${f.key}.pub`)) copyFileSync(`${f.key}.pub`, `${c.Driver.SSHKeyPath}.pub`);
  else out(`(${f.name}) Couldn't copy SSH public key : unable to copy ssh key: open ${f.key}.pub: no such file or directory`);
  out('Waiting for machine to be running, this may take a few minutes...');
  for (let i = 0; !(await portOpen(f.ip, f.port)); i++) {
    if (i >= 30) throw new Error(`Error creating machine: Error waiting for machine to be running: Maximum number of retries (30) exceeded`);
    await sleep(500);
  }
  out('Detecting operating system of created instance...');
  out('Waiting for SSH to be available...');
  const os = await sshRun(c, 'cat /etc/os-release');
  if (os.code !== 0) throw new Error(`Error creating machine: Error detecting OS: ${os.stderr.trim() || `ssh exit ${os.code}`}`);
  out('Detecting the provisioner...');
  out(`Provisioning with ${/^ID="?([^"\n]+)/m.exec(os.stdout)?.[1] ?? 'unknown'}...`);
  out('Copying certs to the local machine directory...');
  out('Copying certs to the remote machine...');
  out('Setting Docker configuration on the remote daemon...');
  const p = await sshRun(c, `sudo -n sh -c ${quote(provisionScript(c))}`, 120_000);
  if (p.code !== 0) throw new Error(`Error creating machine: Error running provisioning: ${p.stderr.trim() || `exit ${p.code}`}`);
  out('Checking connection to Docker...');
  out('Docker is up and running!');
  out(`To see how to connect your Docker Client to the Docker Engine running on this virtual machine, run: docker-machine env ${f.name}`);
  return 0;
}
