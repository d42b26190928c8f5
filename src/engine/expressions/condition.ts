// Conditions (`when`, `changed_when`, `failed_when`, `until`): Ansible's Jinja2 expressions, parsed and
// evaluated by the one expression engine (jinja/) that renders templates, in the same sandbox. The result
// must be a boolean: `when: "{{ maybe }}"` silently true for the string "false" is the kind of surprise
// runbook exists to avoid.

import { TemplateError, type Loc } from '../errors.js';
import type { Node } from './jinja/ast.js';
import { checkNames } from './jinja/check.js';
import { evaluate } from './jinja/evaluate.js';
import { makeEnvironment } from './jinja/environment.js';
import { ExpressionSyntaxError } from './jinja/lexer.js';
import { parseExpression } from './jinja/parse-expression.js';
import { Frame } from './jinja/render.js';
import { defined } from './jinja/values.js';
import { typeName as describe } from './template-helpers.js';
import { checkTemplateSyntax, renderString } from './template.js';

export { ExpressionSyntaxError };

/** What a condition may call: there are no macros outside templates. */
const FUNCTIONS = ['range', 'lookup', 'query', 'q', 'dict', 'namespace'];

const cache = new Map<string, Node | ExpressionSyntaxError>();

function compiled(expr: string): Node {
  let entry = cache.get(expr);
  if (entry === undefined) {
    try {
      entry = parseExpression(expr);
      checkNames(entry, FUNCTIONS);
    } catch (e) {
      if (!(e instanceof ExpressionSyntaxError)) throw e;
      entry = e;
    }
    cache.set(expr, entry);
  }
  if (entry instanceof ExpressionSyntaxError) throw entry;
  return entry;
}

const env = makeEnvironment();
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
  try {
    return defined(evaluate(compiled(source), new Frame(env, vars)));
  } catch (e) {
    if (e instanceof TemplateError) throw e; // a lazily rendered variable failed; it says where
    if (e instanceof ExpressionSyntaxError) throw new TemplateError(syntaxMessage(source, e), where, CONDITION_HINT, { cause: e });
    const message = e instanceof Error ? e.message : String(e);
    const hint = /is undefined/.test(message) ? "test for it first: x is defined and x == 'a', or give a fallback: x | default('a')" : undefined;
    throw new TemplateError(`${message} in condition "${source}"`, where, hint, { cause: e });
  }
}

/** Evaluate a condition; anything but a boolean result is a TemplateError saying what it was. */
export function evaluateCondition(expr: string | boolean, vars: Record<string, unknown>, where?: Loc): boolean {
  if (typeof expr === 'boolean') return expr;
  const value = evaluateExpression(expr, vars, where);
  if (typeof value === 'boolean') return value;
  throw new TemplateError(
    `condition "${expr}" gave ${describe(value)}, not true or false`,
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
