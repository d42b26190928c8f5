// One inventory file, in the format Ansible would read it as: `.yaml`, `.yml` and `.json` are YAML; a file
// without an extension is YAML when it reads as a YAML mapping (Ansible's yaml plugin tries it first) and
// INI otherwise (`hosts`, `inventory`); any other file (`hosts.ini`, `production`) is INI.

import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { InvalidInputError, type Problem } from '../errors.js';
import { parseYaml, type LoadedYaml } from '../load/yaml.js';
import { validateDocument } from '../validate/index.js';
import { ANSIBLE_ALIASES } from './connection.js';
import { parseIniInventory } from './ini.js';
import { parseInventory, type ParsedInventory } from './parse.js';

const YAML_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);

export type InventoryFormat = 'yaml' | 'ini';

async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const message = err.code === 'ENOENT' ? `file not found: ${file}` : `cannot read ${file}: ${err.message}`;
    throw new InvalidInputError([{ message, hint: err.code === 'ENOENT' ? 'check the path (relative paths are relative to the current directory)' : undefined }]);
  }
}

/** The YAML document when the text is a YAML mapping; undefined when it is not (or not YAML at all). */
function asYamlMapping(text: string, file: string): LoadedYaml | undefined {
  try {
    const doc = parseYaml(text, file);
    const v = doc.value;
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? doc : undefined;
  } catch (e) {
    if (e instanceof InvalidInputError) return undefined;
    throw e;
  }
}

/** The file's groups and hosts, and what is wrong with them (located). YAML syntax errors are thrown. */
export async function readInventoryFile(file: string): Promise<{ parsed: ParsedInventory; problems: Problem[]; format: InventoryFormat }> {
  const text = await readText(file);
  const ext = extname(file).toLowerCase();
  const doc = YAML_EXTENSIONS.has(ext) ? parseYaml(text, file) : ext === '' ? asYamlMapping(text, file) : undefined;
  if (!doc) {
    const parsed = parseIniInventory(text, file);
    return { parsed, problems: parsed.problems, format: 'ini' };
  }
  const problems: Problem[] = validateDocument('inventory', doc).map(withPortingHint);
  const parsed = parseInventory(doc.value);
  problems.push(...parsed.problems);
  return { parsed, problems, format: 'yaml' };
}

/**
 * Ansible writes host variables directly on the host (`web1: {ansible_host: …, http_port: 80}`); runbook
 * takes connection settings there and variables under `vars:`. Say so where the schema found nothing closer.
 */
function withPortingHint(p: Problem): Problem {
  const key = /^unknown key "([^"]+)" in (?:host|group)$/.exec(p.message)?.[1];
  if (!key || p.hint) return p;
  const setting = ANSIBLE_ALIASES[key];
  const hint = setting
    ? `write the connection setting \`${setting}:\` here, or put ${key} under vars:`
    : `variables go under vars: (${key} is not a connection setting)`;
  return { ...p, hint };
}
