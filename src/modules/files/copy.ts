// copy: put a controller file, or inline content, on the host, as Ansible's copy. The file is compared by
// sha256 computed on the host, so an unchanged file is never transferred.

import { stat } from 'node:fs/promises';
import { posix } from 'node:path';
import { ModuleFailure } from '../../engine/errors.js';
import { attrSchema } from './attrs.js';
import { validateSchema, validateWords } from './validate.js';
import { followSchema, planContent, readControllerFile, resolveDest } from './content.js';
import { controllerTree, planTree } from './copy-tree.js';
import { controllerDir, planRemoteCopy, treeRoot } from './copy-remote.js';
import { expandPaths } from './paths.js';
import { defineModule } from '../../engine/module-api/module.js';

export const copy = defineModule({
  name: 'copy',
  summary: 'Copy a file from the controller (or inline content) to the host; written only when it differs.',
  controllerFiles: [{ param: 'src', kind: 'files' }],
  params: {
    type: 'object',
    additionalProperties: false,
    required: ['dest'],
    properties: {
      src: {
        type: 'string',
        description: "File on the controller to copy: looked up in the role's files/ directory, then relative to the playbook. One of src or content is required.",
      },
      content: { type: 'string', description: 'Text to write as the whole file, instead of src.' },
      dest: {
        type: 'string',
        description: 'Path on the host. If it is an existing directory, or ends with /, the file is copied into it under the name of src (a missing directory ending with / is created). ~ and $VARS are expanded on the host, as in Ansible.',
      },
      ...attrSchema,
      ...validateSchema,
      ...followSchema,
      mode: { ...attrSchema.mode, description: `${attrSchema.mode.description} 'preserve': the mode of src on the controller.` },
      backup: { type: 'boolean', default: false, description: 'Keep a copy of the replaced file, named dest.RANDOM.YYYY-MM-DD@HH:MM:SS~ (Ansible puts its PID where RANDOM is; its path is returned as backup_file).' },
      force: { type: 'boolean', default: true, description: 'Replace an existing file whose content differs. false: only create dest when it does not exist.' },
      remote_src: { type: 'boolean', default: false, description: 'src is a path on the host, not on the controller (a file, or a directory copied recursively). Compared by sha256 on the host: an unchanged file is never transferred.' },
      directory_mode: {
        type: ['string', 'integer'],
        description: 'Directory copies: the mode of the directories created (octal or symbolic). Existing directories are left as they are, as in Ansible.',
      },
    },
  },
  async plan(ctx, params) {
    // With remote_src, src is a path on the host: expanded there too.
    const p = await expandPaths(ctx, params, params.remote_src ? ['dest', 'src'] : ['dest']);
    if ((p.src === undefined) === (p.content === undefined)) {
      throw new ModuleFailure('copy needs exactly one of src or content', {}, { hint: 'src: a file in the role files/ directory; content: inline text' });
    }
    const validate = validateWords(p.validate);
    if (p.remote_src) return planRemoteCopy(ctx, { ...p, src: p.src!, validateWords: validate });
    const dir = p.src === undefined ? undefined : await controllerDir(ctx, p.src);
    if (dir) return planTree(ctx, await controllerTree(dir), treeRoot(p.src!, p.dest), { ...p, validateWords: validate });
    const src = p.src === undefined ? undefined : await readControllerFile(ctx, 'files', p.src);
    const bytes = src?.bytes ?? Buffer.from(p.content ?? '');
    let mode = p.mode;
    if (mode === 'preserve') {
      if (!src) throw new ModuleFailure('mode: preserve needs src (inline content has no mode to keep)');
      mode = (await stat(src.path)).mode & 0o7777;
    }
    const { path, makeParents } = await resolveDest(ctx, p.dest, p.src === undefined ? undefined : posix.basename(p.src));
    const plan = await planContent(ctx, bytes, { ...p, mode, dest: path, validateWords: validate }, makeParents);
    return { ...plan, data: { ...plan.data, ...(p.src !== undefined ? { src: p.src } : {}) } };
  },
});
