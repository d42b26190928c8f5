// A play's `roles:` → role instances in run order: each role's meta dependencies first, and each role
// once per play unless its vars differ or its meta says allow_duplicates (as Ansible). Role entry tags,
// `when` and keywords pass down to the role's dependencies and tasks; keys of the entry that are not
// keywords are role parameters (`- role: web` + `port: 80`). `include_role`/`import_role` expand here too.

import { dirname } from 'node:path';
import type { Loc } from '../errors.js';
import { locOf } from '../load/yaml.js';
import { inheritedKeywords } from '../validate/schema/keywords.js';
import { closest } from '../validate/did-you-mean.js';
import { displayPath } from './context.js';
import type { Frame, PlayState } from './frame.js';
import { conditionsOf, inheritedOf, isMapping, mergeTags, tagsOf, varsOf, type Mapping } from './keywords.js';
import { findRole, loadRole, type Role } from './roles.js';
import type { Vars } from './types.js';

export interface RoleInstance {
  role: Role;
  /** The frame the role's tasks compile in: tags, conditions, keywords and the role's variable scope. */
  frame: Frame;
}

/** What an include_role/import_role takes from other files than main (vars_from, defaults_from), once the role is found. */
export interface RoleFiles {
  vars?: Vars;
  defaults?: Vars;
}

export type RoleFilesOf = (role: Role) => Promise<RoleFiles>;

interface Expansion {
  out: RoleInstance[];
  /** Role dir + vars of the instances already in the play. */
  seen: Set<string>;
  fromDir: string;
  state: PlayState;
}

/** Keys of a role entry that are keywords; any other key is a role parameter. */
const ENTRY_KEYWORDS = new Set(['role', 'name', 'vars', 'tags', 'when', ...Object.keys(inheritedKeywords)]);

export async function expandRoles(entries: unknown, playFrame: Frame, fromDir: string, state: PlayState): Promise<RoleInstance[]> {
  const x: Expansion = { out: [], seen: new Set(), fromDir, state };
  if (Array.isArray(entries)) for (let i = 0; i < entries.length; i++) await addEntry(entries, i, playFrame, [], x);
  return x.out;
}

/**
 * One role named by `include_role`/`import_role` (`raw` is the task: its tags, when, keywords and vars),
 * after its dependencies. The role itself always runs, as Ansible runs an included role each time.
 */
export async function expandIncludedRole(name: string, loc: Loc | undefined, raw: Mapping, outer: Frame, fromDir: string, state: PlayState, files: RoleFilesOf): Promise<RoleInstance[]> {
  const x: Expansion = { out: [], seen: new Set(), fromDir, state };
  const alsoIn = outer.scope.role ? [dirname(outer.scope.role.dir)] : [];
  await addRole(name, loc, raw, varsOf(raw.vars) ?? {}, outer, [], x, alsoIn, files);
  return x.out;
}

/** Adds the role at `list[index]` (after its dependencies); returns its defaults merged over its dependencies'. */
async function addEntry(list: unknown[], index: number, outer: Frame, chain: string[], x: Expansion, dependent?: Role): Promise<Vars> {
  const entry: unknown = list[index];
  const raw: Mapping = isMapping(entry) ? entry : {};
  // Ansible reads `name:` as the role when there is no `role:`.
  const key = raw.role !== undefined ? 'role' : 'name';
  const name = typeof entry === 'string' ? entry : raw[key];
  if (typeof name !== 'string') return {}; // the document schema reported it
  const loc = isMapping(entry) ? locOf(entry, key) : locOf(list, index);
  const params = Object.fromEntries(Object.entries(raw).filter(([k]) => !ENTRY_KEYWORDS.has(k)));
  for (const param of Object.keys(params)) {
    // Ansible takes any other key as a parameter, a misspelled keyword too: say so where it looks like one.
    const [near] = closest(param, ENTRY_KEYWORDS);
    if (near) x.state.ctx.warn({ loc: locOf(raw, param, 'key'), message: `${param} is a role parameter (a variable of the role), not a keyword`, hint: `did you mean "${near}"?` });
  }
  return addRole(name, loc, raw, { ...(varsOf(raw.vars) ?? {}), ...params }, outer, chain, x, dependent ? [dirname(dependent.dir)] : []);
}

async function addRole(name: string, loc: Loc | undefined, raw: Mapping, entryVars: Vars, outer: Frame, chain: string[], x: Expansion, alsoIn: string[], filesOf?: RoleFilesOf): Promise<Vars> {
  const { ctx } = x.state;
  const dir = findRole(name, x.fromDir, ctx, loc, alsoIn);
  if (!dir) return {};
  if (chain.includes(dir)) {
    ctx.report({ loc, message: `role dependency cycle: ${[...chain, dir].map(displayPath).join(' → ')}`, hint: 'a role must not depend on itself, directly or through other roles' });
    return {};
  }
  const role = await loadRole(name, dir, ctx);
  const files = filesOf ? await filesOf(role) : undefined;
  const own: Frame = {
    ...outer,
    tags: mergeTags(outer.tags, tagsOf(raw.tags)),
    when: [...outer.when, ...conditionsOf(raw, 'when', ctx)],
    inherited: inheritedOf(raw, outer.inherited),
  };
  let defaults: Vars = {};
  for (let j = 0; j < role.dependencies.length; j++) {
    defaults = { ...defaults, ...(await addEntry(role.dependencies, j, own, [...chain, dir], x, role)) };
  }
  defaults = { ...defaults, ...(files?.defaults ?? role.defaults) };
  const key = `${dir}\0${stableJson(entryVars)}`;
  if (!x.seen.has(key) || role.allowDuplicates || files) {
    x.seen.add(key);
    x.out.push({
      role,
      frame: {
        ...own,
        file: role.tasksFile,
        imports: [],
        scope: { role: { name: role.name, dir }, roleDefaults: defaults, roleVars: { ...(files?.vars ?? role.vars), ...entryVars }, blockVars: [] },
      },
    });
  }
  return defaults;
}

/** JSON with keys sorted, so `{a, b}` and `{b, a}` are the same role parameters. */
function stableJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (isMapping(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v));
}
