// Conditions (`when`, `changed_when`, `failed_when`, `until`): Jinja-style expressions translated by
// condition-parse.ts and evaluated by expr-eval — a sandboxed evaluator with assignment and function
// definition turned off, so a condition can read variables and call a fixed set of functions, nothing else.
// The result must be a boolean: `when: "{{ maybe }}"` silently true for the string "false" is the kind of
// surprise runbook exists to avoid.

import { isDeepStrictEqual } from 'node:util';
import { Parser, type Expression } from 'expr-eval-fork';
import { TemplateError, type Loc } from '../errors.js';
import { ExpressionSyntaxError, translateExpression } from './condition-parse.js';
import { HELPERS, typeName } from './template-helpers.js';
import { checkTemplateSyntax, renderString } from './template.js';
import { describeMissing, hasKey, resolvePath } from './template-paths.js';

/** The variables of the evaluation in progress (evaluation is synchronous; saved and restored around it). */
let current: Record<string, unknown> = {};

const isMapping = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function registeredResult(test: string, value: unknown): Record<string, unknown> {
  if (isMapping(value)) return value;
  throw new Error(`'is ${test}' needs a registered task result, got ${typeName(value)}`);
}

const TEST_FNS: Record<string, (v: unknown) => boolean> = {
  changed: (v) => registeredResult('changed', v).changed === true,
  failed: (v) => registeredResult('failed', v).failed === true,
  skipped: (v) => registeredResult('skipped', v).skipped === true,
  succeeded: (v) => registeredResult('succeeded', v).failed !== true,
  success: (v) => registeredResult('success', v).failed !== true,
  successful: (v) => registeredResult('successful', v).failed !== true,
  string: (v) => typeof v === 'string',
  number: (v) => typeof v === 'number',
  boolean: (v) => typeof v === 'boolean',
  mapping: isMapping,
  sequence: Array.isArray,
};

/** The functions and filters users may call (`length(x)`, `x | lower`), shared with the template helpers. */
const USER_FUNCTIONS = ['length', 'lower', 'upper', 'trim', 'bool', 'int', 'join', 'split', 'replace', 'basename', 'dirname', 'first', 'last'] as const;

function userFunction(name: string): (...args: unknown[]) => unknown {
  if (name === 'first' || name === 'last') {
    return (l) => {
      if (!Array.isArray(l) || l.length === 0) throw new Error(`${name} needs a non-empty list, got ${typeName(l)}`);
      return name === 'first' ? l[0] : l.at(-1);
    };
  }
  return HELPERS[name]!.fn;
}

function contains(needle: unknown, haystack: unknown): boolean {
  if (typeof haystack === 'string') return typeof needle === 'string' && haystack.includes(needle);
  if (Array.isArray(haystack)) return haystack.some((x) => isDeepStrictEqual(x, needle));
  if (isMapping(haystack)) return hasKey(haystack, String(needle));
  throw new Error(`'in' needs a list, mapping or string on its right, got ${typeName(haystack)}`);
}

function plus(a: unknown, b: unknown): unknown {
  if (typeof a === 'number' && typeof b === 'number') return a + b;
  if (typeof a === 'string' && typeof b === 'string') return a + b;
  if (Array.isArray(a) && Array.isArray(b)) return [...a, ...b];
  throw new Error(`cannot add ${typeName(a)} and ${typeName(b)} (use ~ to join as text)`);
}

