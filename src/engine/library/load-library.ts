// A project's own modules: every `*.ts`, `*.js`, `*.mjs` file of `library/` beside the playbook (Ansible's
// folder name), each exporting a module made with `defineModule` from `runbook/module-api`. They join the
// registry the CLI hands to the engine, under their file's name; a name a built-in module already has is
// refused (a playbook must not mean something else in a project than the docs say). Every broken file is
// a located problem, all reported at once; nothing runs then.

import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { InvalidInputError, type Problem } from '../errors.js';
import type { AnyModule } from '../module-api/module.js';
import { lookupModule, withUserModules, type ModuleRegistry } from '../module-api/registry.js';
import { checkModule, moduleNameOf } from './check-module.js';
import { importModuleFile } from './import-module-file.js';

export const LIBRARY_DIR = 'library';
const EXTENSIONS = ['.ts', '.js', '.mjs'];

/** The module files of `<dir>/library`, sorted; none when there is no such folder. */
export function libraryFiles(dir: string): string[] {
  const lib = resolve(dir, LIBRARY_DIR);
  if (!existsSync(lib) || !statSync(lib).isDirectory()) return [];
  return readdirSync(lib)
    .filter((f) => EXTENSIONS.some((e) => f.endsWith(e)) && !f.endsWith('.d.ts') && !f.startsWith('.'))
    .sort()
    .map((f) => join(lib, f));
}

const loadedRegistries = new Map<string, Promise<ModuleRegistry>>();

/**
 * The built-in registry with the modules of `<playbookDir>/library` (the built-in one itself when there
 * are none). Loaded once per folder and process; throws InvalidInputError with every problem found.
 */
export function projectModules(builtins: ModuleRegistry, playbookDir: string): Promise<ModuleRegistry> {
  const key = resolve(playbookDir);
  let pending = loadedRegistries.get(key);
  if (!pending) {
    pending = load(builtins, key);
    loadedRegistries.set(key, pending);
  }
  return pending;
}

async function load(builtins: ModuleRegistry, playbookDir: string): Promise<ModuleRegistry> {
  const files = libraryFiles(playbookDir);
  if (files.length === 0) return builtins;
  const problems: Problem[] = [];
  const found: AnyModule[] = [];
  const byName = new Map<string, string>();
  for (const file of files) {
    const name = moduleNameOf(file);
    const other = byName.get(name);
    if (other) {
      problems.push({ loc: { file, line: 1, col: 1 }, message: `two files define the module ${JSON.stringify(name)}`, hint: `keep one of ${other} and ${file}` });
      continue;
    }
    byName.set(name, file);
    if (lookupModule(builtins, name)) {
      problems.push({ loc: { file, line: 1, col: 1 }, message: `${JSON.stringify(name)} is the name of a built-in module`, hint: `rename the file (and the module's name): runbook modules ${name} describes the built-in one` });
      continue;
    }
    const loaded = await importModuleFile(file, playbookDir);
    if (!loaded.ok) {
      problems.push(loaded.problem);
      continue;
    }
    const checked = checkModule(loaded.exports, file);
    problems.push(...checked.problems);
    if (checked.module) found.push(checked.module);
  }
  if (problems.length > 0) throw new InvalidInputError(problems);
  return withUserModules(builtins, found);
}
