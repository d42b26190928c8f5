// lookup()/query() on the controller, as Ansible's lookup plugins: file, env, pipe, fileglob, password
// (a file on the controller, created once), template, first_found, items/list, vars, and those loops use
// (loop-lookups.ts). Paths are searched
// the way Ansible searches them: the role's files/ or templates/, then the playbook's, then as given.

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { randomInt } from 'node:crypto';
import { basename, dirname, isAbsolute, join } from 'node:path';
import { Callable, type Kwargs } from '../jinja/callable.js';
import { ExpressionError, isMapping, str } from '../jinja/values.js';
import { LOOP_LOOKUPS } from './loop-lookups.js';

export interface ControllerFiles {
  /** Candidate paths for a relative name, most specific first (role dir, playbook dir…). */
  candidates(kind: 'files' | 'templates' | 'vars', name: string): string[];
  /** Render a controller template file with the current variables (the template lookup). */
  renderTemplate(path: string): string;
  /** A variable by name (the vars lookup). */
  variable(name: string): unknown;
}

function find(files: ControllerFiles, kind: 'files' | 'templates' | 'vars', name: string): string | undefined {
  if (isAbsolute(name)) return existsSync(name) ? name : undefined;
  return files.candidates(kind, name).find((p) => existsSync(p));
}

function globToRegExp(glob: string): RegExp {
  return new RegExp(`^${glob.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]')}$`);
}

const PASSWORD_CHARS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.,:-_';

function password(spec: string): string {
  const [path, ...opts] = spec.split(/\s+/);
  const o = Object.fromEntries(opts.map((x) => x.split('=') as [string, string]));
  if (path !== '/dev/null' && existsSync(path!)) return readFileSync(path!, 'utf8').split(' salt=')[0]!.trimEnd();
  const length = Number(o.length ?? 20);
  const value = Array.from({ length }, () => PASSWORD_CHARS[randomInt(PASSWORD_CHARS.length)]).join('');
  if (path !== '/dev/null') {
    mkdirSync(dirname(path!), { recursive: true });
    writeFileSync(path!, `${value}\n`, { mode: 0o600 });
  }
  return value;
}

type Lookup = (terms: unknown[], kwargs: Kwargs, files: ControllerFiles) => unknown[];

const LOOKUPS: Record<string, Lookup> = {
  file: (terms, kw, files) =>
    terms.map((t) => {
      const p = find(files, 'files', str(t));
      if (!p) throw new ExpressionError(`lookup('file'): could not find ${JSON.stringify(str(t))}`);
      const text = readFileSync(p, 'utf8');
      return kw.rstrip === false ? text : text.trimEnd();
    }),
  env: (terms, kw) => terms.map((t) => process.env[str(t)] ?? (kw.default === undefined ? '' : kw.default)),
  pipe: (terms) => terms.map((t) => execFileSync('/bin/sh', ['-c', str(t)], { encoding: 'utf8', timeout: 60_000 }).trimEnd()),
  fileglob: (terms, _kw, files) =>
    terms.flatMap((t) => {
      const pattern = str(t);
      const dirs = isAbsolute(pattern) ? [dirname(pattern)] : files.candidates('files', dirname(pattern) === '.' ? '' : dirname(pattern));
      const dir = dirs.find((d) => existsSync(d));
      if (!dir) return [];
      const re = globToRegExp(basename(pattern));
      return readdirSync(dir).filter((n) => re.test(n)).sort().map((n) => join(dir, n));
    }),
  password: (terms) => terms.map((t) => password(str(t))),
  template: (terms, _kw, files) =>
    terms.map((t) => {
      const p = find(files, 'templates', str(t));
      if (!p) throw new ExpressionError(`lookup('template'): could not find ${JSON.stringify(str(t))}`);
      return files.renderTemplate(p);
    }),
  first_found: (terms, kw, files) => {
    const names: string[] = [];
    const paths: string[] = [];
    for (const t of terms.flat()) {
      if (isMapping(t)) {
        names.push(...[t.files ?? []].flat().map(str));
        paths.push(...[t.paths ?? []].flat().map(str));
      } else names.push(str(t));
    }
    // As Ansible: each name under each path; a relative one is searched where the task's files are, in the
    // folder of its kind (`vars/` for include_vars and `templates/` for template with with_first_found, else `files/`).
    const kind = kw._subdir === 'vars' || kw._subdir === 'templates' ? kw._subdir : 'files';
    const joined = names.flatMap((n) => (isAbsolute(n) || paths.length === 0 ? [n] : paths.map((d) => join(d, n))));
    const candidates = joined.flatMap((n) => (isAbsolute(n) ? [n] : files.candidates(kind, n)));
    const hit = candidates.find((c) => existsSync(c));
    if (hit) return [hit];
    if (kw.skip === true) return [];
    throw new ExpressionError(`No file was found when using first_found (searched: ${names.join(', ')})`);
  },
  items: (terms) => terms.flat(),
  list: (terms) => terms,
  vars: (terms, _kw, files) => terms.map((t) => files.variable(str(t))),
  ...LOOP_LOOKUPS,
};

/** Every lookup runbook has: what `with_<name>` may loop over. */
export const LOOKUP_NAMES: readonly string[] = Object.keys(LOOKUPS);

/** `lookup` joins the values with commas (wantlist=True gives the list); `query`/`q` always give the list. */
export function lookupGlobals(files: ControllerFiles): Record<string, Callable> {
  const run = (args: unknown[], kwargs: Kwargs) => {
    const [name, ...terms] = args;
    const fn = LOOKUPS[String(name).replace(/^ansible\.builtin\./, '')];
    if (!fn) throw new ExpressionError(`no lookup plugin named ${JSON.stringify(name)} (runbook has ${Object.keys(LOOKUPS).join(', ')})`);
    const { wantlist, ...rest } = kwargs;
    return { values: fn(terms, rest, files), wantlist };
  };
  const query = new Callable('query', (args, kwargs) => run(args, kwargs).values);
  return {
    lookup: new Callable('lookup', (args, kwargs) => {
      const { values, wantlist } = run(args, kwargs);
      // Ansible joins strings with commas; values that are not all strings come back as the list.
      return wantlist === true || !values.every((v) => typeof v === 'string') ? values : values.join(',');
    }),
    query,
    q: query,
  };
}
