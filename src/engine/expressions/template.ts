// `{{ }}` templating, as the executor and modules use it: Ansible's Jinja2 (jinja/) for every string in a
// playbook and for `.j2` files; Handlebars for `.hbs` files and, deprecated, for strings written in its
// helper syntax (`{{default x "a"}}`), which runbook accepted before it spoke Jinja. A string that is
// exactly one `{{ … }}` keeps the native value (so `loop: "{{ servers }}"` is a list and
// `port: "{{ http_port }}"` a number); anything else is text, written the way Python writes values.

import { dirname, join } from 'node:path';
import { readFileSync, existsSync } from 'node:fs';
import { TemplateError, type Loc } from '../errors.js';
import { Callable } from './jinja/callable.js';
import { evaluate } from './jinja/evaluate.js';
import { checkTemplateNames } from './jinja/check.js';
import { makeEnvironment, OMIT } from './jinja/environment.js';
import { ExpressionSyntaxError } from './jinja/lexer.js';
import { Frame, parseCached, renderParsed, type TemplateEnvironment } from './jinja/render.js';
import type { ParsedTemplate } from './jinja/template-parse.js';
import { defined, EmptyUndefined, ExpressionError } from './jinja/values.js';
import { renderHandlebars, checkHandlebars, usesHandlebars } from './handlebars.js';
import { TemplateProblem } from './template-compile.js';

export { OMIT };

/** `{{`, or a Jinja `{%` statement. */
const mayBeTemplate = (text: string) => text.includes('{{') || text.includes('{%');

/** Which engine renders a string: none (plain text), Jinja2, or Handlebars (its deprecated helper syntax). */
export function templateEngineOf(text: string): 'jinja' | 'handlebars' | undefined {
  if (!mayBeTemplate(text)) return undefined;
  return usesHandlebars(text) ? 'handlebars' : 'jinja';
}

const UNDEFINED_HINT = "define it (inventory, vars, vars_files, set_fact or -e), or give a fallback: {{ name | default('value') }}";

function excerpt(text: string): string {
  const oneLine = text.replace(/\s*\n\s*/g, ' ');
  return oneLine.length > 80 ? `${oneLine.slice(0, 77)}...` : oneLine;
}

/** 1-based line and column of an offset. */
export function position(text: string, offset: number): { line: number; col: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, col: before.at(-1)!.length + 1 };
}

/** Any failure while rendering becomes a TemplateError; one that already is (a lazily rendered variable) is kept. */
function asTemplateError(e: unknown, text: string, where: Loc | undefined, file?: string): TemplateError {
  if (e instanceof TemplateError) return e;
  // Handlebars' own strict error, for the few references it still resolves itself (`../x`, `@root.x`).
  const message = (e instanceof Error ? e.message : String(e)).replace(/^"([^"]+)" not defined in .* - \d+:\d+$/, "'$1' is undefined");
  const hint = /is undefined/.test(message) ? UNDEFINED_HINT : undefined;
  const offset = e instanceof ExpressionSyntaxError || e instanceof ExpressionError ? e.offset : undefined;
  const at =
    offset !== undefined ? position(text.replace(/\r?\n$/, ''), offset)
    : e instanceof TemplateProblem && e.line !== undefined ? { line: e.line, col: e.col ?? 1 }
    : undefined;
  if (file !== undefined) return new TemplateError(message, { file, ...(at ?? { line: 1, col: 1 }) }, hint, { cause: e });
  const column = at && e instanceof ExpressionSyntaxError ? ` (column ${at.col})` : '';
  return new TemplateError(`${message} in "${excerpt(text)}"${column}`, where, hint, { cause: e });
}

const environments = new Map<string, TemplateEnvironment>();

/** Lookups and includes search the role's and the playbook's folders, which the variables name. */
function environmentFor(vars: Record<string, unknown>, templateDir?: string): TemplateEnvironment {
  const role = typeof vars.role_path === 'string' ? vars.role_path : undefined;
  const playbook = typeof vars.playbook_dir === 'string' ? vars.playbook_dir : process.cwd();
  const key = `${role}\0${playbook}\0${templateDir}`;
  let env = environments.get(key);
  if (env) return env;
  const candidates = (kind: string, name: string) => [
    ...(role ? [join(role, kind, name), join(role, name)] : []),
    join(playbook, kind, name),
    join(playbook, name),
  ];
  env = makeEnvironment({
    files: {
      candidates,
      renderTemplate: (path) => renderText(readFileSync(path, 'utf8'), currentVars, path),
      variable: (name) => currentVars[name],
    },
    load: (name) => {
      const found = [...(templateDir ? [join(templateDir, name)] : []), ...candidates('templates', name)].find((p) => existsSync(p));
      return found ? { source: readFileSync(found, 'utf8'), name: found } : undefined;
    },
  });
  environments.set(key, env);
  return env;
}

/** The variables of the render in progress, for the lookups that need them (template, vars). */
let currentVars: Record<string, unknown> = {};

function withVars<T>(vars: Record<string, unknown>, f: () => T): T {
  const saved = currentVars;
  currentVars = vars;
  try {
    return f();
  } finally {
    currentVars = saved;
  }
}

/** Exactly one `{{ expression }}` and nothing around it: the value keeps its type. */
function singleExpression(t: ParsedTemplate, text: string) {
  const only = t.body.length === 1 && !text.endsWith('\n') ? t.body[0] : undefined;
  return only?.k === 'out' ? only.expr : undefined;
}

