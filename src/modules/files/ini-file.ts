// ini_file (community.general): one option of one section of an INI file, present with its value(s) or
// absent, or a whole section removed — community.general.ini_file's edit (ini-file-plan.ts), same
// arguments, same bytes, same `changed` and `msg`; written like lineinfile (atomic, diff, attributes).

import { ModuleFailure } from '../../engine/errors.js';
import { defineModule } from '../../engine/module-api/module.js';
import { attrSchema } from './attrs.js';
import { editIni } from './ini-file-plan.js';
import { expandPaths } from './paths.js';
import { editedPathSchema, readTextFile, textChanges, withAttrMsg } from './text-file.js';

export const iniFile = defineModule({
  name: 'ini_file',
  summary: 'Set or remove one option of an INI file section (or remove a section), as community.general.ini_file.',
  aliases: { dest: 'path' },
  params: {
    type: 'object',
    additionalProperties: false,
    required: ['path'],
    properties: {
      ...editedPathSchema,
      section: { type: ['string', 'null'], description: 'The section ([name]); empty or null: the options before the first section.' },
      option: { type: 'string', description: 'The option (key); without it, state=absent removes the whole section and state=present adds the section only.' },
      value: { type: ['string', 'number', 'boolean'], description: 'The value of option.' },
      values: { type: 'array', items: { type: ['string', 'number', 'boolean'] }, description: 'Several values for option (one line each).' },
      state: { enum: ['present', 'absent'], default: 'present', description: 'Whether the option (or section) should be there.' },
      exclusive: { type: 'boolean', default: true, description: 'present: remove other lines of option; absent: remove every line of option whatever its value.' },
      no_extra_spaces: { type: 'boolean', default: false, description: 'Write option=value instead of option = value.' },
      ignore_spaces: { type: 'boolean', default: false, description: 'Do not rewrite a line whose value is right but spaced differently.' },
      allow_no_value: { type: 'boolean', default: false, description: 'Allow an option without a value (a line with the option only).' },
      modify_inactive_option: { type: 'boolean', default: true, description: 'Replace a commented-out (# or ;) line of option instead of adding one.' },
      create: { type: 'boolean', default: true, description: 'Create the file when missing (false: a missing file fails).' },
      backup: { type: 'boolean', default: false, description: 'Keep a timestamped copy of the file before changing it.' },
      ...attrSchema,
    },
  },
  async plan(ctx, params) {
    const p = await expandPaths(ctx, params, ['path']);
    const given = p.value !== undefined ? [p.value] : (p.values ?? []);
    if (p.state === 'present' && !p.allow_no_value && given.length === 0 && p.option !== undefined) {
      throw new ModuleFailure("Parameter 'value(s)' must be defined if state=present and allow_no_value=False.");
    }
    const file = await readTextFile(ctx, p.path, p.mode);
    if (file.text === null && !p.create) throw new ModuleFailure(`Destination ${p.path} does not exist!`, { rc: 257 }, { hint: 'set create: true to create it' });
    const edit = editIni(file.text, { ...p, section: p.section ?? null, values: given.map(pyStr) });
    const after = edit.changed ? edit.text : null;
    const changes = textChanges(ctx, file, after, `${p.path}: ${edit.msg}`, { ...p, backupKey: 'backup_file' });
    return { changes, data: { msg: withAttrMsg(edit.msg, changes, edit.changed), path: p.path }, reason: changes.length ? undefined : `${p.path}: ${p.option ?? p.section ?? ''} already as asked` };
  },
});

/** The value as Python's str() writes it (the module's argument spec makes every value a string). */
function pyStr(v: string | number | boolean): string {
  return typeof v === 'boolean' ? (v ? 'True' : 'False') : String(v);
}
