// `runbook lab up --seed` output: what came up and how to run the seed against it.

import type { Holder } from '../state.js';
import { runbookArgv } from './run.js';
import { REPO, seedUp } from './up.js';
import { SEED } from './topology.js';

export async function seedUpCommand(o: { waitMs?: number; holder?: Holder | null; out: (s: string) => void; log: (s: string) => void }): Promise<number> {
  const { paths, buildMs } = await seedUp({ holder: o.holder ?? null, waitMs: o.waitMs, log: o.log });
  o.out(`seed lab up in ${(buildMs / 1000).toFixed(2)} s: workstation ${SEED.ws} (${SEED.wsIp}, vboxnet0); the Docker VM boots at \`vagrant up\` (${SEED.vmIp})`);
  o.out(`inventory: ${paths.inventory}`);
  o.out(`run:       nsenter --net=/run/netns/${SEED.ws} env HOME=${paths.home} node ${runbookArgv('dist')[1]} apply ${REPO}playbooks/site.yaml -i ${paths.inventory}`);
  o.out('down:      runbook lab down');
  return 0;
}
