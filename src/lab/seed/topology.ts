// The seed topology in the lab, as constants (docs/lab.md "The seed lab"):
//   rb-ws       the workstation: runbook runs here (only its network namespace differs from the machine's),
//               eth0 10.200.0.2 on the lab switch (the management path `vagrant ssh` takes through
//               VirtualBox's NAT), and the host-only interfaces vboxnetN that the VBoxManage stand-in makes;
//   rb-default  the Docker VM (systemd as PID 1, sshd, docker and dnsmasq masked like a fresh box), booted by
//               the vagrant stand-in: eth0 10.200.0.30 for management, eth1 on the host-only bridge vboxnet1.
// Nothing here is ever routed outside the lab: the switch forwards nothing, and 192.168.33.0/24 exists only
// between rb-ws and the VM.

import { NET, PREFIX, STATE_DIR } from '../spec.js';

export const SEED = {
  ws: `${PREFIX}ws`,
  /** The workstation's address on the lab switch, and the switch-side name of its veth. */
  wsIp: `${NET.subnet}.2`,
  wsPeer: 'vws',
  /** The VM's management address (what `vagrant ssh-config` reports; VirtualBox's 127.0.0.1:2222 for real). */
  vmIp: `${NET.subnet}.30`,
  /** The host-only interface Docker Toolbox leaves behind (docker-machine's virtualbox driver default). */
  toolboxIf: { name: 'vboxnet0', cidr: '192.168.99.1/24' },
} as const;

/** Everything the seed lab keeps on the machine, under the lab's state directory (removed by lab down). */
export function seedPaths(dir = `${STATE_DIR}/seed`) {
  const home = `${dir}/home`;
  return {
    dir,
    /** HOME of the runbook process the demo/tests start: Vagrant's boxes and docker-machine's store live here. */
    home,
    vagrantHome: `${home}/.vagrant.d`,
    /** The Vagrant project: the Vagrantfile and .vagrant/ go here. */
    project: `${dir}/project`,
    /** The inventory the demo/tests pass with -i (never the shipped inventory.yaml). */
    inventory: `${dir}/inventory.yaml`,
    /** The busybox root filesystem tarball the verify play imports. */
    imageTar: `${dir}/busybox-rootfs.tar`,
    /** Facts about this seed lab for the stand-ins (JSON). */
    info: `${dir}/seed.json`,
  };
}

/** The box named in the Vagrantfile, where Vagrant keeps it: boxes/<name with / → -VAGRANTSLASH->/<version>/<provider>. */
export function boxDir(vagrantHome: string, box: string, version = '0.2', provider = 'virtualbox'): string {
  return `${vagrantHome}/boxes/${box.replace(/\//g, '-VAGRANTSLASH-')}/${version}/${provider}`;
}

export const SEED_BOX = 'dolbager/centos-7-docker';
