// .deb files built on the controller (dpkg-deb --build) with an apt `Packages` index, for lab tests that
// install packages: nothing is downloaded.

import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Connection } from '../../src/engine/connection/types.js';

export interface DebSpec {
  name: string;
  version: string;
  /** Files the package installs: path -> content. */
  files?: Record<string, string>;
}

/** Build `.deb` files on the controller (dpkg-deb --build) plus an apt `Packages` index; returns the dir. */
export function buildDebs(specs: DebSpec[]): { dir: string; files: string[]; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'runbook-debs-'));
  const files: string[] = [];
  for (const s of specs) {
    const root = join(dir, `${s.name}-${s.version}`);
    mkdirSync(join(root, 'DEBIAN'), { recursive: true });
    writeFileSync(
      join(root, 'DEBIAN', 'control'),
      `Package: ${s.name}\nVersion: ${s.version}\nArchitecture: all\nMaintainer: runbook tests <tests@runbook.invalid>\nDescription: runbook test package\n`,
    );
    for (const [path, content] of Object.entries(s.files ?? { [`/usr/share/${s.name}/VERSION`]: `${s.version}\n` })) {
      mkdirSync(join(root, path, '..'), { recursive: true });
      writeFileSync(join(root, path), content);
    }
    const file = `${s.name}_${s.version}_all.deb`;
    execFileSync('dpkg-deb', ['--build', '--root-owner-group', root, join(dir, file)], { stdio: 'pipe' });
    rmSync(root, { recursive: true });
    files.push(file);
  }
  writeFileSync(join(dir, 'Packages'), execFileSync('dpkg-scanpackages', ['-m', '.', '/dev/null'], { cwd: dir, stdio: ['ignore', 'pipe', 'ignore'] }));
  return { dir, files, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Copy a built file to the host. */
export async function putFile(conn: Connection, local: string, remote: string): Promise<void> {
  await conn.put(remote, readFileSync(local));
}
