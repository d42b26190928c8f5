// Writing a whole file for copy, file_template and the in-place editors, around Connection.put (temp file +
// rename): first the backup and the removal of a link being replaced (one command), then the put, then — only
// when the file keeps setuid/setgid/sticky bits — the mode once more. The kernel clears setuid and setgid
// whenever a file's owner or group is set, even to the same value, and put sets the mode before the owner,
// so without that last step a 4755 file would come out 0755 (Ansible sets owner, group, then mode).

import type { Connection } from '../../engine/connection/types.js';
import { cmd } from '../../engine/quote.js';
import { putOptions, runOrFail, type AttrParams } from './attrs.js';
import { backupCommand, parseBackupName } from './backup.js';
import type { FileStat } from './file-state.js';
import { formatMode } from './mode.js';

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
}

const SPECIAL_BITS = 0o7000;

/** The mode to set again after the put, when the file must keep setuid/setgid/sticky bits; else undefined. */
export function specialModeAfterPut(want: AttrParams, st: FileStat | null): string | undefined {
  const mode = putOptions(want, st).mode ?? (st ? formatMode(st.mode) : undefined);
  if (mode === undefined) return undefined;
  const special = typeof mode === 'number' ? (mode & SPECIAL_BITS) !== 0 : /^(0o)?[0-7]+$/.test(mode) ? (parseInt(mode.replace(/^0o/, ''), 8) & SPECIAL_BITS) !== 0 : /[st]/.test(mode);
  return special ? String(mode) : undefined;
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
  await conn.put(r.path, r.content, { ...putOptions(r.want, r.st), parents: r.parents });
  const special = specialModeAfterPut(r.want, r.st);
  // chmod follows links: refuse if a link appeared at the path since the rename.
  if (special) await runOrFail(conn, cmd`[ ! -L ${r.path} ] && chmod -- ${special} ${r.path}`, `setting the mode of ${r.path}`);
  return backupFile === undefined ? {} : { backupFile };
}
