// Every stand-in refuses to act anywhere but inside the seed lab's workstation namespace: they create and
// delete interfaces, boot lab hosts and SSH to addresses, which must never touch the machine itself.

import { existsSync, readFileSync, readlinkSync, statSync } from 'node:fs';
import { SEED, seedPaths } from '../seed/topology.js';

export interface SeedInfo {
  ws: string;
  wsIp: string;
  vmIp: string;
  home: string;
  project: string;
  repo: string;
}

export class StandInError extends Error {}

/** The seed lab's facts, after checking that this process runs in its workstation namespace. */
export function inSeedWorkstation(tool: string): SeedInfo {
  const paths = seedPaths();
  const refuse = (why: string): never => {
    throw new StandInError(`${tool} (runbook lab stand-in): ${why}; it only runs inside the seed lab's workstation (runbook lab up --seed)`);
  };
  if (!existsSync(paths.info)) refuse('no seed lab is up');
  const info = JSON.parse(readFileSync(paths.info, 'utf8')) as SeedInfo;
  const own = /net:\[(\d+)\]/.exec(readlinkSync('/proc/self/ns/net'))?.[1];
  let ws: string | undefined;
  try {
    ws = String(statSync(`/run/netns/${SEED.ws}`).ino);
  } catch {
    refuse(`the workstation namespace ${SEED.ws} does not exist`);
  }
  if (own !== ws) refuse(`this process is not in the workstation namespace ${SEED.ws}`);
  return info;
}

/** Run a stand-in's main, printing its errors the way the real tools do (message on stderr, exit 1). */
export function runMain(prefix: string, main: () => Promise<number>): void {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`${prefix}${(e as Error).message}\n`);
      process.exitCode = 1;
    },
  );
}
