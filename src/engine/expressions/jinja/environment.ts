// The one environment every expression and template runs in: Ansible's filters and tests (any of their
// collection prefixes accepted: `ansible.builtin.to_json`), the globals (range, dict, namespace, lookup,
// query, omit), and a loader for include/extends. Nothing else is reachable from a template.

import { COMBINATORIC_FILTERS } from '../filters/combinatorics.js';
import { CORE_FILTERS } from '../filters/core.js';
import { DATA_FILTERS } from '../filters/data.js';
import { FORMAT_FILTERS } from '../filters/formats.js';
import { LIST_FILTERS } from '../filters/lists.js';
import { lookupGlobals, type ControllerFiles } from '../filters/lookups.js';
import { STRING_FILTERS } from '../filters/strings.js';
import { TESTS } from '../filters/tests.js';
import { closest } from '../template-paths.js';
import { Callable } from './callable.js';
import type { FilterFn, TestFn } from './evaluate.js';
import type { TemplateEnvironment } from './render.js';
import { ExpressionError, isMapping, iterate, Namespace } from './values.js';

/** The value of `omit`: a module argument equal to it is left out, as if it had not been written. */
export const OMIT = '__omit_place_holder__runbook';

export const FILTERS: Record<string, FilterFn> = {
  ...CORE_FILTERS,
  d: CORE_FILTERS.default!,
  ...STRING_FILTERS,
  ...LIST_FILTERS,
  ...COMBINATORIC_FILTERS,
  ...DATA_FILTERS,
  ...FORMAT_FILTERS,
};

const PREFIXES = /^(?:ansible\.(?:builtin|legacy|netcommon|utils)|community\.general)\./;
const bare = (name: string) => name.replace(PREFIXES, '');

export const hasFilter = (name: string) => Object.hasOwn(FILTERS, bare(name));
export const hasTest = (name: string) => Object.hasOwn(TESTS, bare(name));

/** "no filter named 'jion' (did you mean 'join'?)" */
export function unknownName(kind: 'filter' | 'test', name: string): string {
  const near = closest(bare(name), Object.keys(kind === 'filter' ? FILTERS : TESTS));
  return `no ${kind} named '${name}'${near ? ` (did you mean '${near}'?)` : ''}`;
}

function range(args: unknown[]): number[] {
  const [a, b, c] = args.map(Number);
  const [start, stop, step] = args.length === 1 ? [0, a!, 1] : [a!, b!, c ?? 1];
  if (step === 0) throw new ExpressionError('range() arg 3 must not be zero');
  const out: number[] = [];
  for (let i = start; step > 0 ? i < stop : i > stop; i += step) {
    out.push(i);
    if (out.length > 1_000_000) throw new ExpressionError('range() is limited to a million items');
  }
  return out;
}

const BASE_GLOBALS: Record<string, unknown> = {
  omit: OMIT,
  range: new Callable('range', (args) => range(args)),
  dict: new Callable('dict', (args, kwargs) => {
    const pairs = args.length ? (isMapping(args[0]) ? Object.entries(args[0]) : iterate(args[0]).map((p) => iterate(p))) : [];
    return { ...Object.fromEntries(pairs as [string, unknown][]), ...kwargs };
  }),
  namespace: new Callable('namespace', (_args, kwargs) => new Namespace({ ...kwargs })),
};

export interface EnvironmentOptions {
  files?: ControllerFiles;
  load?: TemplateEnvironment['load'];
}

export function makeEnvironment(o: EnvironmentOptions = {}): TemplateEnvironment {
  const globals: Record<string, unknown> = { ...BASE_GLOBALS, ...(o.files ? lookupGlobals(o.files) : {}) };
  return {
    filter: (name) => (hasFilter(name) ? FILTERS[bare(name)] : undefined),
    test: (name): TestFn | undefined => (hasTest(name) ? TESTS[bare(name)] : undefined),
    unknown: unknownName,
    global: (name) => (Object.hasOwn(globals, name) ? globals[name] : undefined),
    load: o.load ?? (() => undefined),
  };
}
