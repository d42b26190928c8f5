// STAND-IN for docker-machine: the real tool cannot run on this machine; arguments and output formats
// follow docker-machine 0.16 (commands/ls.go, inspect.go, rm.go, env.go, status.go; drivers/generic). Only
// the generic driver. Machines are kept under the lab's HOME (machine-store.ts); `create` is in
// machine-create.ts. `ls` reports a machine Running when its SSH port answers (the generic driver's
// GetState) and an Error when Docker on it does not answer, as docker-machine does.

import { rmSync } from 'node:fs';
import { inSeedWorkstation, runMain } from './guard.js';
import { create } from './machine-create.js';
import { formatRow, lsTable, type MachineRow } from './machine-format.js';
import { listMachines, machineDir, type MachineConfig } from './machine-store.js';
import { portOpen, sshRun } from './machine-ssh.js';

async function row(m: { name: string; config?: MachineConfig; error?: string }): Promise<MachineRow> {
  const base = { Name: m.name, Active: '-', Swarm: '', DockerVersion: 'Unknown', ResponseTime: '' };
  if (!m.config) return { ...base, DriverName: 'not found', State: 'Error', URL: '', Error: m.error ?? '' };
  const c = m.config;
  const t0 = Date.now();
  if (!(await portOpen(c.Driver.IPAddress, c.Driver.SSHPort))) return { ...base, DriverName: c.DriverName, State: 'Stopped', URL: '', Error: '' };
  const url = `tcp://${c.Driver.IPAddress}:${c.Driver.EnginePort}`;
  const v = await sshRun(c, "sudo -n docker version --format '{{.Server.Version}}'", 15_000);
  const ok = v.code === 0 && v.stdout.trim() !== '';
  return {
    ...base, DriverName: c.DriverName, State: 'Running', URL: url, ResponseTime: `${Date.now() - t0}ms`,
    DockerVersion: ok ? `v${v.stdout.trim()}` : 'Unknown',
    Error: ok ? '' : `Unable to query docker version: Cannot connect to the docker engine endpoint`,
  };
}

function find(name: string | undefined): MachineConfig {
  const m = listMachines().find((x) => x.name === (name ?? 'default'));
  if (!m) throw new Error(`Host does not exist: "${name ?? 'default'}"`);
  if (!m.config) throw new Error(m.error);
  return m.config;
}

async function main(args: string[]): Promise<number> {
  inSeedWorkstation('docker-machine');
  const [cmd, ...rest] = args;
  const names = rest.filter((a) => !a.startsWith('-'));
  switch (cmd) {
    case 'create':
      return create(rest);
    case 'ls': {
      const i = rest.findIndex((a) => a === '--format' || a === '-f');
      const template = i === -1 ? undefined : rest[i + 1];
      const rows = await Promise.all(listMachines().map(row));
      process.stdout.write(template === undefined ? lsTable(rows) : rows.map((r) => `${formatRow(template, r)}\n`).join(''));
      return 0;
    }
    case 'inspect':
      process.stdout.write(`${JSON.stringify(find(names[0]), null, 4)}\n`);
      return 0;
    case 'status':
      process.stdout.write(`${(await row({ name: names[0] ?? 'default', config: find(names[0]) })).State}\n`);
      return 0;
    case 'ip':
      process.stdout.write(`${find(names[0]).Driver.IPAddress}\n`);
      return 0;
    case 'url': {
      const c = find(names[0]);
      process.stdout.write(`tcp://${c.Driver.IPAddress}:${c.Driver.EnginePort}\n`);
      return 0;
    }
    case 'env': {
      const c = find(names[0]);
      process.stdout.write(
        `export DOCKER_TLS_VERIFY="1"\nexport DOCKER_HOST="tcp://${c.Driver.IPAddress}:${c.Driver.EnginePort}"\n` +
          `export DOCKER_CERT_PATH="${machineDir(c.Name)}"\nexport DOCKER_MACHINE_NAME="${c.Name}"\n` +
          `# (stand-in: the lab's daemon does not listen on tcp; use docker-machine ssh or the VM's docker)\n` +
          `# Run this command to configure your shell: \n# eval $(docker-machine env ${c.Name})\n`,
      );
      return 0;
    }
    case 'rm': {
      const force = rest.includes('-f') || rest.includes('--force');
      if (!rest.includes('-y')) throw new Error('stand-in: rm asks for confirmation; pass -y');
      for (const name of names) {
        const known = listMachines().some((m) => m.name === name);
        if (!known && !force) throw new Error(`Error removing host "${name}": Host does not exist: "${name}"`);
        process.stdout.write(`About to remove ${name}\nWARNING: This action will delete both local reference and remote instance.\n`);
        rmSync(machineDir(name), { recursive: true, force: true });
        process.stdout.write(`Successfully removed ${name}\n`);
      }
      return 0;
    }
    default:
      throw new Error(`stand-in: unsupported: docker-machine ${args.join(' ')}`);
  }
}

runMain('', () => main(process.argv.slice(2)));
