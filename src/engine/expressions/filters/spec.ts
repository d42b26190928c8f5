// How a filter or test is declared: a plain function of the value and its arguments, with Jinja's keyword
// arguments mapped onto positions by name, so `default('x', true)` and `default('x', boolean=true)` agree.

import type { Kwargs } from '../jinja/callable.js';
import type { FilterFn, Scope, TestFn } from '../jinja/evaluate.js';
import { ExpressionError } from '../jinja/values.js';

type Fn = (value: never, ...args: never[]) => unknown;

/** A filter from a function whose parameters after the value are named `params` (for keyword arguments). */
export function filter(params: readonly string[], fn: Fn, opts: { acceptsUndefined?: boolean; scope?: boolean; variadic?: boolean } = {}): FilterFn {
  const f: FilterFn = (value: unknown, args: unknown[], kwargs: Kwargs, scope: Scope) => {
    const all = [...args];
    for (const [k, v] of Object.entries(kwargs)) {
      const i = params.indexOf(k);
      if (i < 0) throw new ExpressionError(`unexpected keyword argument '${k}'`);
      all[i] = v;
    }
    if (!opts.variadic && all.length > params.length) throw new ExpressionError(`takes at most ${params.length} argument${params.length === 1 ? '' : 's'}, got ${all.length}`);
    const call = fn as unknown as (...a: unknown[]) => unknown;
    return opts.scope ? call(value, scope, ...all) : call(value, ...all);
  };
  if (opts.acceptsUndefined) f.acceptsUndefined = true;
  return f;
}

export function test(fn: (value: never, ...args: never[]) => boolean, opts: { acceptsUndefined?: boolean } = {}): TestFn {
  const t: TestFn = (value, args) => (fn as unknown as (...a: unknown[]) => boolean)(value, ...args);
  if (opts.acceptsUndefined) t.acceptsUndefined = true;
  return t;
}

export type FilterTable = Record<string, FilterFn>;
export type TestTable = Record<string, TestFn>;
