// `lab status`: the hosts of the current lab and whether each is alive (PID 1 running, sshd answering),
// and for systemd hosts how often they booted (a reboot starts a new PID 1, see boot-loop.ts).

import { hostBoots } from './boot-loop.js';
import { sshBanner } from './host.js';
import { hostInit, hostUp } from './init-pid.js';
import { isLive } from './lab.js';
import { readState, type LabState } from './state.js';
import { labNamespaces } from './teardown.js';

export interface HostStatus {
  name: string;
  ip: string;
  init: string;
  netns: string;
  /** PID 1 runs (the current one, which a reboot replaces). */
  running: boolean;
  /** Between two boots: the launcher is about to start the host again. */
  rebooting: boolean;
  /** Outer pid of the current PID 1. */
  pid1?: number;
  /** systemd hosts: how many times the launcher started PID 1 (1 until the first reboot). */
  boots?: number;
  ssh: boolean;
}

export interface LabStatus {
  state?: LabState;
  hosts: HostStatus[];
  /** Lab namespaces that exist without a state file (a killed lab). */
  strays: string[];
}

export async function labStatus(): Promise<LabStatus> {
  const state = readState();
  const namespaces = await labNamespaces();
  const hosts = await Promise.all(
    (state?.hosts ?? []).map(async (h) => {
      // The current PID 1: after a reboot it is not the one the state file recorded.
      const init = hostInit(state!, h.name);
      const running = init !== undefined;
      const rebooting = !running && hostUp(state!, h.name);
      const boots = h.init === 'systemd' ? hostBoots(h.name) : undefined;
      return { name: h.name, ip: h.ip, init: h.init, netns: h.netns, running, rebooting, pid1: init?.pid, boots, ssh: running && (await sshBanner(h.ip, 1000)) };
    }),
  );
  const known = new Set(state?.resources.flatMap((r) => (r.kind === 'netns' ? [r.name] : [])) ?? []);
  return { state, hosts, strays: namespaces.filter((n) => !known.has(n)) };
}

export function formatStatus(s: LabStatus): string {
  if (!s.state) {
    return s.strays.length
      ? `no lab state, but leftover namespaces exist: ${s.strays.join(', ')} (runbook lab down removes them)\n`
      : 'no lab is up\n';
  }
  const st = s.state;
  const lines = [
    `lab ${st.ready ? 'up' : 'NOT READY (half-built or failed)'} since ${st.createdAt}${st.holder ? `, held by pid ${st.holder.pid}` : ''}`,
    ...(isLive(st) ? [] : ['its owner is gone: the next `runbook lab up` or `lab down` removes it']),
    `inventory: ${st.inventoryFile}`,
    `key:       ${st.keyFile}`,
    '',
    'HOST  ADDRESS        INIT     PID1     SSH      BOOTS',
    ...s.hosts.map((h) => {
      const pid1 = h.running ? 'running' : h.rebooting ? 'booting' : 'DEAD';
      return `${h.name.padEnd(5)} ${h.ip.padEnd(14)} ${h.init.padEnd(8)} ${pid1.padEnd(8)} ${(h.ssh ? 'answers' : 'NO').padEnd(8)} ${h.boots ?? '-'}`.trimEnd();
    }),
  ];
  if (s.strays.length) lines.push('', `namespaces not in the state file: ${s.strays.join(', ')}`);
  return `${lines.join('\n')}\n`;
}

/** Healthy: a ready lab whose every host runs and answers SSH. */
export function healthy(s: LabStatus): boolean {
  return !!s.state?.ready && s.hosts.length > 0 && s.hosts.every((h) => h.running && h.ssh);
}
