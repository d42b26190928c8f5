// `requirements.yaml` in ansible-galaxy's format: a mapping with `roles:` (and `collections:`), or a bare
// list of roles. Each role is `{name, src, scm, version}`; only git sources are installed (`scm: git`, a
// `git+` URL, a `file://` URL or a local path). Every problem is reported at its place, all at once.

import { dirname, isAbsolute, resolve } from 'node:path';
import { InvalidInputError, type Loc, type Problem } from '../errors.js';
import { loadYaml, locOf } from '../load/yaml.js';

export interface RoleRequirement {
  /** The directory name under `.runbook/roles/` and the name playbooks use. */
  name: string;
  /** What `git clone` is handed: `git+` removed, a local path made absolute. */
  src: string;
  /** Branch, tag or commit; undefined = the remote's default branch (HEAD). */
  version?: string;
  loc: Loc;
}

const ROLE_KEYS = ['name', 'src', 'scm', 'version'];

/** Read and check a requirements file; throws InvalidInputError with every problem located. */
export async function loadRequirements(file: string): Promise<RoleRequirement[]> {
  const { value } = await loadYaml(file);
  const problems: Problem[] = [];
  const top = { file, line: 1, col: 1 };
  let roles: unknown = value;
  if (isMapping(value)) {
    for (const key of Object.keys(value)) {
      if (key !== 'roles' && key !== 'collections') {
        problems.push({ loc: locOf(value, key, 'key', top), message: `unknown key ${JSON.stringify(key)} in a requirements file`, hint: 'the keys are roles: and collections:' });
      }
    }
    roles = value.roles ?? [];
    if (value.collections !== undefined && value.collections !== null && !(Array.isArray(value.collections) && value.collections.length === 0)) {
      problems.push({ loc: locOf(value, 'collections', 'key', top), message: 'collections are not installed by runbook yet', hint: 'put the roles you need under roles: with a git src' });
    }
  } else if (value === null || value === undefined) {
    roles = [];
  }
  if (!Array.isArray(roles)) {
    problems.push({ loc: isMapping(value) ? locOf(value, 'roles', 'value', top) : top, message: 'roles must be a list', hint: 'roles:\n    - name: myrole\n      src: https://git.example.com/myrole.git\n      version: v1.0' });
    throw new InvalidInputError(problems);
  }
  const found: RoleRequirement[] = [];
  const seen = new Map<string, Loc>();
  roles.forEach((entry, i) => {
    const req = roleOf(entry, locOf(roles, i, 'value', top)!, dirname(file), problems);
    if (!req) return;
    const before = seen.get(req.name);
    if (before) problems.push({ loc: req.loc, message: `role ${JSON.stringify(req.name)} is required twice`, hint: `it is also at line ${before.line}; give one of them another name:` });
    seen.set(req.name, req.loc);
    found.push(req);
  });
  if (problems.length > 0) throw new InvalidInputError(problems);
  return found;
}

function roleOf(entry: unknown, loc: Loc, baseDir: string, problems: Problem[]): RoleRequirement | undefined {
  if (typeof entry === 'string') entry = { src: entry };
  if (!isMapping(entry)) {
    problems.push({ loc, message: 'a role requirement must be a mapping', hint: 'name:, src:, scm: git, version:' });
    return undefined;
  }
  const before = problems.length;
  const at = (key: string, which: 'key' | 'value' = 'value') => locOf(entry, key, which, loc)!;
  for (const key of Object.keys(entry)) {
    if (!ROLE_KEYS.includes(key)) problems.push({ loc: at(key, 'key'), message: `unknown key ${JSON.stringify(key)} in a role requirement`, hint: `the keys are ${ROLE_KEYS.join(', ')}` });
  }
  const text = (key: string): string | undefined => {
    const v = entry[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'string' && v.trim() !== '') return v.trim();
    // A version written as a number (`version: 1.0`) is text that YAML took for a number.
    if (typeof v === 'number' && key === 'version') {
      problems.push({ loc: at(key), message: `version ${v} is a number, not a tag name`, hint: `quote it: version: "${v}"` });
      return undefined;
    }
    problems.push({ loc: at(key), message: `${key} must be a non-empty string` });
    return undefined;
  };
  const scm = text('scm');
  if (scm !== undefined && scm !== 'git') problems.push({ loc: at('scm'), message: `scm ${JSON.stringify(scm)} is not supported`, hint: 'runbook installs roles from git: scm: git' });
  const rawSrc = text('src');
  if (rawSrc === undefined && entry.src === undefined) problems.push({ loc, message: 'a role requirement needs a src', hint: 'src: a git URL (https://, ssh://, git@host:path, git+…, file://) or a path to a repository' });
  const version = text('version');
  const src = rawSrc === undefined ? undefined : gitSource(rawSrc, baseDir, scm === 'git');
  if (rawSrc !== undefined && src === undefined) {
    problems.push({ loc: at('src'), message: `src ${JSON.stringify(rawSrc)} is not a git repository source`, hint: 'Galaxy names are not installed; use a git URL with scm: git, a git+ URL, file:// or a path' });
  }
  const name = text('name') ?? (src === undefined ? undefined : nameFromSrc(src));
  if (name !== undefined && !/^[A-Za-z0-9_][A-Za-z0-9_.-]*$/.test(name)) {
    problems.push({ loc: entry.name === undefined ? at('src') : at('name'), message: `role name ${JSON.stringify(name)} cannot be a directory name`, hint: 'letters, digits, _ . - (no slash)' });
  }
  if (problems.length > before || src === undefined || name === undefined) return undefined;
  return { name, src, version, loc };
}

/** What git clones; undefined for a source that is not a git one (a Galaxy name). */
function gitSource(src: string, baseDir: string, scmGit: boolean): string | undefined {
  if (src.startsWith('git+')) return src.slice(4);
  if (/^(https?|ssh|git|file):\/\//.test(src) || /^[\w.-]+@[\w.-]+:/.test(src)) {
    return /^https?:/.test(src) && !scmGit && !src.endsWith('.git') ? undefined : src;
  }
  if (src.startsWith('.') || src.startsWith('/') || scmGit) {
    return isAbsolute(src) ? src : resolve(baseDir, src);
  }
  return undefined;
}

/** ansible-galaxy's default name: the repository's last path part without `.git`. */
function nameFromSrc(src: string): string {
  const last = src.replace(/\/+$/, '').split(/[/:]/).pop() ?? src;
  return last.replace(/\.git$/, '');
}

function isMapping(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
