// `runbook lab up --seed`: the lab switch and the workstation namespace (through the lab's labUp), then
// what makes the namespace a workstation: its management NIC on the switch, the host-only interface Docker
// Toolbox leaves (vboxnet0), a HOME holding the Vagrant box (its key is the VM's), the Vagrant project
// directory, the busybox image tarball and the inventory. The Docker VM itself is booted later, by the
// vagrant stand-in, when the vagrant-vm role runs `vagrant up`.

import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { argv } from '../../engine/quote.js';
import { missingHere, missingMessage } from '../install.js';
import { LabError, labDown, labUp } from '../lab.js';
import { withLabLock } from '../lock.js';
import { procStart, sh } from '../sh.js';
import { NET } from '../spec.js';
import { Ledger, readState, type Holder, type LabState } from '../state.js';
import { createHostonly, ipconfigHostonly } from '../standins/hostonly.js';
import { buildBusyboxTar } from './image.js';
import { seedInventoryYaml } from './inventory.js';
import { boxDir, SEED, SEED_BOX, seedPaths } from './topology.js';
import { ed25519KeyPair } from '../keys.js';

export const REPO = fileURLToPath(new URL('../../../', import.meta.url));

export interface SeedLab {
  state: LabState;
  paths: ReturnType<typeof seedPaths>;
  /** Time spent waiting for another lab on the machine to go, and building this one. */
  waitedMs: number;
  buildMs: number;
}

export interface SeedUpOptions {
  /** The process the lab belongs to (tests, the demo); none: a CLI lab that stays until `lab down`. */
  holder?: Holder | null;
  waitMs?: number;
  log?: (line: string) => void;
}

const ip = (...args: (string | number)[]) => argv(['ip', ...args]);

async function workstationNetwork(): Promise<void> {
  await sh([
    ip('link', 'add', SEED.wsPeer, 'netns', NET.switchNs, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', SEED.ws),
    ip('-n', NET.switchNs, 'link', 'set', SEED.wsPeer, 'master', NET.bridge, 'up'),
    ip('-n', SEED.ws, 'addr', 'add', `${SEED.wsIp}/${NET.prefixLen}`, 'dev', 'eth0'),
    ip('-n', SEED.ws, 'link', 'set', 'eth0', 'up'),
  ].join('\n'));
  // Docker Toolbox's host-only interface, there before the seed starts (made the way the stand-in makes them).
  const [address, len] = SEED.toolboxIf.cidr.split('/');
  const name = await createHostonly(SEED.ws);
  await ipconfigHostonly(name, address!, Number(len), SEED.ws);
}

function workstationFiles(paths: ReturnType<typeof seedPaths>): void {
  mkdirSync(paths.project, { recursive: true });
  // The box as `vagrant box add` leaves it; its key is the only way into the VM's vagrant account.
  const box = boxDir(paths.vagrantHome, SEED_BOX);
  mkdirSync(box, { recursive: true });
  const key = ed25519KeyPair('vagrant box key');
  writeFileSync(`${box}/vagrant_private_key`, key.private, { mode: 0o600 });
  writeFileSync(`${box}/metadata.json`, '{"provider":"virtualbox"}\n');
  chmodSync(paths.home, 0o700);
  buildBusyboxTar(paths.imageTar, paths.dir);
  writeFileSync(paths.inventory, seedInventoryYaml({ repo: REPO, project: paths.project, imageTar: paths.imageTar }));
}

/** A CLI lab stays up while some host runs; before `vagrant up` the workstation has none, so it gets this. */
function keeper(ledger: Ledger): void {
  const child = spawn('ip', ['netns', 'exec', SEED.ws, 'sleep', 'infinity'], { detached: true, stdio: 'ignore' });
  child.unref();
  const start = child.pid ? procStart(child.pid) : undefined;
  if (child.pid && start) ledger.add({ kind: 'process', pid: child.pid, start, role: 'init', host: 'workstation' });
}

export async function seedUp(o: SeedUpOptions = {}): Promise<SeedLab> {
  const log = o.log ?? (() => {});
  // Everything the seed needs (dockerd, dnsmasq, a static busybox, …) before anything is built.
  const missing = missingHere('seed');
  if (missing.length) throw new LabError(missingMessage(missing));
  const t0 = Date.now();
  let waited = 0;
  await labUp({
    spec: { hosts: [], namespaces: [{ name: SEED.ws }] },
    holder: o.holder ?? null,
    waitMs: o.waitMs,
    log: (l) => {
      // labUp's last line is its build; everything before it was waiting for the machine's lab.
      if (/^lab up: /.test(l)) waited = Date.now() - t0;
      log(l);
    },
  });
  const tBuilt = Date.now();
  const paths = seedPaths();
  try {
    await withLabLock(async () => {
      const ledger = new Ledger(readState()!);
      mkdirSync(paths.home, { recursive: true });
      await workstationNetwork();
      workstationFiles(paths);
      if (!o.holder) keeper(ledger);
      // Last: the stand-ins refuse to run until this file exists.
      const info = { ws: SEED.ws, wsIp: SEED.wsIp, vmIp: SEED.vmIp, home: paths.home, project: paths.project, repo: REPO };
      writeFileSync(paths.info, `${JSON.stringify(info, null, 1)}\n`);
    });
  } catch (e) {
    log(`seed lab up failed, cleaning up: ${(e as Error).message}`);
    await labDown({ log });
    throw e;
  }
  const buildMs = Date.now() - tBuilt + Math.max(0, tBuilt - t0 - waited);
  log(`seed lab up in ${(buildMs / 1000).toFixed(2)} s (workstation ${SEED.ws}; the VM boots at vagrant up)${waited > 1000 ? `, after waiting ${(waited / 1000).toFixed(0)} s for the machine's lab` : ''}`);
  return { state: readState()!, paths, waitedMs: waited, buildMs };
}
