// Writing a whole file for copy, file_template and the in-place editors, around Connection.put (temp file +
// rename, owner and group set before the mode so setuid/setgid survive): first the backup and the removal of
// a link being replaced (one command), then the put.

import type { Connection } from '../../engine/connection/types.js';
import { cmd } from '../../engine/quote.js';
import { putOptions, runOrFail, type AttrParams } from './attrs.js';
import { backupCommand, parseBackupName } from './backup.js';
import type { FileStat } from './file-state.js';

export interface WriteRequest {
  /** The path written: never a link (a link being replaced is removed first, see replaceLink). */
  path: string;
  content: string | Buffer;
  want: AttrParams;
  /** The file being replaced (stat through links), or null for a new file or a replaced link. */
  st: FileStat | null;
  backup?: boolean;
  /** Create missing parent directories. */
  parents?: boolean;
  /** path is a symbolic link to replace by a regular file: it is removed, never written through. */
  replaceLink?: boolean;
  /** What the plan read there (its sha256, or 'absent'): put refuses to overwrite anything else (lost updates). */
  expect?: string;
  /** The validate command's words (see validate.ts): run on the candidate file before it replaces path. */
  validate?: readonly string[];
}

/** The command run before the put: the backup, the removal of a link being replaced; undefined when none. */
export function beforePutCommand(r: Pick<WriteRequest, 'path' | 'st' | 'backup' | 'replaceLink'>, tag?: string): string | undefined {
  const steps: string[] = [];
  // A link being replaced is backed up too (as Ansible does): cp -p copies what it points to, mode and owner kept.
  if (r.backup && (r.st || r.replaceLink)) steps.push(r.replaceLink ? `${cmd`if [ -e ${r.path} ]; then`} ${backupCommand(r.path, tag)}; fi` : backupCommand(r.path, tag));
  // Only while it is still a link: whatever replaced it since the plan is replaced by the put, not deleted.
  if (r.replaceLink) steps.push(cmd`if [ -L ${r.path} ]; then rm -f -- ${r.path}; fi`);
  return steps.length ? steps.join(' && ') : undefined;
}

export async function writeFile(conn: Connection, r: WriteRequest): Promise<{ backupFile?: string }> {
  const before = beforePutCommand(r);
  const backupFile = before === undefined ? undefined : parseBackupName(await runOrFail(conn, before, `preparing to write ${r.path}`));
  await conn.put(r.path, r.content, { ...putOptions(r.want, r.st), parents: r.parents, ...(r.expect === undefined ? {} : { expect: r.expect }), ...(r.validate ? { validate: r.validate } : {}) });
  return backupFile === undefined ? {} : { backupFile };
}
