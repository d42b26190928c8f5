// Which module a task runs and where its arguments are written, in each form Ansible content uses: the
// module as a key (bare or qualified, `ansible.builtin.copy:`), `action: copy src=a dest=b`,
// `action: {module: copy, src: a}`, and `local_action:` (the same, run on the controller).

import type { Loc } from '../errors.js';
import { locOf } from '../load/yaml.js';
import { resolveModule, unknownQualified } from '../module-api/collections.js';
import type { AnyModule } from '../module-api/module.js';
import { lookupModule } from '../module-api/registry.js';
import type { CompileContext } from './context.js';
import { isMapping, type Mapping } from './keywords.js';

export interface WrittenModule {
  mod: AnyModule;
  /** The arguments as written: a mapping, a string (free form or `k=v`) or nothing. */
  value: unknown;
  /** Where that value was written. */
  at: Loc;
  /** A key of the mapping that is not an argument (`module` in `action: {module: copy, ...}`). */
  notAnArgument?: string;
  /** The document schema has checked the arguments (a mapping under the module's own key). */
  schemaChecked: boolean;
  /** Written as `local_action:`: the task runs on the controller. */
  local: boolean;
}

/** The module, or undefined: when the task names none or several the schema has said so; an unknown name in action: is reported here. */
export function writtenModule(raw: Mapping, loc: Loc, ctx: CompileContext): WrittenModule | undefined {
  const keyed = Object.keys(raw)
    .map((key) => ({ key, mod: resolveModule(ctx.modules, key) }))
    .filter((k): k is { key: string; mod: AnyModule } => k.mod !== undefined);
  const actions = (['action', 'local_action'] as const).filter((k) => raw[k] !== undefined);
  if (keyed.length + actions.length !== 1) return undefined;
  if (keyed.length === 1) {
    const { key, mod } = keyed[0]!;
    return { mod, value: raw[key], at: locOf(raw, key, 'value', loc)!, schemaChecked: isMapping(raw[key]), local: false };
  }
  return actionModule(raw, actions[0]!, loc, ctx);
}

function actionModule(raw: Mapping, key: 'action' | 'local_action', loc: Loc, ctx: CompileContext): WrittenModule | undefined {
  const written = raw[key];
  const at = locOf(raw, key, 'value', loc)!;
  let name: unknown;
  let value: unknown;
  if (isMapping(written)) {
    name = written.module;
    value = written;
  } else if (typeof written === 'string') {
    // The module is the first word; the rest is its arguments, exactly as written (free form keeps spacing).
    const m = /^\s*(\S+)\s*([\s\S]*)$/.exec(written);
    name = m?.[1];
    value = m && m[2] !== '' ? m[2] : null;
  }
  if (typeof name !== 'string') return undefined; // the document schema reported it
  const mod = resolveModule(ctx.modules, name);
  if (!mod) {
    const qualified = unknownQualified(name, (n) => lookupModule(ctx.modules, n) !== undefined);
    ctx.report({ loc: at, ...(qualified ?? { message: `${key}: unknown module ${JSON.stringify(name)}`, hint: '`runbook modules` lists the modules runbook has' }), missingModule: true });
    return undefined;
  }
  return { mod, value, at, notAnArgument: isMapping(written) ? 'module' : undefined, schemaChecked: false, local: key === 'local_action' };
}
