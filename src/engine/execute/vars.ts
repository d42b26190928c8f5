// Variable precedence and Ansible's lazy evaluation. `mergeVars` stacks the layers (a later layer replaces a
// key wholesale: mappings are not deep-merged, as with Ansible's default hash_behaviour=replace) and returns
// a plain object (a Proxy over one when some value holds `{{ }}`) in which every value holding a template is
// rendered on first read against the same merged view, then kept. So `vm_ip: "{{ subnet }}.1"` works
// whichever layer defines `subnet`, and a value nobody reads is never rendered (a broken one only fails
// when used).
//
// Built per host per task, so it must be cheap: the layers are copied with one Object.assign, and the keys
// holding templates are found once per layer object and remembered.

import { TemplateError, type Loc } from '../errors.js';
import { locOf } from '../load/yaml.js';
import { hasTemplate, renderDeep } from '../expressions/template.js';

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

/** Merge the layers by precedence; values with `{{ }}` are rendered lazily, once, on access. */
export function mergeVars(layers: VarLayers): Record<string, unknown> {
  const stack = ordered(layers);
  const merged: Record<string, unknown> = Object.assign({}, ...stack.map((l) => l.vars));
  let lazy: Map<string, Record<string, unknown>> | undefined;
  for (const layer of stack) {
    if (!layer.render) continue;
    for (const key of templatedKeys(layer.vars)) {
      // Only when this layer's value is the one that won (a higher layer may have replaced it).
      if (winner(stack, key) === layer) (lazy ??= new Map()).set(key, layer.vars);
    }
  }
  return lazy ? new Proxy(merged, new LazyValues(lazy)) : merged;
}

function winner(stack: Layer[], key: string): Layer | undefined {
  for (let i = stack.length - 1; i >= 0; i--) if (Object.prototype.hasOwnProperty.call(stack[i]!.vars, key)) return stack[i];
  return undefined;
}

/**
 * The view's Proxy handler: a read of a key whose value holds a template renders it (against the view
 * itself) and stores the result in place of the template. A Proxy rather than getters: defining accessors
 * on a 100-key object costs V8 more than the whole merge, and most values are never read.
 * Existence checks (`in`, own-property lookups by handlebars) see the target as it is and render nothing.
 */
class LazyValues implements ProxyHandler<Record<string, unknown>> {
  /** Variables being rendered right now, innermost last: a name met twice is a cycle. */
  private readonly rendering: string[] = [];

  constructor(
    /** Keys still holding a template, and the layer each came from (for its location). */
    private readonly pending: Map<string, Record<string, unknown>>,
  ) {}

  get(target: Record<string, unknown>, key: string | symbol, view: unknown): unknown {
    if (typeof key !== 'string' || !this.pending.has(key)) return target[key as string];
    return this.render(target, key, view as Record<string, unknown>);
  }

  // Assigning (a caller adding a loop variable) or deleting simply replaces the lazy value.
  set(target: Record<string, unknown>, key: string | symbol, value: unknown): boolean {
    if (typeof key === 'string') this.pending.delete(key);
    target[key as string] = value;
    return true;
  }

  deleteProperty(target: Record<string, unknown>, key: string | symbol): boolean {
    if (typeof key === 'string') this.pending.delete(key);
    return delete target[key as string];
  }

  private render(target: Record<string, unknown>, key: string, view: Record<string, unknown>): unknown {
    const source = this.pending.get(key)!;
    const loc = locOf(source, key);
    const seen = this.rendering.indexOf(key);
    if (seen >= 0) {
      const chain = [...this.rendering.slice(seen), key].join(' → ');
      const cycle = new TemplateError(`variable '${key}' refers to itself: ${chain}`, loc, 'break the cycle: one of these variables must be defined without referring back to the others');
      explained.add(cycle);
      throw cycle;
    }
    this.rendering.push(key);
    try {
      const value = renderDeep(source[key], view, loc);
      target[key] = value;
      this.pending.delete(key);
      return value;
    } catch (e) {
      throw inVariable(e, this.rendering, loc);
    } finally {
      this.rendering.pop();
    }
  }
}

const explained = new WeakSet<object>();

/** Say which variable was being rendered (and for which others), once, at the innermost failure. */
function inVariable(e: unknown, rendering: string[], loc: Loc | undefined): unknown {
  if (!(e instanceof TemplateError) || explained.has(e)) return e;
  const chain = rendering.length > 1 ? ` (needed by ${rendering.slice(0, -1).reverse().map((k) => `'${k}'`).join(' ← ')})` : '';
  const err = new TemplateError(`${e.message}, in variable '${rendering.at(-1)}'${chain}`, e.loc ?? loc, e.hint, { cause: e });
  explained.add(err);
  return err;
}
