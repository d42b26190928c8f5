// The inventory `lab up` writes: every lab host with the connection settings of HostConnection
// (inventory/types.ts). known_hosts points at a file in the state directory that starts empty, so the first
// connection to each host exercises accept-new, and the machine's own ~/.ssh/known_hosts is never touched.

import { stringify } from 'yaml';
import type { LabState } from './state.js';

export function inventoryYaml(state: LabState): string {
  const hostsOf = (pred: (g: string[], init: string) => boolean) =>
    Object.fromEntries(state.hosts.filter((h) => pred(h.groups ?? [], h.init)).map((h) => [h.name, { host: h.ip }]));
  const extraGroups = [...new Set(state.hosts.flatMap((h) => h.groups ?? []))];
  const doc = {
    all: {
      children: {
        lab: {
          // Connection settings written on the group itself (inventory/parse.ts SETTING_KEYS), inherited by its hosts.
          connection: 'ssh',
          user: 'root',
          private_key: state.keyFile,
          known_hosts: state.knownHosts,
          host_key_checking: 'accept-new',
          timeout: 10,
          children: {
            plain: { hosts: hostsOf((_, init) => init === 'sshd') },
            systemd: { hosts: hostsOf((_, init) => init === 'systemd') },
            ...Object.fromEntries(extraGroups.map((g) => [g, { hosts: hostsOf((gs) => gs.includes(g)) }])),
          },
        },
      },
    },
  };
  const header = [
    '# Written by `runbook lab up` for the throwaway lab on this machine; removed by `runbook lab down`.',
    `# Users on every host: root (this key), deploy (sudo NOPASSWD), alice (sudo password alice-pw).`,
    '',
  ].join('\n');
  return header + stringify(doc);
}
