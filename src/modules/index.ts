// The module registry: an explicit literal, no directory scanning. Add a module here and regenerate the
// schemas (`npm run schemas`).

import type { AnyModule } from './types.js';
import { assert } from './assert.js';
import { blockinfile } from './blockinfile.js';
import { command } from './command.js';
import { copy } from './copy.js';
import { debug } from './debug.js';
import { fail } from './fail.js';
import { file } from './file.js';
import { fileTemplate, template } from './file-template.js';
import { jsonFile } from './json-file.js';
import { lineinfile } from './lineinfile.js';
import { setFact } from './set-fact.js';
import { shell } from './shell.js';
import { stat } from './stat.js';
import { waitFor } from './wait-for.js';

export const modules = {
  assert,
  blockinfile,
  command,
  copy,
  debug,
  fail,
  file,
  file_template: fileTemplate,
  json_file: jsonFile,
  lineinfile,
  set_fact: setFact,
  shell,
  stat,
  template,
  wait_for: waitFor,
} satisfies Record<string, AnyModule>;

export type ModuleName = keyof typeof modules;

export function findModule(name: string): AnyModule | undefined {
  return Object.hasOwn(modules, name) ? (modules as Record<string, AnyModule>)[name] : undefined;
}
