// STAND-IN for vagrant: the real tool cannot run on this machine; arguments and output formats follow
// Vagrant 2.3 (plugins/commands/{status,up,halt,destroy,ssh_config}, website/content/docs/cli/
// machine-readable.mdx). One machine per Vagrantfile, provider virtualbox. `up` boots the seed lab's
// Docker-VM host (src/lab/seed/vm.ts) with eth1 at the Vagrantfile's private_network address, plugged into
// the workstation's host-only interface on that subnet; `halt`, `destroy -f`, `reload`, `status
// [--machine-readable]` and `ssh-config` act on it. The shell provisioner is not run: it downloads.

import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { vmDestroy, vmHalt, vmState, vmUp, type VmState } from '../seed/vm.js';
import { statusText } from './vagrant-output.js';
import { inSubnet, parseVagrantfile, prefixLength, type VagrantfileSettings } from '../seed/vagrantfile.js';
import { inSeedWorkstation, runMain, type SeedInfo } from './guard.js';
import { listHostonly } from './hostonly.js';
import { boxDirOf, findVagrantfile, machineDir, publicKeyOf } from './vagrant-files.js';

const MACHINE = 'default';

interface Project {
  dir: string;
  settings: VagrantfileSettings;
  /** The lab host that plays this machine. */
  vm: string;
}

function project(): Project {
  const file = findVagrantfile(process.cwd());
  if (!file) throw new Error('A Vagrant environment or target machine is required to run this\ncommand. Run `vagrant init` to create a new Vagrant environment.');
  const settings = parseVagrantfile(readFileSync(file, 'utf8'));
  const host = (settings.hostname ?? MACHINE).toLowerCase();
  return { dir: dirname(file), settings, vm: /^[a-z][a-z0-9-]{0,11}$/.test(host) ? host : 'vagrantvm' };
}

/** The machine's state: not created until `up` wrote its id (as Vagrant), then what the lab host is doing. */
function stateOf(p: Project): VmState {
  return existsSync(join(machineDir(p.dir, MACHINE), 'id')) ? vmState(p.vm) : 'not_created';
}

function checkMachine(args: string[]): void {
  const name = args.find((a) => !a.startsWith('-'));
  if (name && name !== MACHINE) throw new Error(`The machine with the name '${name}' was not found configured for\nthis Vagrant environment.`);
}

async function up(p: Project, seed: SeedInfo): Promise<void> {
  const say = (s: string) => process.stdout.write(`==> ${MACHINE}: ${s}\n`);
  process.stdout.write(`Bringing machine '${MACHINE}' up with 'virtualbox' provider...\n`);
  const box = boxDirOf(p.settings.box);
  if (!box) throw new Error(`The box '${p.settings.box}' could not be found (stand-in: the lab downloads nothing; runbook lab up --seed adds it)`);
  if (!p.settings.privateIp) throw new Error('stand-in: the Vagrantfile needs a private_network with an ip (the host-only LAN)');
  const cidr = `${p.settings.privateIp}/${prefixLength(p.settings.netmask)}`;
  // Vagrant picks the host-only network whose subnet holds the private_network address.
  const hostonly = (await listHostonly()).find((l) => l.ipv4 && inSubnet(p.settings.privateIp!, `${l.ipv4.address}/${l.ipv4.prefixlen}`));
  if (!hostonly) throw new Error(`stand-in: no host-only interface is on the subnet of ${cidr}; configure one first (VBoxManage hostonlyif)`);
  if (hostonly.ipv4!.address === p.settings.privateIp) throw new Error(`The host-only interface ${hostonly.name} holds ${p.settings.privateIp}, the address the VM should get`);
  const dir = machineDir(p.dir, MACHINE);
  const fresh = !existsSync(join(dir, 'id'));
  const r = await vmUp({ name: p.vm, eth1: cidr, hostonly: hostonly.name, boxPublicKey: publicKeyOf(join(box, 'vagrant_private_key')) }, say);
  if (r === 'was-running') {
    say('Machine already provisioned. Run `vagrant provision` or use the `--provision`');
    return;
  }
  mkdirSync(dir, { recursive: true });
  if (fresh) {
    writeFileSync(join(dir, 'id'), `runbook-lab:${p.vm}:${randomUUID()}`);
    writeFileSync(join(dir, 'creator_uid'), String(process.getuid?.() ?? 0));
  }
  say('Machine booted and ready!');
  say('Setting hostname...');
  say(`Configuring and enabling network interfaces... (eth1 ${cidr} on ${hostonly.name}; management ${seed.vmIp})`);
  if (fresh) say('Running provisioner: shell... (stand-in: skipped, it downloads packages and the lab downloads nothing)');
}

async function main(args: string[]): Promise<number> {
  const seed = inSeedWorkstation('vagrant');
  const [cmd, ...rest] = args;
  const p = project();
  checkMachine(rest);
  switch (cmd) {
    case 'status':
      process.stdout.write(statusText(MACHINE, stateOf(p), rest.includes('--machine-readable')));
      return 0;
    case 'up':
      await up(p, seed);
      return 0;
    case 'halt':
      if (stateOf(p) === 'not_created') return 0;
      process.stdout.write(`==> ${MACHINE}: Attempting graceful shutdown of VM...\n`);
      await vmHalt(p.vm);
      return 0;
    case 'reload':
      if (stateOf(p) !== 'not_created') {
        process.stdout.write(`==> ${MACHINE}: Attempting graceful shutdown of VM...\n`);
        await vmHalt(p.vm);
      }
      await up(p, seed);
      return 0;
    case 'destroy':
      if (!rest.includes('-f') && !rest.includes('--force')) throw new Error('stand-in: destroy asks for confirmation; pass -f');
      if (stateOf(p) === 'not_created') {
        process.stdout.write(`==> ${MACHINE}: VM not created. Moving on...\n`);
        return 0;
      }
      process.stdout.write(`==> ${MACHINE}: Forcing shutdown of VM...\n==> ${MACHINE}: Destroying VM and associated drives...\n`);
      await vmDestroy(p.vm);
      rmSync(join(machineDir(p.dir, MACHINE), 'id'), { force: true });
      return 0;
    case 'ssh-config': {
      if (stateOf(p) !== 'running') throw new Error('The provider for this Vagrant-managed machine is reporting that it\nis not yet ready for SSH.');
      const key = join(machineDir(p.dir, MACHINE), 'private_key');
      process.stdout.write(
        `Host ${MACHINE}\n  HostName ${seed.vmIp}\n  User vagrant\n  Port 22\n  UserKnownHostsFile /dev/null\n  StrictHostKeyChecking no\n` +
          `  PasswordAuthentication no\n  IdentityFile ${existsSync(key) ? key : join(boxDirOf(p.settings.box) ?? '', 'vagrant_private_key')}\n  IdentitiesOnly yes\n  LogLevel FATAL\n\n`,
      );
      return 0;
    }
    default:
      throw new Error(`stand-in: unsupported: vagrant ${args.join(' ')}`);
  }
}

runMain('', () => main(process.argv.slice(2)));
