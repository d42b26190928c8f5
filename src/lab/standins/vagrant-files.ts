// Where the vagrant stand-in finds things, as Vagrant does: the Vagrantfile in the working directory or
// above, the machine's data in <project>/.vagrant/machines/<name>/virtualbox/, boxes under
// $VAGRANT_HOME (default ~/.vagrant.d)/boxes/<name with / as -VAGRANTSLASH->/<version>/virtualbox/.

import { existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import ssh2 from 'ssh2';
import { readFileSync } from 'node:fs';

export function findVagrantfile(from: string): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'Vagrantfile'))) return join(dir, 'Vagrantfile');
    if (dirname(dir) === dir) return undefined;
  }
}

export function machineDir(project: string, machine: string): string {
  return join(project, '.vagrant', 'machines', machine, 'virtualbox');
}

export function vagrantHome(): string {
  return process.env.VAGRANT_HOME || join(process.env.HOME || homedir(), '.vagrant.d');
}

/** The box's virtualbox directory, newest version first; undefined when the box was never added. */
export function boxDirOf(box: string): string | undefined {
  const base = join(vagrantHome(), 'boxes', box.replace(/\//g, '-VAGRANTSLASH-'));
  if (!existsSync(base)) return undefined;
  const versions = readdirSync(base).filter((v) => existsSync(join(base, v, 'virtualbox')));
  versions.sort((a, b) => b.localeCompare(a, undefined, { numeric: true }));
  return versions[0] ? join(base, versions[0], 'virtualbox') : undefined;
}

/** `ssh-ed25519 AAAA…` of a private key file. */
export function publicKeyOf(privateKeyFile: string): string {
  const parsed = ssh2.utils.parseKey(readFileSync(privateKeyFile));
  const key = Array.isArray(parsed) ? parsed[0] : parsed;
  if (!key || key instanceof Error) throw new Error(`cannot read the key ${privateKeyFile}: ${(key as Error | undefined)?.message ?? 'no key'}`);
  return `${key.type} ${key.getPublicSSH().toString('base64')}`;
}
