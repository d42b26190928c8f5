// `lab status`: the hosts of the current lab and whether each is alive (PID 1 running, sshd answering).

import { sshBanner } from './host.js';
import { alive } from './sh.js';
import { isLive } from './lab.js';
import { readState, type LabState } from './state.js';
import { labNamespaces } from './teardown.js';

export interface HostStatus {
  name: string;
  ip: string;
  init: string;
  netns: string;
  running: boolean;
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
      const init = state!.resources.find((r) => r.kind === 'process' && r.role === 'init' && r.host === h.name);
      const running = init?.kind === 'process' && alive(init.pid, init.start);
      return { name: h.name, ip: h.ip, init: h.init, netns: h.netns, running, ssh: running && (await sshBanner(h.ip, 1000)) };
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
    'HOST  ADDRESS        INIT     PID1     SSH',
    ...s.hosts.map((h) => `${h.name.padEnd(5)} ${h.ip.padEnd(14)} ${h.init.padEnd(8)} ${(h.running ? 'running' : 'DEAD').padEnd(8)} ${h.ssh ? 'answers' : 'NO'}`),
  ];
  if (s.strays.length) lines.push('', `namespaces not in the state file: ${s.strays.join(', ')}`);
  return `${lines.join('\n')}\n`;
}

/** Healthy: a ready lab whose every host runs and answers SSH. */
export function healthy(s: LabStatus): boolean {
  return !!s.state?.ready && s.hosts.length > 0 && s.hosts.every((h) => h.running && h.ssh);
}
