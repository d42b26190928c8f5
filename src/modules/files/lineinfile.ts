// lineinfile: make sure one line is in a file (or replace the line a regexp finds), or remove matching
// lines — Ansible's lineinfile, same arguments, same edit, same `changed` and `msg`.

import { MissingOnHost, ModuleFailure, RunbookError } from '../../engine/errors.js';
import { attrSchema } from './attrs.js';
import { validateSchema, validateWords } from './validate.js';
import { readLines } from './lines.js';
import { runEdit } from './regex-budget.js';
import { editedPathSchema, readTextFile, textChanges, withAttrMsg } from './text-file.js';
import { expandPaths } from './paths.js';
import { defineModule } from '../../engine/module-api/module.js';

export const lineinfile = defineModule({
  name: 'lineinfile',
  summary: 'Ensure a line is in a file, replace the line a regexp matches, or remove matching lines (Ansible semantics).',
  aliases: { dest: 'path', destfile: 'path', name: 'path', regex: 'regexp', value: 'line' },
  params: {
    type: 'object',
    additionalProperties: false,
    required: ['path'],
    properties: {
      ...editedPathSchema,
      state: { enum: ['present', 'absent'], default: 'present', description: 'Whether the line should be there or not.' },
      line: { type: 'string', description: 'The line to insert or replace with. Required for state=present. With backrefs, may contain \\1 or \\g<name> references to regexp groups.' },
      regexp: {
        type: 'string',
        description:
          'Regular expression (Python syntax) searched in every line. present: the last matching line is replaced by line; if none matches, line is inserted per insertafter/insertbefore. absent: every matching line is removed.',
      },
      search_string: { type: 'string', description: 'Literal string searched in every line, like regexp but without regex syntax. Not with regexp or backrefs.' },
      insertafter: {
        type: 'string',
        description: "present, when regexp/search_string matches nothing: insert after the last line matching this regular expression, or 'EOF' (the default) for the end of the file. No match: end of file.",
      },
      insertbefore: {
        type: 'string',
        description: "present, when regexp/search_string matches nothing: insert before the last line matching this regular expression, or 'BOF' for the beginning of the file. No match: end of file.",
      },
      firstmatch: { type: 'boolean', default: false, description: 'Use the first line matching regexp/search_string/insertafter/insertbefore instead of the last.' },
      backrefs: {
        type: 'boolean',
        default: false,
        description: 'present: expand regexp groups in line; when regexp matches nothing the file is left unchanged (never inserted).',
      },
      create: { type: 'boolean', default: false, description: 'present: create the file (and its directories) when it does not exist; otherwise a missing file fails.' },
      backup: { type: 'boolean', default: false, description: 'Keep a timestamped copy of the file before changing it (its path is returned as backup).' },
      ...attrSchema,
      ...validateSchema,
    },
  },
  async plan(ctx, params) {
    const p = await expandPaths(ctx, params, ['path']);
    checkParams(p);
    if (p.regexp === '' || p.search_string === '') {
      const what = p.regexp === '' ? 'regular expression' : 'search string';
      ctx.warn(`The ${what} is an empty string, which will match every line in the file. This may have unintended consequences, such as replacing the last line in the file rather than appending.`);
    }
    const file = await readTextFile(ctx, p.path, p.mode);
    if (file.text === null) {
      if (p.state === 'absent') return { changes: [], data: { msg: 'file not present', backup: '' }, reason: `${p.path} does not exist` };
      if (!p.create) throw new MissingOnHost(`Destination ${p.path} does not exist !`, { rc: 257 }, { hint: 'set create: yes to create it' });
    }
    let edit;
    try {
      edit = await runEdit({ kind: 'lines', lines: readLines(file.text ?? ''), params: p }, p.path, ctx.signal);
    } catch (e) {
      if (e instanceof RunbookError) throw e; // out of time, interrupted: already says what happened
      throw new ModuleFailure(`invalid regular expression: ${(e as Error).message}`, {}, { hint: 'regexp, insertafter and insertbefore use Python regular expression syntax' });
    }
    // Like Ansible, the file is written only when the edit changed something (backrefs never creates it).
    const after = edit.changed ? edit.lines.join('') : null;
    const changes = textChanges(ctx, file, after, `${p.path}: ${edit.msg}`, { ...p, backupKey: 'backup', validateWords: validateWords(p.validate) });
    const msg = withAttrMsg(edit.msg, changes, edit.changed);
    const data = { msg, backup: '', ...(edit.found !== undefined ? { found: edit.found } : {}) };
    return { changes, data, reason: changes.length ? undefined : noChangeReason(p) };
  },
});

function checkParams(p: { state: string; line?: string; regexp?: string; search_string?: string; insertafter?: string; insertbefore?: string; backrefs: boolean }): void {
  const exclusive: [keyof typeof p, keyof typeof p][] = [['insertbefore', 'insertafter'], ['regexp', 'search_string'], ['backrefs', 'search_string']];
  for (const [a, b] of exclusive) {
    if (p[a] !== undefined && p[a] !== false && p[b] !== undefined) throw new ModuleFailure(`parameters are mutually exclusive: ${a}|${b}`);
  }
  if (p.state === 'present') {
    if (p.backrefs && p.regexp === undefined) throw new ModuleFailure('regexp is required with backrefs=true');
    if (p.line === undefined) throw new ModuleFailure('line is required with state=present');
  } else if (p.line === undefined && p.regexp === undefined && p.search_string === undefined) {
    throw new ModuleFailure('one of line, search_string, or regexp is required with state=absent');
  }
}

function noChangeReason(p: { path: string; state: string; regexp?: string; search_string?: string; backrefs: boolean }): string {
  if (p.state === 'absent') return `no line to remove in ${p.path}`;
  if (p.backrefs) return `line already as asked in ${p.path}, or regexp matches no line (backrefs never inserts)`;
  return `line already present in ${p.path}`;
}
