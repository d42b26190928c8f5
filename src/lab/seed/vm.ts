// The Docker VM's power, for the vagrant stand-in: boot (`vagrant up`), power off (`halt`), delete
// (`destroy`). The VM is a lab host (systemd as PID 1) built with the lab's own blocks — prepareHostFs,
// startHost, waitForSsh — and recorded in the lab's state file under the lab lock, so `lab down` removes it
// like any host. Its "disk" (overlay upper directories, /var/lib/docker) survives a halt; destroy deletes it.

import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { argv, quote } from '../../engine/quote.js';
import { hostCgroupDirs, machineCgroupLayout, removeCgroupTree } from '../cgroups.js';
import { SIGRTMIN_4, startHost, waitForSsh } from '../host.js';
import { hostInit } from '../init-pid.js';
import { withLabLock } from '../lock.js';
import { hostDir, prepareHostFs } from '../rootfs.js';
import { alive, shTry, waitFor } from '../sh.js';
import { hostNetns, hostPeerName, NET, type HostSpec } from '../spec.js';
import { Ledger, readState, type LabState } from '../state.js';
import { SEED } from './topology.js';

export interface VmRequest {
  /** Lab host name (the Vagrantfile's hostname): [a-z][a-z0-9-]. */
  name: string;
  /** The private_network address with its prefix, e.g. 192.168.33.1/24: the VM's eth1. */
  eth1: string;
  /** The host-only bridge in the workstation namespace that eth1 is plugged into (vboxnet1). */
  hostonly: string;
  /** The box's public key: the vagrant user's authorized key. */
  boxPublicKey: string;
}

// A fresh VM image: Docker and dnsmasq are installed but not enabled. docker-machine's provisioner and the
// dnsmasq role unmask and enable them.
const FRESH_MASKED = ['docker.service', 'docker.socket', 'containerd.service', 'dnsmasq.service'];

/** The vagrant user of every Vagrant box: the box key logs in, sudo needs no password. Runs at each boot. */
function vagrantUserScript(publicKey: string): string {
  return [
    "id vagrant >/dev/null 2>&1 || useradd -m -s /bin/bash -p '*' vagrant",
    'install -d -m 700 -o vagrant -g vagrant /home/vagrant/.ssh',
    `printf '%s\\n' ${quote(publicKey)} > /home/vagrant/.ssh/authorized_keys`,
    'chown vagrant:vagrant /home/vagrant/.ssh/authorized_keys && chmod 600 /home/vagrant/.ssh/authorized_keys',
    "echo 'vagrant ALL=(ALL) NOPASSWD: ALL' > /etc/sudoers.d/vagrant && chmod 440 /etc/sudoers.d/vagrant",
  ].join('\n');
}

export function vmSpec(r: VmRequest): HostSpec {
  return {
    name: r.name,
    ip: SEED.vmIp,
    init: 'systemd',
    groups: ['docker_vms'],
    nics: [{ name: 'eth1', address: r.eth1, peer: { netns: SEED.ws, name: `vb-${r.name}`.slice(0, 15), bridge: r.hostonly } }],
    binds: [{ target: '/var/lib/docker' }, { target: '/var/lib/containerd' }],
    setup: vagrantUserScript(r.boxPublicKey),
  };
}

/** The VM's current PID 1 (a reboot inside the VM replaces the one of record). */
function initOf(state: LabState, name: string) {
  return hostInit(state, name);
}

export type VmState = 'not_created' | 'poweroff' | 'running';

export function vmState(name: string): VmState {
  if (!existsSync(hostDir(name))) return 'not_created';
  const state = readState();
  const init = state && initOf(state, name);
  return init && alive(init.pid, init.start) ? 'running' : 'poweroff';
}

function labState(): LabState {
  const state = readState();
  if (!state) throw new Error('no lab is up (runbook lab up --seed)');
  return state;
}

/** Boot the VM; its disk is made on the first boot. Returns once its sshd answers. */
export async function vmUp(r: VmRequest, log: (s: string) => void): Promise<'booted' | 'was-running'> {
  return withLabLock(async () => {
    const ledger = new Ledger(labState());
    if (vmState(r.name) === 'running') return 'was-running';
    const spec = vmSpec(r);
    if (!existsSync(hostDir(r.name))) {
      log('Importing base box...');
      const key = readFileSync(`${ledger.state.keyFile}.pub`, 'utf8');
      prepareHostFs(spec, [spec], key);
      // Like a VM behind VirtualBox's NAT: a resolver, no search domain. (A lab host's `search lab` would
      // follow Docker into every container and turn busybox's `nslookup zk` into a query for zk.lab.)
      writeFileSync(`${hostDir(r.name)}/up/etc/resolv.conf`, `nameserver ${NET.gateway}\n`);
      const units = `${hostDir(r.name)}/up/etc/systemd/system`;
      mkdirSync(units, { recursive: true });
      for (const u of FRESH_MASKED) if (!existsSync(`${units}/${u}`)) symlinkSync('/dev/null', `${units}/${u}`);
    }
    log('Booting VM...');
    const host = await startHost(ledger, spec, machineCgroupLayout());
    ledger.update((s) => (s.hosts = [...s.hosts.filter((h) => h.name !== r.name), host]));
    log('Waiting for machine to boot. This may take a few minutes...');
    await waitForSsh(host, ledger, 30_000);
    return 'booted';
  });
}

/** Power the VM off (systemd's clean shutdown, bounded), then drop its namespace and cgroups. */
export async function vmHalt(name: string): Promise<'halted' | 'was-off'> {
  return withLabLock(async () => {
    const ledger = new Ledger(labState());
    const init = initOf(ledger.state, name);
    const wasOn = !!init && alive(init.pid, init.start);
    if (init && wasOn) {
      process.kill(init.pid, SIGRTMIN_4);
      if (!(await waitFor(() => !alive(init.pid, init.start), 10_000, 50))) process.kill(init.pid, 'SIGKILL');
      await waitFor(() => !alive(init.pid, init.start), 3000, 25);
    }
    const netns = hostNetns(name);
    await shTry(argv(['ip', 'netns', 'del', netns]));
    // The kernel tears a namespace down asynchronously; its veths' other ends (on the switch, in the
    // workstation) linger a moment and would clash with the next boot's. Wait for them, then delete them.
    const ends = [[NET.switchNs, hostPeerName(name)], ...vmSpec({ name, eth1: '', hostonly: '', boxPublicKey: '' }).nics!.map((n) => [n.peer.netns, n.peer.name])];
    const present = async () => (await Promise.all(ends.map(([ns, dev]) => shTry(argv(['ip', '-n', ns!, 'link', 'show', dev!]))))).some((r) => r.code === 0);
    if (!(await waitFor(async () => !(await present()), 3000, 50))) {
      for (const [ns, dev] of ends) await shTry(argv(['ip', '-n', ns!, 'link', 'del', dev!]));
    }
    for (const dir of hostCgroupDirs(machineCgroupLayout(), netns)) await removeCgroupTree(dir).catch(() => {});
    // Forget its dead processes: the next boot's are the ones to wait for (waitForSsh takes the first
    // init recorded for a host) and to stop.
    ledger.update((s) => {
      s.hosts = s.hosts.filter((h) => h.name !== name);
      s.resources = s.resources.filter((x) => !(x.kind === 'process' && x.host === name && !alive(x.pid, x.start)));
    });
    return wasOn ? 'halted' : 'was-off';
  });
}

/** Halt, then delete the VM's disk. */
export async function vmDestroy(name: string): Promise<void> {
  await vmHalt(name);
  rmSync(hostDir(name), { recursive: true, force: true });
}
