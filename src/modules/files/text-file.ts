// Editing a text file in place, shared by lineinfile, blockinfile and json_file: read its stat and content
// in one round trip (through links, as Ansible writes to the real path), then write the edited text
// atomically with a before/after diff, and fix attributes.

import { createHash } from 'node:crypto';
import { ModuleFailure } from '../../engine/errors.js';
import type { Change, ModuleContext } from '../../engine/module-api/module.js';
import { attrChange, checkMode, type AttrParams } from './attrs.js';
import { decodeText, diffText } from './diff-text.js';
import { contentFact, statFact, type FileStat } from './file-state.js';
import { writeFile } from './write-file.js';
import { predictFile } from './predict.js';

/** The `path` parameter of the modules that edit a file in place. */
export const editedPathSchema = {
  path: {
    type: 'string',
    description: 'The file to modify (links are followed: the file they point to is edited). ~ and $VARS are expanded on the host, as in Ansible.',
  },
} as const;

export interface TextFile {
  path: string;
  /** null: no file at path. */
  st: FileStat | null;
  /** null: no file at path ("" is an empty file). */
  text: string | null;
  /** What was read, for the write to check nothing changed since: sha256 of the bytes, or 'absent'. */
  read?: string;
}

/** Read a file to edit; a directory or non-text content fails with Ansible's message. */
export async function readTextFile(ctx: ModuleContext, path: string, mode?: AttrParams['mode']): Promise<TextFile> {
  checkMode(mode);
  const [st, bytes] = await ctx.facts(statFact(path, { follow: true }), contentFact(path));
  if (st?.type === 'directory') throw new ModuleFailure(`Path ${path} is a directory !`, { rc: 256 });
  if (st && st.type !== 'file') throw new ModuleFailure(`Path ${path} is a ${st.type}, not a regular file`, { rc: 256 });
  if (!st || !bytes) return { path, st: null, text: null, read: 'absent' };
  const text = decodeText(bytes);
  if (text === undefined) throw new ModuleFailure(`${path} is not UTF-8 text; refusing to edit it line by line`, {});
  return { path, st, text, read: createHash('sha256').update(bytes).digest('hex') };
}

export interface TextEdit extends AttrParams {
  backup?: boolean;
  /** Result key naming the backup (Ansible: `backup` for lineinfile, `backup_file` for blockinfile). */
  backupKey: string;
  /** The validate command's words, checked on the candidate file before it replaces the real one. */
  validateWords?: readonly string[];
}

/**
 * The changes writing `after` over `file` (null: the content stays) and fixing attributes. Writes go to the
 * resolved path of a link, so the link stays a link; a new file gets its missing parents, as Ansible does.
 */
export function textChanges(ctx: ModuleContext, file: TextFile, after: string | null, summary: string, opts: TextEdit): Change[] {
  const changes: Change[] = [];
  const target = file.st?.realpath ?? file.path;
  if (after !== null && after !== file.text) {
    changes.push({
      summary,
      diff: { header: file.path, before: file.text === null ? '' : diffText(Buffer.from(file.text)), after: diffText(Buffer.from(after)) },
      // Written through a link, the file is elsewhere: only a write at path itself is predicted.
      ...(target === file.path ? { predicts: predictFile(file.path, Buffer.from(after), opts, file.st) } : {}),
      apply: async () => {
        const r = await writeFile(ctx.conn, { path: target, content: after, want: opts, st: file.st, backup: opts.backup, parents: !file.st, expect: file.read, validate: opts.validateWords });
        return { [opts.backupKey]: r.backupFile ?? '' };
      },
    });
  }
  const attrs = file.st && attrChange(ctx.conn, target, file.st, opts);
  if (attrs) changes.push(attrs);
  return changes;
}

/** Ansible's msg when attributes changed too: `line added and ownership, perms or SE linux context changed`. */
export function withAttrMsg(msg: string, changes: Change[], contentChanged: boolean): string {
  const attrs = changes.length > (contentChanged ? 1 : 0);
  if (!attrs) return msg;
  return `${msg ? `${msg} and ` : ''}ownership, perms or SE linux context changed`;
}
