// Starting one lab host and waiting until its sshd answers. The launcher (`ip netns exec NS …`) is started
// detached, in its own session, so it outlives `runbook lab up`; its pid and the first boot's PID 1 go into
// the state file with their start times, so teardown kills exactly those processes. A systemd host's PID 1
// changes when it reboots: init-pid.ts finds the current one below the launcher.

import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import type { Hierarchy } from './cgroups.js';
import { hostCgroupDirs } from './cgroups.js';
import { hostUp, initUnder } from './init-pid.js';
import { plainHostArgv, systemdHostArgv } from './init-script.js';
import { createHostNetwork } from './network.js';
import { hostDir } from './rootfs.js';
import { alive, procStart, sleep, waitFor } from './sh.js';
import type { LabHost, Ledger } from './state.js';
import type { HostSpec } from './spec.js';

/** systemd powers off on SIGRTMIN+4 (glibc's SIGRTMIN is 34). */
export const SIGRTMIN_4 = 38;

const HOST_ENV = { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', LANG: 'C.UTF-8', HOME: '/root' };

/** Create the host's network, start its init, record both processes. Returns once PID 1 exists. */
export async function startHost(ledger: Ledger, spec: HostSpec, layout: Hierarchy[] | undefined): Promise<LabHost> {
  const netns = await createHostNetwork(ledger, spec);
  let args: string[];
  if (spec.init === 'systemd') {
    if (!layout) throw new Error('systemd hosts need the cgroup layout');
    for (const path of hostCgroupDirs(layout, netns)) ledger.add({ kind: 'cgroup', path });
    args = systemdHostArgv(spec, netns, layout);
  } else {
    args = plainHostArgv(spec);
  }
  const log = openSync(`${hostDir(spec.name)}/console.log`, 'a');
  const child = spawn('ip', ['netns', 'exec', netns, ...args], { detached: true, stdio: ['ignore', log, log], env: HOST_ENV });
  closeSync(log);
  const spawned = await new Promise<number>((resolve, reject) => {
    child.once('spawn', () => resolve(child.pid!));
    child.once('error', (e) => reject(new Error(`cannot start host ${spec.name}: ${e.message}`)));
  });
  child.unref();
  const start = procStart(spawned);
  if (start) ledger.add({ kind: 'process', pid: spawned, start, role: 'launcher', host: spec.name });

  let pid1: number | undefined;
  await waitFor(() => (pid1 = initUnder(spawned)) !== undefined || !alive(spawned, start), 5000, 10);
  const start1 = pid1 === undefined ? undefined : procStart(pid1);
  if (pid1 === undefined || !start1) throw new Error(`host ${spec.name} did not start: ${consoleTail(spec.name)}`);
  ledger.add({ kind: 'process', pid: pid1, start: start1, role: 'init', host: spec.name, poweroff: spec.init === 'systemd' ? SIGRTMIN_4 : undefined });
  return { ...spec, netns, pid1 };
}

export function consoleTail(name: string, lines = 8): string {
  try {
    const text = readFileSync(`${hostDir(name)}/console.log`, 'utf8').trim().split('\n');
    return text.slice(-lines).join(' | ') || '(console.log is empty)';
  } catch {
    return '(no console.log)';
  }
}

/** Does something at ip:22 speak SSH? (a banner, not just an open port) */
export function sshBanner(ip: string, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host: ip, port: 22 });
    const done = (ok: boolean) => {
      s.destroy();
      resolve(ok);
    };
    s.setTimeout(timeoutMs, () => done(false));
    s.once('data', (b: Buffer) => done(b.toString('latin1').startsWith('SSH-')));
    s.once('error', () => done(false));
    s.once('close', () => done(false));
  });
}

/**
 * Wait until the host's sshd answers; fail early (with its console) if the host died. A host between two
 * boots is not dead: its launcher still runs.
 */
export async function waitForSsh(host: LabHost, ledger: Pick<Ledger, 'state'>, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await sshBanner(host.ip, 300)) return;
    if (!hostUp(ledger.state, host.name)) throw new Error(`host ${host.name} exited while starting: ${consoleTail(host.name)}`);
    await sleep(20);
  }
  throw new Error(`host ${host.name} (${host.ip}) did not answer SSH within ${timeoutMs / 1000} s: ${consoleTail(host.name)}`);
}
