// The busybox image's root filesystem as a tarball (docs/lab.md, the seed lab): the machine's static busybox, one
// symlink per applet (but not `busybox` itself, which is the binary), the directories a container needs.
// The verify play copies it to the VM and `docker import`s it, so no image is ever pulled.

import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const BUSYBOX = '/bin/busybox';

export function buildBusyboxTar(tarFile: string, workDir: string): void {
  const root = join(workDir, 'rootfs');
  rmSync(root, { recursive: true, force: true });
  for (const d of ['bin', 'etc', 'tmp', 'proc', 'sys', 'dev', 'root']) mkdirSync(join(root, d), { recursive: true });
  copyFileSync(BUSYBOX, join(root, 'bin', 'busybox'));
  const applets = execFileSync(BUSYBOX, ['--list'], { encoding: 'utf8' }).split('\n').filter((a) => a && a !== 'busybox');
  for (const a of applets) symlinkSync('busybox', join(root, 'bin', a));
  writeFileSync(join(root, 'etc', 'passwd'), 'root:x:0:0:root:/root:/bin/sh\n');
  writeFileSync(join(root, 'etc', 'group'), 'root:x:0:\n');
  execFileSync('tar', ['-C', root, '-cf', tarFile, '.'], { timeout: 30_000 });
  rmSync(root, { recursive: true, force: true });
}