const parser = new Parser({ allowMemberAccess: false, operators: { assignment: false, fndef: false, in: true, length: false } });
const internals = parser as unknown as { binaryOps: Record<string, (a: unknown, b: unknown) => unknown>; functions: Record<string, unknown>; consts: Record<string, unknown> };
Object.assign(internals.binaryOps, {
  '==': (a: unknown, b: unknown) => isDeepStrictEqual(a, b),
  '!=': (a: unknown, b: unknown) => !isDeepStrictEqual(a, b),
  in: contains,
  '+': plus,
});
internals.consts = { true: true, false: false };
internals.functions = {
  __v: (...parts: string[]) => {
    const r = resolvePath(current, parts);
    if (!r.found) throw new Error(describeMissing(current, parts, r.missingAt));
    return r.value;
  },
  __index: (base: unknown, key: unknown) => {
    if (hasKey(base, String(key))) return (base as Record<string, unknown>)[String(key)];
    throw new Error(`no key ${JSON.stringify(key)} in ${typeName(base)}`);
  },
  __null: () => null,
  __defined: (...parts: string[]) => resolvePath(current, parts).found,
  __default: (value: unknown, fallback: unknown) => (value === undefined ? fallback : value),
  __test: (name: string, value: unknown) => TEST_FNS[name]!(value),
  __concat: (a: unknown, b: unknown) => `${a ?? ''}${b ?? ''}`,
  ...Object.fromEntries(USER_FUNCTIONS.map((name) => [name, userFunction(name)])),
};
const FUNCTION_NAMES: ReadonlySet<string> = new Set(Object.keys(internals.functions));
const TEST_NAMES: ReadonlySet<string> = new Set(Object.keys(TEST_FNS));

const cache = new Map<string, Expression | ExpressionSyntaxError>();

function compiled(expr: string): Expression {
  let entry = cache.get(expr);
  if (entry === undefined) {
    try {
      entry = parser.parse(translateExpression(expr, FUNCTION_NAMES, TEST_NAMES));
    } catch (e) {
      if (!(e instanceof ExpressionSyntaxError)) throw e; // our translation must always be valid expr-eval
      entry = e;
    }
    cache.set(expr, entry);
  }
  if (entry instanceof ExpressionSyntaxError) throw entry;
  return entry;
}

const CONDITION_HINT = "conditions are expressions: x == 'a', x is defined, r is changed, 'a' in list, not x, x | length > 0";

function syntaxMessage(expr: string, e: ExpressionSyntaxError): string {
  return `invalid condition "${expr}": ${e.message} (column ${e.offset + 1})`;
}

/** Evaluate an expression to its value. Throws TemplateError for syntax errors and undefined variables. */
export function evaluateExpression(expr: string, vars: Record<string, unknown>, where?: Loc): unknown {
  let source = expr;
  if (source.includes('{{')) {
    // Ansible renders a templated condition first, then evaluates the result as an expression.
    const rendered = renderString(source, vars, where);
    if (typeof rendered !== 'string') return rendered;
    source = rendered;
  }
  const saved = current;
  current = vars;
  try {
    return compiled(source).evaluate({});
  } catch (e) {
    if (e instanceof TemplateError) throw e; // a lazily rendered variable failed; it says where
    if (e instanceof ExpressionSyntaxError) throw new TemplateError(syntaxMessage(source, e), where, CONDITION_HINT, { cause: e });
    const message = e instanceof Error ? e.message : String(e);
    const hint = /is undefined/.test(message) ? "test for it first: x is defined and x == 'a', or give a fallback: x | default('a')" : undefined;
    throw new TemplateError(`${message} in condition "${source}"`, where, hint, { cause: e });
  } finally {
    current = saved;
  }
}

/** Evaluate a condition; anything but a boolean result is a TemplateError saying what it was. */
export function evaluateCondition(expr: string | boolean, vars: Record<string, unknown>, where?: Loc): boolean {
  if (typeof expr === 'boolean') return expr;
  const value = evaluateExpression(expr, vars, where);
  if (typeof value === 'boolean') return value;
  throw new TemplateError(
    `condition "${expr}" gave ${typeName(value)}, not true or false`,
    where,
    "compare explicitly (x == 'yes', x | length > 0) or convert with x | bool",
  );
}

/** Syntax check for compile time: the error message, or undefined when the expression is well formed. */
export function checkExpressionSyntax(expr: string): string | undefined {
  if (expr.includes('{{')) return checkTemplateSyntax(expr); // its final form is only known at run time
  try {
    compiled(expr);
    return undefined;
  } catch (e) {
    if (e instanceof ExpressionSyntaxError) return syntaxMessage(expr, e);
    throw e;
  }
}

/** A warning for compile to show: `{{ }}` in a condition works (as in Ansible) but is rendered twice. */
export function conditionWarning(expr: string | boolean): string | undefined {
  if (typeof expr !== 'string' || !expr.includes('{{')) return undefined;
  return `conditions should not contain {{ }}: write the expression itself (x == 'a', not "{{ x }} == 'a'")`;
}
