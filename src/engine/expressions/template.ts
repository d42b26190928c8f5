// `{{ }}` templating, as the executor and modules use it. Handlebars with `noEscape` and strict variables;
// a string that is exactly one `{{ … }}` keeps the native value (so `loop: "{{ servers }}"` is a list and
// `port: "{{ http_port }}"` a number), anything else is interpolated into a string. Compiled templates are
// cached by source: a playbook has a few hundred distinct strings, rendered thousands of times.

import { TemplateError, type Loc } from '../errors.js';
import { compileTemplate, TemplateProblem, type CompiledTemplate } from './template-compile.js';
import { describeMissing, resolvePath } from './template-paths.js';

const cache = new Map<string, CompiledTemplate | TemplateProblem>();

function compiled(source: string): CompiledTemplate {
  let entry = cache.get(source);
  if (entry === undefined) {
    try {
      entry = compileTemplate(source);
    } catch (e) {
      if (!(e instanceof TemplateProblem)) throw e;
      entry = e; // remembered too: a broken template is reported the same way every time, cheaply
    }
    cache.set(source, entry);
  }
  if (entry instanceof TemplateProblem) throw entry;
  return entry;
}

/** `{{`, or a Jinja `{%` that must be reported rather than copied into the output. */
const mayBeTemplate = (text: string) => text.includes('{{') || text.includes('{%');

const UNDEFINED_HINT = 'define it (inventory, vars, vars_files, set_fact or -e), or give a fallback: {{default name "value"}}';

function excerpt(text: string): string {
  const oneLine = text.replace(/\s*\n\s*/g, ' ');
  return oneLine.length > 80 ? `${oneLine.slice(0, 77)}...` : oneLine;
}

/** Any failure while rendering becomes a TemplateError; one that already is (a lazily rendered variable) is kept. */
function asTemplateError(e: unknown, text: string, where: Loc | undefined, file?: string): TemplateError {
  if (e instanceof TemplateError) return e;
  // Handlebars' own strict error, for the few references it still resolves itself (`../x`, `@root.x`).
  const message = (e instanceof Error ? e.message : String(e)).replace(/^"([^"]+)" not defined in .* - \d+:\d+$/, "'$1' is undefined");
  const hint = /is undefined/.test(message) ? UNDEFINED_HINT : undefined;
  if (file !== undefined) {
    // A whole file: point into it.
    const p = e instanceof TemplateProblem ? e : undefined;
    const loc = p?.line !== undefined ? { file, line: p.line, col: p.col ?? 1 } : { file, line: 1, col: 1 };
    return new TemplateError(message, loc, hint, { cause: e });
  }
  return new TemplateError(`${message} in "${excerpt(text)}"`, where, hint, { cause: e });
}

/**
 * Render a string. Exactly one `{{ … }}` gives its native value; other strings are interpolated; a string
 * without `{{` is returned as it is. Throws TemplateError (located at `where`) for an undefined variable,
 * naming its full path, or a syntax error.
 */
export function renderString(text: string, vars: Record<string, unknown>, where?: Loc): unknown {
  if (typeof text !== 'string' || !mayBeTemplate(text)) return text;
  try {
    return evaluate(compiled(text), vars);
  } catch (e) {
    throw asTemplateError(e, text, where);
  }
}

function evaluate(t: CompiledTemplate, vars: Record<string, unknown>): unknown {
  if (t.kind !== 'path') return t.render(vars);
  const r = resolvePath(vars, t.parts);
  if (!r.found) throw new TemplateProblem(describeMissing(vars, t.parts, r.missingAt), 1, 1);
  return r.value;
}

/**
 * Render every string inside a value: mappings and lists are walked and always copied (callers such as the
 * module-argument validator fill in defaults in place, which must never reach the compiled plan), other
 * values are kept as they are.
 */
export function renderDeep(value: unknown, vars: Record<string, unknown>, where?: Loc): unknown {
  if (typeof value === 'string') return renderString(value, vars, where);
  if (Array.isArray(value)) return value.map((v) => renderDeep(v, vars, where));
  if (!isPlainMapping(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = renderDeep(v, vars, where);
  return out;
}

function isPlainMapping(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

const scanned = new WeakMap<object, boolean>();

/** Whether any string inside `value` contains `{{`. Remembered per object: loaded YAML is never mutated. */
export function hasTemplate(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('{{');
  if (value === null || typeof value !== 'object') return false;
  const known = scanned.get(value);
  if (known !== undefined) return known;
  const found = (Array.isArray(value) ? value : Object.values(value)).some(hasTemplate);
  scanned.set(value, found);
  return found;
}

/** Render a whole file (file_template): always a string; errors point at `name:line:col`. */
export function renderText(text: string, vars: Record<string, unknown>, name: string): string {
  if (!mayBeTemplate(text)) return text;
  try {
    const value = evaluate(compiled(text), vars);
    return value !== null && typeof value === 'object' ? JSON.stringify(value) : String(value ?? '');
  } catch (e) {
    throw asTemplateError(e, text, undefined, name);
  }
}

/** Compile-time check of a template's syntax and helper names: the message, or undefined when it is fine. */
export function checkTemplateSyntax(text: string): string | undefined {
  if (!mayBeTemplate(text)) return undefined;
  try {
    compiled(text);
    return undefined;
  } catch (e) {
    const p = e as TemplateProblem;
    return p.line !== undefined ? `${p.message} (line ${p.line}, column ${p.col ?? 1})` : p.message;
  }
}
