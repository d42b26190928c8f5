// blockinfile: insert, update or remove a block of lines between marker lines — Ansible's blockinfile,
// same arguments, same edit, same `changed` and `msg`.

import { MissingOnHost, ModuleFailure, RunbookError } from '../../engine/errors.js';
import { attrSchema } from './attrs.js';
import { validateSchema, validateWords } from './validate.js';
import { editedPathSchema, readTextFile, textChanges, withAttrMsg } from './text-file.js';
import { expandPaths } from './paths.js';
import { runEdit } from './regex-budget.js';
import { defineModule } from '../../engine/module-api/module.js';

export const blockinfile = defineModule({
  name: 'blockinfile',
  summary: 'Insert, update or remove a block of lines surrounded by marker lines (Ansible semantics).',
  aliases: { dest: 'path', destfile: 'path', name: 'path', content: 'block' },
  params: {
    type: 'object',
    additionalProperties: false,
    required: ['path'],
    properties: {
      ...editedPathSchema,
      state: { enum: ['present', 'absent'], default: 'present', description: 'Whether the block should be there or not.' },
      block: { type: 'string', default: '', description: 'The lines to put between the markers. Empty: the block (markers included) is removed, as with state=absent.' },
      marker: {
        type: 'string',
        default: '# {mark} ANSIBLE MANAGED BLOCK',
        description: 'The marker line template; {mark} becomes marker_begin or marker_end. Use a different marker per block in the same file, or each task overwrites the other.',
      },
      marker_begin: { type: 'string', default: 'BEGIN', description: 'What {mark} becomes in the opening marker line.' },
      marker_end: { type: 'string', default: 'END', description: 'What {mark} becomes in the closing marker line.' },
      insertafter: {
        type: 'string',
        description: "When the markers are not found: insert after the last line matching this regular expression (Python syntax; with (?m) it is matched against the whole file), or 'EOF' (the default). No match: end of file.",
      },
      insertbefore: {
        type: 'string',
        description: "When the markers are not found: insert before the last line matching this regular expression (Python syntax; with (?m) against the whole file), or 'BOF'. No match: end of file.",
      },
      append_newline: { type: 'boolean', default: false, description: 'Put a blank line after the inserted block, unless it ends the file or a blank line follows already.' },
      prepend_newline: { type: 'boolean', default: false, description: 'Put a blank line before the inserted block, unless it starts the file or a blank line precedes it already.' },
      create: { type: 'boolean', default: false, description: 'Create the file (and its directories) when it does not exist; otherwise a missing file fails.' },
      backup: { type: 'boolean', default: false, description: 'Keep a timestamped copy of the file before changing it (its path is returned as backup_file).' },
      ...attrSchema,
      ...validateSchema,
    },
  },
  async plan(ctx, params) {
    const p = await expandPaths(ctx, params, ['path']);
    if (p.insertafter !== undefined && p.insertbefore !== undefined) throw new ModuleFailure('parameters are mutually exclusive: insertbefore|insertafter');
    const file = await readTextFile(ctx, p.path, p.mode);
    if (file.text === null) {
      if (p.state === 'absent') return { changes: [], data: { msg: `File ${p.path} not present` }, reason: `${p.path} does not exist` };
      if (!p.create) throw new MissingOnHost(`Path ${p.path} does not exist !`, { rc: 257 }, { hint: 'set create: yes to create it' });
    }
    let edit;
    try {
      edit = await runEdit({ kind: 'block', text: file.text, params: p }, p.path, ctx.signal);
    } catch (e) {
      if (e instanceof RunbookError) throw e; // out of time, interrupted: already says what happened
      throw new ModuleFailure(`invalid insertafter/insertbefore or marker: ${(e as Error).message}`, {}, { hint: 'insertafter and insertbefore use Python regular expression syntax' });
    }
    const changes = textChanges(ctx, file, edit.changed ? edit.text : null, `${p.path}: ${edit.msg}`, { ...p, backupKey: 'backup_file', validateWords: validateWords(p.validate) });
    const msg = withAttrMsg(edit.msg, changes, edit.changed);
    const reason = p.state === 'absent' || !p.block ? `no block marked "${p.marker}" in ${p.path}` : `block already up to date in ${p.path}`;
    return { changes, data: { msg }, reason: changes.length ? undefined : reason };
  },
});
