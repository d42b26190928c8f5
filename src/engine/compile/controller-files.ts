// Where a task's controller-side files (templates, files to copy) are looked up, as Ansible does: the role's
// `templates/` or `files/` (and the role dir), then the playbook's `templates/` or `files/`, then the
// playbook dir. Compile uses it to refuse a missing file before any host is touched; modules to read it.

import { access } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';

export type ControllerFileKind = 'templates' | 'files';

export function searchPaths(kind: ControllerFileKind, path: string, roleDir: string | undefined, playbookDir: string): string[] {
  if (isAbsolute(path)) return [path];
  const fromRole = roleDir ? [join(roleDir, kind, path), join(roleDir, path)] : [];
  return [...fromRole, join(playbookDir, kind, path), join(playbookDir, path)];
}

/** The first existing candidate, or undefined with the list searched. */
export async function findControllerFile(
  kind: ControllerFileKind,
  path: string,
  roleDir: string | undefined,
  playbookDir: string,
): Promise<{ found?: string; searched: string[] }> {
  const searched = searchPaths(kind, path, roleDir, playbookDir);
  for (const candidate of searched) {
    if (await access(candidate).then(() => true, () => false)) return { found: candidate, searched };
  }
  return { searched };
}
