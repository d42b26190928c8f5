// One inventory source, read as Ansible would read it:
// - `a,b,` (no such file, a comma): a list of hosts;
// - a directory: every file in it (sorted, subdirectories too), skipping hidden files, group_vars/,
//   host_vars/ and Ansible's ignored extensions (.ini, .cfg, .md, .txt, .bak, ~ ...);
// - an executable file (not .yaml/.yml/.json/.ini): a script printing JSON (script.ts);
// - `.yaml`, `.yml`, `.json`: YAML; no extension: YAML when it reads as a YAML mapping (Ansible's yaml plugin
//   tries it first), INI otherwise (`hosts`); any other file (`hosts.ini`, `production`): INI.

import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { InvalidInputError, type Problem } from '../errors.js';
import { parseYaml, type LoadedYaml } from '../load/yaml.js';
import { isVaulted } from '../vault/format.js';
import { decryptVaultedFile } from '../vault/yaml-values.js';
import { validateDocument } from '../validate/index.js';
import { ANSIBLE_ALIASES } from './connection.js';
import { parseIniInventory } from './ini.js';
import { parseInventory, type ParsedInventory } from './parse.js';
import { parseScriptInventory } from './script.js';

const YAML_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);
const IGNORED_IN_DIRECTORY = /^\.|^host_vars$|^group_vars$|^vars_plugins$|(?:\.pyc|\.pyo|\.swp|\.bak|~|\.rpm|\.md|\.txt|\.rst|\.orig|\.ini|\.cfg|\.retry)$/;

export interface InventorySource {
  /** What each file of the source defines, in order. */
  parts: ParsedInventory[];
  /** Where the source's group_vars/ and host_vars/ are: the directory itself, or the file's directory. */
  varsDir: string | undefined;
}

/** Every part of one `-i` source (see the top of this file). */
export async function readInventorySource(source: string, dirnameOf: (file: string) => string): Promise<InventorySource> {
  const info = await stat(source).catch(() => undefined);
  if (!info && source.includes(',')) return { parts: [hostList(source)], varsDir: undefined };
  if (info?.isDirectory()) return { parts: await directoryParts(source), varsDir: source };
  if (info?.isFile() && (info.mode & 0o111) !== 0 && !YAML_EXTENSIONS.has(extname(source).toLowerCase()) && extname(source).toLowerCase() !== '.ini') {
    return { parts: [await parseScriptInventory(source)], varsDir: dirnameOf(source) };
  }
  return { parts: [(await readInventoryFile(source)).parsed], varsDir: dirnameOf(source) };
}

async function directoryParts(dir: string): Promise<ParsedInventory[]> {
  const parts: ParsedInventory[] = [];
  for (const name of (await readdir(dir)).sort()) {
    if (IGNORED_IN_DIRECTORY.test(name)) continue;
    const path = join(dir, name);
    const info = await stat(path);
    if (info.isDirectory()) parts.push(...(await directoryParts(path)));
    else if (info.isFile()) parts.push(...(await readInventorySource(path, () => dir)).parts);
  }
  return parts;
}

/** `-i web1,web2,` (Ansible's host_list): the hosts, ungrouped. */
function hostList(source: string): ParsedInventory {
  const hosts = source.split(',').map((h) => h.trim()).filter(Boolean);
  const doc = { all: { hosts: Object.fromEntries(hosts.map((h) => [h, null])) } };
  return parseInventory(doc);
}

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
  const raw = await readText(file);
  // A vaulted INI (or extension-less) inventory, as Ansible reads one; a .yaml one is decrypted by parseYaml.
  const text = isVaulted(raw) && !YAML_EXTENSIONS.has(extname(file).toLowerCase()) ? decryptVaultedFile(raw, file) : raw;
  const ext = extname(file).toLowerCase();
  const doc = YAML_EXTENSIONS.has(ext) ? parseYaml(text, file) : ext === '' ? asYamlMapping(text, file) : undefined;
  if (!doc) {
    const parsed = parseIniInventory(text, file);
    return { parsed, problems: parsed.problems, format: 'ini' };
  }
  const parsed = parseInventory(doc.value);
  parsed.problems.unshift(...validateDocument('inventory', doc).map(withPortingHint));
  return { parsed, problems: parsed.problems, format: 'yaml' };
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