/** Ansible keeps the source's trailing newlines (Jinja2 would drop one). */
function keepTrailingNewlines(source: string, out: string): string {
  const want = /\n*$/.exec(source)![0].length;
  const have = /\n*$/.exec(out)![0].length;
  return want > have ? out + '\n'.repeat(want - have) : out;
}

/** `native`: a string that is one expression gives its value (YAML strings); a file is always text. */
function renderJinja(text: string, vars: Record<string, unknown>, native: boolean, templateDir?: string): unknown {
  const t = parseCached(text, native); // native: a playbook string, where Ansible escapes backslashes
  const frame = new Frame(environmentFor(vars, templateDir), vars);
  return withVars(vars, () => {
    const single = native ? singleExpression(t, text) : undefined;
    if (single) {
      const value = evaluate(single, frame);
      return value instanceof EmptyUndefined ? '' : defined(value);
    }
    return keepTrailingNewlines(text, renderParsed(t, frame));
  });
}

/**
 * Render a string. Exactly one `{{ … }}` gives its native value; other strings are text; a string
 * without `{{`/`{%` is returned as it is. Throws TemplateError (located at `where`) for an undefined
 * variable, naming its full path, or a syntax error.
 */
export function renderString(text: string, vars: Record<string, unknown>, where?: Loc): unknown {
  if (typeof text !== 'string' || !mayBeTemplate(text)) return text;
  try {
    return usesHandlebars(text) ? renderHandlebars(text, vars) : renderJinja(text, vars, true);
  } catch (e) {
    throw asTemplateError(e, text, where);
  }
}

/**
 * Render every string inside a value: mappings and lists are walked and always copied (callers such as the
 * module-argument validator fill in defaults in place, which must never reach the compiled plan); a mapping
 * key whose value renders to `omit` is left out, as Ansible does.
 */
export function renderDeep(value: unknown, vars: Record<string, unknown>, where?: Loc): unknown {
  if (typeof value === 'string') return renderString(value, vars, where);
  if (Array.isArray(value)) return value.map((v) => renderDeep(v, vars, where)).filter((v) => v !== OMIT);
  if (!isPlainMapping(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    const r = renderDeep(v, vars, where);
    if (r !== OMIT) out[k] = r;
  }
  return out;
}

function isPlainMapping(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

const scanned = new WeakMap<object, boolean>();

/** Whether any string inside `value` is a template. Remembered per object: loaded YAML is never mutated. */
export function hasTemplate(value: unknown): boolean {
  if (typeof value === 'string') return mayBeTemplate(value);
  if (value === null || typeof value !== 'object') return false;
  const known = scanned.get(value);
  if (known !== undefined) return known;
  const found = (Array.isArray(value) ? value : Object.values(value)).some(hasTemplate);
  scanned.set(value, found);
  return found;
}

/** Render a whole file (template/file_template): `.hbs` with Handlebars, anything else Jinja2; errors point at `name:line:col`. */
export function renderText(text: string, vars: Record<string, unknown>, name: string): string {
  if (!mayBeTemplate(text)) return text;
  try {
    if (name.endsWith('.hbs')) return renderHandlebars(text, vars, true) as string;
    return renderJinja(text, vars, false, dirname(name)) as string;
  } catch (e) {
    throw asTemplateError(e, text, undefined, name);
  }
}

/** A problem in a template's syntax or its filter/test names, and where (1-based) when known. */
export interface TemplateSyntaxProblem {
  message: string;
  line?: number;
  col?: number;
}

/** Compile-time check of a template (a string, or a file when `name` is given: `.hbs` is Handlebars). */
export function templateSyntaxProblem(text: string, name?: string): TemplateSyntaxProblem | undefined {
  if (!mayBeTemplate(text)) return undefined;
  if (name?.endsWith('.hbs') || (name === undefined && usesHandlebars(text))) {
    const message = checkHandlebars(text);
    return message === undefined ? undefined : { message };
  }
  try {
    checkTemplateNames(parseCached(text));
    return undefined;
  } catch (e) {
    if (!(e instanceof ExpressionSyntaxError)) throw e;
    return { message: e.message, ...position(text, e.offset) };
  }
}

/** The same, as one message: "… (line 2, column 9)", or "(column 9)" for a one-line string. */
export function checkTemplateSyntax(text: string, name?: string): string | undefined {
  const p = templateSyntaxProblem(text, name);
  if (!p || p.line === undefined) return p?.message;
  return text.includes('\n') ? `${p.message} (line ${p.line}, column ${p.col})` : `${p.message} (column ${p.col})`;
}

/**
 * The items of a `with_<name>` loop: the lookup run over terms already templated, as Ansible runs
 * `lookup('<name>', ...)` with wantlist; files are searched from the task's role and playbook.
 */
export function queryLookup(name: string, terms: unknown[], vars: Record<string, unknown>, where?: Loc, kwargs: Record<string, unknown> = {}): unknown[] {
  const query = environmentFor(vars).global('query');
  if (!(query instanceof Callable)) throw new TemplateError('lookups are not available', where);
  try {
    const items = withVars(vars, () => query.call([name, ...terms], kwargs)) as unknown[];
    // A loop's items reach the task as lists, as in Ansible: with_indexed_items gives [0, 'a'], not (0, 'a').
    return items.map((x) => (Array.isArray(x) ? [...x] : x));
  } catch (e) {
    throw new TemplateError(`with_${name}: ${(e as Error).message}`, where, undefined, { cause: e });
  }
}
