// Variable precedence and Ansible's lazy evaluation. `mergeVars` stacks the layers (a later layer replaces a
// key wholesale: mappings are not deep-merged, as with Ansible's default hash_behaviour=replace) and returns
// a plain object in which every value holding `{{ }}` is a getter: rendered on first access against the same
// merged view, then kept. So `vm_ip: "{{ subnet }}.1"` works whichever layer defines `subnet`, and a value
// nobody reads is never rendered (a broken one only fails when used).
//
// Built per host per task, so it must be cheap: the layers are copied with one Object.assign, and only keys
// known to hold templates (found once per layer object, remembered) get a getter.

import { TemplateError, type Loc } from './errors.js';
import { locOf } from './load/yaml.js';
import { hasTemplate, renderDeep } from './template.js';

export interface VarLayers {
  roleDefaults?: Record<string, unknown>[]; // low → high
  inventory?: Record<string, unknown>; // host's merged inventory vars (all, groups parent→child, host)
  facts?: Record<string, unknown>;
  play?: Record<string, unknown>; // play vars + vars_files
  roleVars?: Record<string, unknown>;
  blockVars?: Record<string, unknown>[]; // outer → inner
  taskVars?: Record<string, unknown>;
  host?: Record<string, unknown>; // registered results + set_fact
  extra?: Record<string, unknown>; // -e
  magic?: Record<string, unknown>; // inventory_hostname, groups, hostvars, ... (highest, read-only)
}

type Layer = { vars: Record<string, unknown>; render: boolean };

/**
 * Layers in precedence order, low to high. Facts, registered results/set_fact and magic variables are data
 * that came from hosts or were already rendered (Ansible marks them unsafe): a `{{` in a command's output
 * must never be evaluated, so those layers are not rendered.
 */
function ordered(l: VarLayers): Layer[] {
  const out: Layer[] = [];
  const add = (vars: Record<string, unknown> | undefined, render: boolean) => vars && out.push({ vars, render });
  for (const d of l.roleDefaults ?? []) add(d, true);
  add(l.inventory, true);
  add(l.facts, false);
  add(l.play, true);
  add(l.roleVars, true);
  for (const b of l.blockVars ?? []) add(b, true);
  add(l.taskVars, true);
  add(l.host, false);
  add(l.extra, true);
  add(l.magic, false);
  return out;
}

const templatedKeysOf = new WeakMap<object, string[]>();

/** Keys of a layer whose values hold `{{`: computed once per layer object (loaded vars are never mutated). */
function templatedKeys(vars: Record<string, unknown>): string[] {
  let keys = templatedKeysOf.get(vars);
  if (!keys) {
    keys = Object.keys(vars).filter((k) => hasTemplate(vars[k]));
    templatedKeysOf.set(vars, keys);
  }
  return keys;
}

/** Variables being rendered right now, innermost last: a name met twice is a cycle. */
type Rendering = string[];

/** Merge the layers by precedence; values with `{{ }}` are rendered lazily, once, on access. */
export function mergeVars(layers: VarLayers): Record<string, unknown> {
  const stack = ordered(layers);
  const view: Record<string, unknown> = Object.assign({}, ...stack.map((l) => l.vars));
  const rendering: Rendering = [];
  for (const layer of stack) {
    if (!layer.render) continue;
    for (const key of templatedKeys(layer.vars)) {
      // Only when this layer's value is the one that won (a higher layer may have replaced it).
      if (winner(stack, key) === layer) defineLazy(view, key, layer.vars, rendering);
    }
  }
  return view;
}

function winner(stack: Layer[], key: string): Layer | undefined {
  for (let i = stack.length - 1; i >= 0; i--) if (Object.prototype.hasOwnProperty.call(stack[i]!.vars, key)) return stack[i];
  return undefined;
}

function defineLazy(view: Record<string, unknown>, key: string, source: Record<string, unknown>, rendering: Rendering): void {
  const raw = source[key];
  const settle = (value: unknown) => Object.defineProperty(view, key, { value, writable: true, enumerable: true, configurable: true });
  Object.defineProperty(view, key, {
    enumerable: true,
    configurable: true,
    get() {
      const loc = locOf(source, key);
      const seen = rendering.indexOf(key);
      if (seen >= 0) {
        const chain = [...rendering.slice(seen), key].join(' → ');
        const cycle = new TemplateError(`variable '${key}' refers to itself: ${chain}`, loc, 'break the cycle: one of these variables must be defined without referring back to the others');
        explained.add(cycle);
        throw cycle;
      }
      rendering.push(key);
      try {
        const value = renderDeep(raw, view, loc);
        settle(value);
        return value;
      } catch (e) {
        throw inVariable(e, rendering, loc);
      } finally {
        rendering.pop();
      }
    },
    // Assigning to the view (a caller adding a loop variable) simply replaces the lazy value.
    set: settle,
  });
}

const explained = new WeakSet<object>();

/** Say which variable was being rendered (and for which others), once, at the innermost failure. */
function inVariable(e: unknown, rendering: Rendering, loc: Loc | undefined): unknown {
  if (!(e instanceof TemplateError) || explained.has(e)) return e;
  const chain = rendering.length > 1 ? ` (needed by ${rendering.slice(0, -1).reverse().map((k) => `'${k}'`).join(' ← ')})` : '';
  const err = new TemplateError(`${e.message}, in variable '${rendering.at(-1)}'${chain}`, e.loc ?? loc, e.hint, { cause: e });
  explained.add(err);
  return err;
}
