// Finding and loading roles. A role `name` is looked up in `<playbook dir>/roles/`, then
// `<playbook dir>/../roles/` (playbooks/ and roles/ side by side), then each directory of
// the roles `runbook roles install` put in `.runbook/roles/` (beside the playbook, one folder up, or in the
// current directory), then each directory of RUNBOOK_ROLES_PATH (colon-separated); a name with a slash is
// a path relative to the playbook.
// Each of tasks/ handlers/ defaults/ vars/ meta/ holds `main.yaml` (or `main.yml`); all are optional.

import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Loc } from '../errors.js';
import type { LoadedYaml } from '../load/yaml.js';
import { validateDefinition, validateDocument } from '../validate/index.js';
import { closest } from '../validate/did-you-mean.js';
import { installedRoleDirs } from '../requirements/project-dirs.js';
import { displayPath, type CompileContext } from './context.js';
import { isMapping } from './keywords.js';
import type { Vars } from './types.js';

export interface Role {
  name: string;
  /** Absolute path of the role directory. */
  dir: string;
  defaults: Vars;
  vars: Vars;
  tasks?: LoadedYaml;
  handlers?: LoadedYaml;
  /** Absolute paths of tasks/main.yaml and handlers/main.yaml (imports inside are relative to them). */
  tasksFile: string;
  handlersFile: string;
  /** `meta/main.yaml` `dependencies:` as written (located). */
  dependencies: unknown[];
  allowDuplicates: boolean;
}

/** Directories a role name is looked for in, in order. */
export function roleSearchPath(playbookDir: string, env: NodeJS.ProcessEnv = process.env): string[] {
  const extra = (env.RUNBOOK_ROLES_PATH ?? '').split(':').filter((d) => d !== '');
  return [join(playbookDir, 'roles'), resolve(playbookDir, '..', 'roles'), ...installedRoleDirs(playbookDir), ...extra.map((d) => resolve(d))];
}

const isDir = (path: string) => existsSync(path) && statSync(path).isDirectory();

/**
 * The role's directory, or undefined with a problem at `loc` naming the paths searched. `alsoIn` adds
 * directories searched last (a dependency is also looked for beside the role that needs it).
 */
export function findRole(name: string, fromDir: string, ctx: CompileContext, loc: Loc | undefined, alsoIn: string[] = []): string | undefined {
  const dirs = [...roleSearchPath(fromDir), ...alsoIn.filter((d) => !roleSearchPath(fromDir).includes(d))];
  const candidates = name.includes('/') ? [resolve(fromDir, name)] : dirs.map((d) => join(d, name));
  const found = candidates.find(isDir);
  if (found) return found;
  const known = dirs.flatMap((d) => (isDir(d) ? readdirSync(d).filter((e) => isDir(join(d, e))) : []));
  const [near] = closest(name, known);
  ctx.report({
    loc,
    message: `role not found: ${JSON.stringify(name)}`,
    hint: `${near ? `did you mean "${near}"? ` : ''}looked in: ${candidates.map(displayPath).join(', ')} (add directories with RUNBOOK_ROLES_PATH)`,
  });
  return undefined;
}

/** `<dir>/<sub>/main.yaml` or `main.yml`, whichever exists. */
function mainFile(dir: string, sub: string): string | undefined {
  return ['main.yaml', 'main.yml'].map((f) => join(dir, sub, f)).find(existsSync);
}

const cache = new WeakMap<CompileContext, Map<string, Promise<Role>>>();

/** Load a role's files once per compilation; their problems are reported to `ctx`. */
export function loadRole(name: string, dir: string, ctx: CompileContext): Promise<Role> {
  let roles = cache.get(ctx);
  if (!roles) cache.set(ctx, (roles = new Map()));
  let role = roles.get(dir);
  if (!role) roles.set(dir, (role = readRole(name, dir, ctx)));
  return role;
}

async function readRole(name: string, dir: string, ctx: CompileContext): Promise<Role> {
  const load = async (sub: string, check: (d: LoadedYaml) => ReturnType<typeof validateDocument>, checkName: string) => {
    const file = mainFile(dir, sub);
    return file ? ctx.load(file, check, { what: `role ${sub} file` }, checkName) : undefined;
  };
  const handlersCheck = (d: LoadedYaml) => validateDefinition('tasks', 'handlers', d.value, d.locate, ctx.modules);
  const [tasks, handlers, defaults, vars, meta] = await Promise.all([
    load('tasks', (d) => validateDocument('tasks', d, ctx.modules), 'tasks'),
    load('handlers', handlersCheck, 'handlers'),
    load('defaults', (d) => validateDocument('vars', d), 'vars'),
    load('vars', (d) => validateDocument('vars', d), 'vars'),
    load('meta', (d) => validateDocument('role-meta', d), 'role-meta'),
  ]);
  const metaValue = isMapping(meta?.value) ? meta.value : {};
  return {
    name,
    dir,
    defaults: isMapping(defaults?.value) ? defaults.value : {},
    vars: isMapping(vars?.value) ? vars.value : {},
    tasks,
    handlers,
    tasksFile: mainFile(dir, 'tasks') ?? join(dir, 'tasks', 'main.yaml'),
    handlersFile: mainFile(dir, 'handlers') ?? join(dir, 'handlers', 'main.yaml'),
    dependencies: Array.isArray(metaValue.dependencies) ? metaValue.dependencies : [],
    allowDuplicates: metaValue.allow_duplicates === true,
  };
}
