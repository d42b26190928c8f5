// file_template: render a handlebars template from the role's templates/ on the controller and put the
// result on the host, written (atomically) only when it differs — Ansible's template, with handlebars.

import { posix } from 'node:path';
import { ModuleFailure } from '../../engine/errors.js';
import { attrSchema } from './attrs.js';
import { validateSchema, validateWords } from './validate.js';
import { followSchema, planContent, readControllerFile, resolveDest } from './content.js';
import { decodeText } from './diff-text.js';
import { expandPaths } from './paths.js';
import { defineModule } from '../../engine/module-api/module.js';

const params = {
  type: 'object',
  additionalProperties: false,
  required: ['src', 'dest'],
  properties: {
    src: {
      type: 'string',
      description: "Template file on the controller: looked up in the role's templates/ directory, then relative to the playbook. Rendered with handlebars (strict: an undefined variable is an error).",
    },
    dest: {
      type: 'string',
      description: 'Path on the host to write the rendered text to. If it is an existing directory, or ends with /, the file goes into it under the name of src. ~ and $VARS are expanded on the host, as in Ansible.',
    },
    ...attrSchema,
    ...validateSchema,
    ...followSchema,
    backup: { type: 'boolean', default: false, description: 'Keep a copy of the replaced file, named dest.RANDOM.YYYY-MM-DD@HH:MM:SS~ (Ansible puts its PID where RANDOM is; its path is returned as backup_file).' },
    force: { type: 'boolean', default: true, description: 'Replace an existing file whose content differs. false: only create dest when it does not exist.' },
  },
} as const;

export const fileTemplate = defineModule({
  name: 'file_template',
  summary: 'Render a handlebars template on the controller and write it to the host when the result differs.',
  controllerFiles: [{ param: 'src', kind: 'templates' }],
  params,
  async plan(ctx, params) {
    const p = await expandPaths(ctx, params, ['dest']);
    const { bytes } = await readControllerFile(ctx, 'templates', p.src);
    const text = decodeText(bytes);
    if (text === undefined) throw new ModuleFailure(`template ${p.src} is not UTF-8 text`, {}, { hint: 'use copy for binary files' });
    const rendered = Buffer.from(ctx.render(text, p.src));
    const { path, makeParents } = await resolveDest(ctx, p.dest, posix.basename(p.src));
    const plan = await planContent(ctx, rendered, { ...p, dest: path, validateWords: validateWords(p.validate) }, makeParents);
    return { ...plan, data: { ...plan.data, src: p.src } };
  },
});

/** `template`, for playbooks ported from Ansible: the same module under Ansible's name. */
export const template = defineModule({ ...fileTemplate, name: 'template', summary: 'Alias of file_template, for playbooks ported from Ansible.', params });
