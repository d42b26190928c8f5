// replace: replace every match of a regular expression in a file — Ansible's replace, same arguments, same
// edit (Python regex semantics, MULTILINE, the after/before section), same `changed` and `msg`.

import { ModuleFailure, RunbookError } from '../../engine/errors.js';
import { attrSchema } from './attrs.js';
import { validateSchema, validateWords } from './validate.js';
import { expandPaths } from './paths.js';
import { runEdit } from './regex-budget.js';
import { editedPathSchema, readTextFile, textChanges, withAttrMsg } from './text-file.js';
import { defineModule } from '../../engine/module-api/module.js';

export const replace = defineModule({
  name: 'replace',
  summary: 'Replace every match of a regular expression in a file, optionally only between after and before (Ansible semantics).',
  aliases: { dest: 'path', destfile: 'path', name: 'path' },
  params: {
    type: 'object',
    additionalProperties: false,
    required: ['path', 'regexp'],
    properties: {
      ...editedPathSchema,
      regexp: {
        type: 'string',
        description: 'Regular expression (Python syntax, MULTILINE: ^ and $ match at every line) whose matches are replaced. Uses Python re.sub semantics; a pattern that can match its own replacement is still idempotent only if the result stops matching.',
      },
      replace: { type: 'string', default: '', description: 'The replacement; may contain \\1 or \\g<name> references to regexp groups. Empty: matches are removed.' },
      after: { type: 'string', description: 'Only replace after the first match of this regular expression (Python syntax, DOTALL).' },
      before: { type: 'string', description: 'Only replace before the first match of this regular expression (after `after`, when both are given; DOTALL).' },
      encoding: { type: 'string', default: 'utf-8', description: 'Character encoding of the file; runbook edits UTF-8 text only.' },
      backup: { type: 'boolean', default: false, description: 'Keep a timestamped copy of the file before changing it (its path is returned as backup_file).' },
      ...attrSchema,
      ...validateSchema,
    },
  },
  async plan(ctx, params) {
    const p = await expandPaths(ctx, params, ['path']);
    if (!/^utf-?8$/i.test(p.encoding)) throw new ModuleFailure(`encoding ${p.encoding} is not supported: runbook edits UTF-8 text only`, {}, { hint: 'convert the file to UTF-8, or drop encoding' });
    const file = await readTextFile(ctx, p.path, p.mode);
    if (file.text === null) throw new ModuleFailure(`Path ${p.path} does not exist !`, { rc: 257 });
    let edit;
    try {
      edit = await runEdit({ kind: 'replace', text: file.text, params: p }, p.path, ctx.signal);
    } catch (e) {
      if (e instanceof RunbookError) throw e; // out of time, interrupted: already says what happened
      throw new ModuleFailure(`invalid regular expression or replacement: ${(e as Error).message}`, {}, { hint: 'regexp, after and before use Python regular expression syntax' });
    }
    // Like Ansible, a section that matches nothing ends the task there: no attribute is changed either.
    if (!edit.changed && edit.msg) return { changes: [], data: { msg: edit.msg, rc: 0 }, reason: edit.msg };
    const changes = textChanges(ctx, file, edit.changed ? edit.text : null, `${p.path}: ${edit.msg}`, { ...p, backupKey: 'backup_file', validateWords: validateWords(p.validate) });
    const msg = withAttrMsg(edit.msg, changes, edit.changed);
    return { changes, data: { msg, rc: 0 }, reason: changes.length ? undefined : `no match of ${JSON.stringify(p.regexp)} left to replace in ${p.path}` };
  },
});
