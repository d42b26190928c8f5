// `runbook lab up|down|status|doctor`: throwaway hosts on this machine (network namespaces with sshd; see
// docs/lab.md and src/lab/). Exit 0 on success, 1 on any failure or when the lab cannot run here.

import { resolve } from 'node:path';
import { LabError, labDown, labUp, selfAndAncestors } from '../../lab/lab.js';
import { LabBusyError } from '../../lab/lock.js';
import { procStart } from '../../lab/sh.js';
import { planLab } from '../../lab/spec.js';
import { formatStatus, healthy, labStatus } from '../../lab/status.js';

export interface LabOptions {
  hosts?: number;
  systemd?: number;
  seed?: boolean;
  inventory?: string;
  /** Seconds to wait for another live lab to go away (instead of failing at once). */
  wait?: number;
  /** Pid of the process the lab belongs to (scripts, tests); default: nobody, the lab stays until `lab down`. */
  owner?: number;
  /** lab down: even a lab that a running process holds. */
  force?: boolean;
  /** lab doctor: install what is missing. */
  install?: boolean;
}

const out = (s: string) => process.stdout.write(s.endsWith('\n') ? s : `${s}\n`);
const err = (s: string) => process.stderr.write(`runbook lab: ${s}\n`);

export async function run(action: string, opts: LabOptions = {}): Promise<number> {
  try {
    switch (action) {
      case 'up':
        return await up(opts);
      case 'down':
        return await down(opts.force ?? false);
      case 'doctor': {
        const { doctor } = await import('./lab-doctor.js');
        return await doctor({ install: opts.install, out, err });
      }
      case 'status': {
        const s = await labStatus();
        out(formatStatus(s));
        return healthy(s) ? 0 : 1;
      }
      default:
        err(`unknown action ${JSON.stringify(action)}: use up, down, status or doctor`);
        return 1;
    }
  } catch (e) {
    if (e instanceof LabError || e instanceof LabBusyError) {
      err((e as Error).message);
      return 1;
    }
    err(`${action} failed: ${(e as Error).message}`);
    return 1;
  }
}

async function up(opts: LabOptions): Promise<number> {
  if (opts.seed) {
    const { seedUpCommand } = await import('../../lab/seed/cli.js');
    return seedUpCommand({ waitMs: (opts.wait ?? 0) * 1000, holder: opts.owner ? ownerOf(opts.owner) : null, out, log: (l) => process.stderr.write(`${l}\n`) });
  }
  const t0 = Date.now();
  const state = await labUp({
    spec: planLab(opts.hosts ?? 3, opts.systemd ?? 0),
    inventoryFile: opts.inventory ? resolve(opts.inventory) : undefined,
    waitMs: (opts.wait ?? 0) * 1000,
    holder: opts.owner ? ownerOf(opts.owner) : null,
    log: (l) => process.stderr.write(`${l}\n`),
  });
  out(`lab up in ${((Date.now() - t0) / 1000).toFixed(2)} s: ${state.hosts.map((h) => `${h.name} ${h.ip}${h.init === 'systemd' ? ' (systemd)' : ''}`).join(', ')}`);
  out(`inventory: ${state.inventoryFile}`);
  out(`ssh:       ssh -i ${state.keyFile} -o UserKnownHostsFile=${state.knownHosts} root@${state.hosts[0]!.ip}`);
  out('users:     root, deploy (sudo NOPASSWD), alice (sudo password alice-pw)');
  return 0;
}

function ownerOf(pid: number) {
  const start = procStart(pid);
  if (!start) throw new LabError(`--owner ${pid}: no such process`);
  return { pid, start };
}

async function down(force: boolean): Promise<number> {
  const t0 = Date.now();
  // On a shared machine the lab may belong to someone's running test: leave it unless told otherwise.
  const r = await labDown({ log: (l) => process.stderr.write(`${l}\n`), onlyHolders: force ? undefined : selfAndAncestors() });
  if (r.notOurs) {
    err(`${r.notOurs}: another process is using it; wait for it, or take it down anyway with --force`);
    return 1;
  }
  if (r.leftovers.length) {
    err(`could not remove everything:\n  ${r.leftovers.join('\n  ')}`);
    return 1;
  }
  out(r.removed ? `lab down in ${((Date.now() - t0) / 1000).toFixed(2)} s; nothing left behind` : 'no lab was up; nothing left behind');
  return 0;
}
