// A play's `roles:` → role instances in run order: each role's meta dependencies first, and each role
// once per play unless its vars differ or its meta says allow_duplicates (as Ansible). Role entry tags,
// `when` and keywords pass down to the role's dependencies and tasks.

import { dirname } from 'node:path';
import { locOf } from '../load/yaml.js';
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

interface Expansion {
  out: RoleInstance[];
  /** Role dir + vars of the instances already in the play. */
  seen: Set<string>;
  fromDir: string;
  state: PlayState;
}

export async function expandRoles(entries: unknown, playFrame: Frame, fromDir: string, state: PlayState): Promise<RoleInstance[]> {
  const x: Expansion = { out: [], seen: new Set(), fromDir, state };
  if (Array.isArray(entries)) for (let i = 0; i < entries.length; i++) await addRole(entries, i, playFrame, [], x);
  return x.out;
}

/** Adds the role at `list[index]` (after its dependencies); returns its defaults merged over its dependencies'. */
async function addRole(list: unknown[], index: number, outer: Frame, chain: string[], x: Expansion, dependent?: Role): Promise<Vars> {
  const entry: unknown = list[index];
  const raw: Mapping = isMapping(entry) ? entry : {};
  const name = typeof entry === 'string' ? entry : raw.role;
  if (typeof name !== 'string') return {}; // the document schema reported it
  const loc = isMapping(entry) ? locOf(entry, 'role') : locOf(list, index);
  const { ctx } = x.state;
  const dir = findRole(name, x.fromDir, ctx, loc, dependent ? [dirname(dependent.dir)] : []);
  if (!dir) return {};
  if (chain.includes(dir)) {
    ctx.report({ loc, message: `role dependency cycle: ${[...chain, dir].map(displayPath).join(' → ')}`, hint: 'a role must not depend on itself, directly or through other roles' });
    return {};
  }
  const role = await loadRole(name, dir, ctx);
  const own: Frame = {
    ...outer,
    tags: mergeTags(outer.tags, tagsOf(raw.tags)),
    when: [...outer.when, ...conditionsOf(raw, 'when', ctx)],
    inherited: inheritedOf(raw, outer.inherited),
  };
  let defaults: Vars = {};
  for (let j = 0; j < role.dependencies.length; j++) {
    defaults = { ...defaults, ...(await addRole(role.dependencies, j, own, [...chain, dir], x, role)) };
  }
  defaults = { ...defaults, ...role.defaults };
  const entryVars = varsOf(raw.vars) ?? {};
  const key = `${dir}\0${stableJson(entryVars)}`;
  if (!x.seen.has(key) || role.allowDuplicates) {
    x.seen.add(key);
    x.out.push({
      role,
      frame: {
        ...own,
        file: role.tasksFile,
        imports: [],
        scope: { role: { name: role.name, dir }, roleDefaults: defaults, roleVars: { ...role.vars, ...entryVars }, blockVars: [] },
      },
    });
  }
  return defaults;
}

/** JSON with keys sorted, so `{a, b}` and `{b, a}` are the same role parameters. */
function stableJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (isMapping(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v));
}
