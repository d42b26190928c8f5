// STAND-IN for VBoxManage: the real tool cannot run on this machine; arguments and output formats follow
// VBoxManage 6.1 (src/VBox/Frontends/VBoxManage/VBoxManageList.cpp, VBoxManageHostonly.cpp). Only what the
// seed needs: `list hostonlyifs`, `hostonlyif create | ipconfig NAME --ip X [--netmask Y] | remove NAME`.
// It acts on real bridges named vboxnetN in the seed lab's workstation namespace (see hostonly.ts).

import { prefixLength } from '../seed/vagrantfile.js';
import { inSeedWorkstation, runMain } from './guard.js';
import { createHostonly, formatHostonlyIfs, ipconfigHostonly, listHostonly, removeHostonly } from './hostonly.js';

const PROGRESS = '0%...10%...20%...30%...40%...50%...60%...70%...80%...90%...100%';

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i === -1 ? undefined : args[i + 1];
}

async function main(args: string[]): Promise<number> {
  inSeedWorkstation('VBoxManage');
  const [cmd, sub, ...rest] = args;
  if (cmd === 'list' && sub === 'hostonlyifs') {
    process.stdout.write(formatHostonlyIfs(await listHostonly()));
    return 0;
  }
  if (cmd === 'hostonlyif' && sub === 'create') {
    const name = await createHostonly();
    process.stdout.write(`${PROGRESS}\nInterface '${name}' was successfully created\n`);
    return 0;
  }
  if (cmd === 'hostonlyif' && sub === 'ipconfig' && rest[0]) {
    const ip = option(rest, '--ip');
    if (!ip) throw new Error('error: (stand-in) only --ip X [--netmask Y] is supported');
    await ipconfigHostonly(rest[0], ip, prefixLength(option(rest, '--netmask') ?? '255.255.255.0'));
    return 0;
  }
  if (cmd === 'hostonlyif' && sub === 'remove' && rest[0]) {
    await removeHostonly(rest[0]);
    process.stdout.write(`${PROGRESS}\n`);
    return 0;
  }
  throw new Error(`error: (stand-in) unsupported: VBoxManage ${args.join(' ')}`);
}

runMain('VBoxManage: ', () => main(process.argv.slice(2)));
