// `group_vars/` and `host_vars/` beside the inventory file, as Ansible reads them: `<name>.yaml`, `.yml` or
// `.json`, or a directory `<name>/` whose YAML files are read in name order. Unlike Ansible, a file whose
// name matches no group or host is an error (with did-you-mean), not silently ignored: a misspelt
// `group_vars/webserver.yaml` would otherwise just not apply.

import { readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { InvalidInputError, type Problem } from '../errors.js';
import { loadYaml } from '../load/yaml.js';
import { validateDocument } from '../validate/index.js';
import { closest } from '../validate/did-you-mean.js';
import type { Mapping } from './parse.js';

const EXTENSIONS = ['.yaml', '.yml', '.json'];

export interface VarsFiles {
  /** Per group or host name, the mappings of its files in load order. */
  byName: Map<string, Mapping[]>;
  problems: Problem[];
}

async function entries(dir: string): Promise<{ name: string; path: string; isDir: boolean }[]> {
  try {
    const list = await readdir(dir, { withFileTypes: true });
    return list
      .map((e) => ({ name: e.name, path: join(dir, e.name), isDir: e.isDirectory() }))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'ENOTDIR') return [];
    throw e;
  }
}

const extensionOf = (name: string) => EXTENSIONS.find((ext) => name.endsWith(ext));

/** Every YAML file of a `<name>/` directory, nested ones included, in path order. */
async function yamlFilesIn(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await entries(dir)) {
    if (e.isDir) out.push(...(await yamlFilesIn(e.path)));
    else if (extensionOf(e.name)) out.push(e.path);
  }
  return out;
}

async function loadVarsFile(path: string, problems: Problem[]): Promise<Mapping | undefined> {
  try {
    const doc = await loadYaml(path);
    const found = validateDocument('vars', doc);
    if (found.length > 0) {
      problems.push(...found);
      return undefined;
    }
    return (doc.value ?? {}) as Mapping;
  } catch (e) {
    if (!(e instanceof InvalidInputError)) throw e;
    problems.push(...e.problems.map((p) => ({ ...p, loc: p.loc ?? { file: path, line: 1, col: 1 } })));
    return undefined;
  }
}

/**
 * Load `<baseDir>/<kind>/` (kind: group_vars or host_vars) for the given names; a file for any other name
 * is a problem, unless `strict` is false: beside a playbook, the files may serve several inventories (as
 * Ansible's inventories/prod and inventories/staging), so one for a group this inventory lacks is skipped.
 */
export async function loadVarsFiles(baseDir: string, kind: 'group_vars' | 'host_vars', known: ReadonlySet<string>, strict = true): Promise<VarsFiles> {
  const byName = new Map<string, Mapping[]>();
  const problems: Problem[] = [];
  const what = kind === 'group_vars' ? 'group' : 'host';
  for (const e of await entries(join(baseDir, kind))) {
    const ext = extensionOf(e.name);
    if (!e.isDir && !ext) continue; // README, editor backups...
    const name = e.isDir ? e.name : e.name.slice(0, -ext!.length);
    if (!known.has(name)) {
      if (!strict) continue;
      const [near] = closest(name, known);
      problems.push({
        loc: { file: e.path, line: 1, col: 1 },
        message: `${relative(baseDir, e.path)} matches no ${what} in the inventory${near ? ` (did you mean "${near}"?)` : ''}`,
        hint: `name the ${e.isDir ? 'directory' : 'file'} after a ${what} of the inventory, or remove it`,
      });
      continue;
    }
    const files = e.isDir ? await yamlFilesIn(e.path) : [e.path];
    for (const file of files) {
      const vars = await loadVarsFile(file, problems);
      if (vars) byName.set(name, [...(byName.get(name) ?? []), vars]);
    }
  }
  return { byName, problems };
}
