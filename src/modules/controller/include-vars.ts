// include_vars: read variables from YAML/JSON files on the controller into the host's variables, as
// Ansible's include_vars: a file (free form or `file:`), or every file of a `dir` (sorted, to `depth`,
// matching `files_matching`, minus `ignore_files`), optionally all under one `name`. A relative path is
// looked for the way Ansible does: the role's vars/ and the role, then the playbook's vars/ and the playbook.
// The values are variables with set_fact's precedence for the rest of the run (Ansible ranks them just below).

import { existsSync, readdirSync, statSync } from 'node:fs';
import { extname, isAbsolute, join } from 'node:path';
import { ModuleFailure } from '../../engine/errors.js';
import { loadYaml } from '../../engine/load/yaml.js';
import { defineModule } from '../../engine/module-api/module.js';

export const includeVars = defineModule({
  name: 'include_vars',
  summary: 'Load variables from YAML or JSON files on the controller (a file, or a directory of them) for the rest of the run.',
  controllerOnly: true,
  freeForm: 'file',
  params: {
    type: 'object',
    additionalProperties: false,
    properties: {
      file: { type: 'string', description: "The file to load; relative: looked for in the role's vars/, the role, the playbook's vars/, the playbook." },
      dir: { type: 'string', description: 'Load every file of this directory (sorted by name), looked for like file.' },
      name: { type: 'string', description: 'Put the variables under this one variable (a mapping) instead of at the top level.' },
      depth: { type: 'integer', minimum: 0, default: 0, description: 'With dir: how deep to descend (0: all the way).' },
      files_matching: { type: 'string', description: 'With dir: only files whose name matches this regular expression.' },
      ignore_files: { type: 'array', items: { type: 'string' }, default: [], description: 'With dir: file names (regular expressions) to leave out.' },
      extensions: { type: 'array', items: { type: 'string' }, default: ['json', 'yaml', 'yml'], description: 'With dir: the file extensions to load.' },
      ignore_unknown_extensions: { type: 'boolean', default: false, description: 'With dir: skip files of other extensions instead of failing.' },
      hash_behaviour: { enum: ['replace', 'merge'], description: 'Accepted for compatibility; runbook replaces, as Ansible does by default.' },
    },
  },
  async plan(ctx, p) {
    if ((p.file === undefined) === (p.dir === undefined)) throw new ModuleFailure('include_vars needs exactly one of file (or the free form) and dir');
    const roots = searchRoots(ctx.vars);
    const files = p.file !== undefined ? [find(p.file, roots, 'file')] : dirFiles(find(p.dir!, roots, 'dir'), p);
    const loaded: Record<string, unknown> = {};
    for (const file of files) Object.assign(loaded, await readVars(file));
    const facts = p.name !== undefined ? { [p.name]: loaded } : loaded;
    return { changes: [], facts, data: { ansible_facts: facts, ansible_included_var_files: files } };
  },
});

function searchRoots(vars: Record<string, unknown>): string[] {
  const role = typeof vars.role_path === 'string' ? vars.role_path : undefined;
  const playbook = typeof vars.playbook_dir === 'string' ? vars.playbook_dir : process.cwd();
  return [...(role ? [join(role, 'vars'), role] : []), join(playbook, 'vars'), playbook];
}

function find(path: string, roots: string[], what: 'file' | 'dir'): string {
  const candidates = isAbsolute(path) ? [path] : roots.map((r) => join(r, path));
  const found = candidates.find((c) => existsSync(c) && statSync(c).isDirectory() === (what === 'dir'));
  if (!found) throw new ModuleFailure(`include_vars: could not find ${what} ${JSON.stringify(path)} (searched ${candidates.join(', ')})`);
  return found;
}

/** The files of `dir` to load, in Ansible's order: sorted by name, each directory's files before deeper ones. */
function dirFiles(dir: string, p: { depth: number; files_matching?: string; ignore_files: string[]; extensions: string[]; ignore_unknown_extensions: boolean }): string[] {
  const matching = p.files_matching !== undefined ? new RegExp(p.files_matching) : undefined;
  const ignored = p.ignore_files.map((x) => new RegExp(x));
  const out: string[] = [];
  const walk = (d: string, level: number) => {
    const entries = readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries.filter((x) => x.isFile())) {
      if (matching && !matching.test(e.name)) continue;
      if (ignored.some((re) => re.test(e.name))) continue;
      if (!p.extensions.includes(extname(e.name).slice(1))) {
        if (p.ignore_unknown_extensions) continue;
        throw new ModuleFailure(`include_vars: ${join(d, e.name)} does not have a valid extension: ${p.extensions.join(', ')}`);
      }
      out.push(join(d, e.name));
    }
    if (p.depth !== 0 && level >= p.depth) return;
    for (const e of entries.filter((x) => x.isDirectory())) walk(join(d, e.name), level + 1);
  };
  walk(dir, 1);
  return out;
}

async function readVars(file: string): Promise<Record<string, unknown>> {
  const doc = await loadYaml(file);
  if (doc.value === null || doc.value === undefined) return {};
  if (typeof doc.value !== 'object' || Array.isArray(doc.value)) throw new ModuleFailure(`include_vars: ${file} must hold a mapping of variables`);
  return doc.value as Record<string, unknown>;
}
