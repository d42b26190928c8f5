// The seed lab's inventory: the shipped inventory.yaml's topology, pointed at the lab — the VM at its
// management address with the copied box key, the stand-ins' paths, no registry mirrors, no upstream DNS,
// the busybox tarball for the verify play, and a second DNS record (so "every record resolves" means more
// than one).

import { stringify } from 'yaml';
import { SEED } from './topology.js';

export interface SeedInventoryInput {
  repo: string;
  project: string;
  imageTar: string;
}

export const LAB_DNS_RECORDS = [
  { ip: '192.168.33.2', name: 'zk' },
  { ip: '192.168.33.3', name: 'kafka' },
];

export function seedInventoryYaml(i: SeedInventoryInput): string {
  // Launchers of the compiled stand-ins, shipped in the package's bin/ (they run dist/, not TypeScript).
  const bin = `${i.repo}bin/standins`;
  const doc = {
    all: {
      vars: {
        vboxmanage: `${bin}/VBoxManage`,
        vagrant: `${bin}/vagrant`,
        docker_machine: `${bin}/docker-machine`,
        vagrant_project_dir: i.project,
        // Nothing is downloaded in the lab: no mirrors, no yum repositories, no upstream DNS.
        registry_mirrors: [],
        daemon_registry_mirrors: [],
        vm_yum_repos: [],
        dnsmasq_forward: false,
        dns_records: LAB_DNS_RECORDS,
        verify_image: 'runbook/busybox',
        verify_image_archive: i.imageTar,
      },
      children: {
        workstation: { hosts: { localhost: { connection: 'local' } } },
        docker_vms: {
          hosts: {
            dockervm: {
              host: SEED.vmIp,
              port: 22,
              user: 'vagrant',
              private_key: `${i.project}/.vagrant/machines/default/virtualbox/private_key`,
              become: true,
              host_key_checking: 'off',
              timeout: 10,
            },
          },
        },
      },
    },
  };
  // YAML 1.1 on output too: `off` and friends come out quoted, as runbook (YAML 1.1) must read them back.
  return `# Written by \`runbook lab up --seed\` (src/lab/seed/inventory.ts); removed by \`runbook lab down\`.\n${stringify(doc, { version: '1.1' })}`;
}
