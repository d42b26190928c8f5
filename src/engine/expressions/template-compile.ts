// Turns template source into something fast to render, once per distinct source string. Handlebars does the
// parsing and code generation; before compiling, every variable reference is rewritten into a call to one of
// our own lookup helpers. Why: handlebars' strict mode names only the last segment of a missing path, throws a
// bare TypeError when an intermediate one is missing, and is not strict at all inside helper arguments.
// Rewritten, every lookup is strict (except where being optional is the point: `default`, `#if`, `#unless`)
// and a missing variable is reported with its full path, what is missing, and the nearest existing key.

import Handlebars from 'handlebars';
import { HelperError, HELPERS } from './template-helpers.js';
import { closest, describeMissing, resolvePath } from './template-paths.js';

type Node = hbs.AST.Node;
type Expression = hbs.AST.Expression;
type PathExpression = hbs.AST.PathExpression;
type Call = hbs.AST.MustacheStatement | hbs.AST.SubExpression | hbs.AST.BlockStatement;
type Options = Handlebars.HelperOptions & { loc?: { start: { line: number; column: number } } };

export type CompiledTemplate =
  /** Exactly `{{ a.b }}`: resolved directly, the native value is kept. */
  | { kind: 'path'; parts: string[] }
  /** Exactly one helper call, `{{default x 1}}`: rendered, the helper's native result is kept. */
  | { kind: 'call'; render: (vars: unknown) => unknown }
  /** Anything else: rendered to a string. */
  | { kind: 'text'; render: (vars: unknown) => string };

const BUILTIN_BLOCKS = new Set(['if', 'unless', 'each', 'with']);
/** Helpers whose first argument may be undefined: that is what they test. */
const LENIENT_FIRST_ARG = new Set(['default', 'if', 'unless']);

const hb = Handlebars.create();
for (const [name, spec] of Object.entries(HELPERS)) {
  hb.registerHelper(name, function checked(this: unknown, ...args: unknown[]) {
    const options = args.pop() as Options;
    const [min, max] = spec.args;
    if (args.length < min || args.length > max) {
      const expected = min === max ? `${min}` : `${min} to ${max}`;
      throw located(new HelperError(`${name} takes ${expected} argument${max === 1 ? '' : 's'}, got ${args.length}`), options);
    }
    try {
      return spec.fn(...args);
    } catch (e) {
      throw e instanceof HelperError ? located(e, options) : e;
    }
  });
}

/** The position of a helper call in the template, 1-based, for renderText's `file:line:col`. */
export class TemplateProblem extends Error {
  constructor(
    message: string,
    readonly line?: number,
    readonly col?: number,
  ) {
    super(message);
  }
}

function located(e: Error, options: Options): TemplateProblem {
  const start = options.loc?.start;
  return new TemplateProblem(e.message, start?.line, start === undefined ? undefined : start.column + 1);
}

/** A value written into text: lists and mappings as JSON rather than "[object Object]", null as nothing. */
function asText(value: unknown): unknown {
  return value !== null && typeof value === 'object' ? JSON.stringify(value) : (value ?? '');
}

function lookup(context: unknown, parts: string[], options: Options): unknown {
  const r = resolvePath(context, parts);
  if (!r.found) throw located(new Error(describeMissing(context, parts, r.missingAt)), options);
  return r.value;
}

// Internal helpers the rewritten templates call (names no user would write).
let captured: unknown;
hb.registerHelper({
  /** `{{ a.b }}` in text: strict; lists and mappings are written as JSON rather than "[object Object]". */
  __out(this: unknown, ...args: unknown[]) {
    return asText(lookup(this, args.slice(0, -1) as string[], args.at(-1) as Options));
  },
  /** A variable given to a helper: strict, native. */
  __get(this: unknown, ...args: unknown[]) {
    return lookup(this, args.slice(0, -1) as string[], args.at(-1) as Options);
  },
  /** A variable whose absence is the question (`default`, `#if`): undefined when missing, even mid-path. */
  __try(this: unknown, ...args: unknown[]) {
    const r = resolvePath(this, args.slice(0, -1) as string[]);
    return r.found ? r.value : undefined;
  },
  /** Keeps the native result of the single helper call in a `call` template (read right after rendering). */
  __native(value: unknown) {
    captured = value;
    return '';
  },
});

const isHelper = (name: string) => Object.prototype.hasOwnProperty.call(HELPERS, name) || BUILTIN_BLOCKS.has(name);
/** A reference to a variable of the current context (not `../x`, not `@index`), which we resolve ourselves. */
const isOwnVariable = (e: Node): e is PathExpression => e.type === 'PathExpression' && !(e as PathExpression).data && (e as PathExpression).depth === 0;

function path(name: string, loc: hbs.AST.SourceLocation): PathExpression {
  return { type: 'PathExpression', data: false, depth: 0, parts: [name], original: name, loc };
}

function call(helper: string, params: Expression[], loc: hbs.AST.SourceLocation): hbs.AST.SubExpression {
  return { type: 'SubExpression', path: path(helper, loc), params, hash: undefined as unknown as hbs.AST.Hash, loc };
}

function partsAsStrings(p: PathExpression): Expression[] {
  return p.parts.map((part) => ({ type: 'StringLiteral', value: part, original: part, loc: p.loc }) as hbs.AST.StringLiteral);
}

/** A helper argument: variables become `(__get …)` (or `(__try …)`), sub-expressions are rewritten in turn. */
function rewriteArg(arg: Expression, lenient: boolean): Expression {
  if (isOwnVariable(arg)) return call(lenient ? '__try' : '__get', partsAsStrings(arg), arg.loc);
  if (arg.type === 'SubExpression') rewriteCall(arg as hbs.AST.SubExpression);
  return arg;
}

function rewriteCall(node: Call): void {
  const name = node.path.type === 'PathExpression' ? (node.path as PathExpression).original : '';
  if (node.params.length > 0 || node.hash || node.type === 'SubExpression') {
    if (name === '') {
      const at = node.loc.start;
      throw new TemplateProblem('a template with arguments must start with a helper name ({{join list ","}})', at.line, at.column + 1);
    }
    if (!isHelper(name)) {
      const near = closest(name, [...Object.keys(HELPERS), ...BUILTIN_BLOCKS]);
      const at = node.loc.start;
      throw new TemplateProblem(`unknown helper '${name}'${near ? ` (did you mean '${near}'?)` : ''}`, at.line, at.column + 1);
    }
  }
  node.params = node.params.map((p, i) => rewriteArg(p, i === 0 && LENIENT_FIRST_ARG.has(name)));
  for (const pair of node.hash?.pairs ?? []) pair.value = rewriteArg(pair.value, false);
}

function rewriteProgram(program: hbs.AST.Program | undefined): void {
  for (const statement of program?.body ?? []) {
    if (statement.type === 'MustacheStatement') {
      const m = statement as hbs.AST.MustacheStatement;
      if (m.params.length === 0 && !m.hash && isOwnVariable(m.path) && !isHelper(m.path.original)) {
        m.params = partsAsStrings(m.path);
        m.path = path('__out', m.path.loc);
      } else rewriteCall(m);
    } else if (statement.type === 'BlockStatement') {
      const b = statement as hbs.AST.BlockStatement;
      rewriteCall(b);
      rewriteProgram(b.program);
      rewriteProgram(b.inverse);
    }
  }
}

const OPTIONS = { noEscape: true, strict: true } as const;

/** Jinja statements, which handlebars would copy into the output as text: a port's silent bug. */
const JINJA_STATEMENT = /\{%-?\s*(?:if|elif|else|endif|for|endfor|set|raw|endraw|macro|endmacro)\b/;

/** What an Ansible user probably wrote, when handlebars cannot parse a template. */
function jinjaHint(source: string): string {
  if (/\{\{[^}]*[^|]\|[^|][^}]*\}\}/.test(source)) return ': Jinja filters (x | f) are helpers here: {{default x "a"}}, {{join list ","}}';
  if (/\{\{[^}]*\w\[[^}]*\}\}/.test(source)) return ": write x.[key] or {{lookup x key}} instead of x['key'] or x[key]";
  if (/\{\{[^}]*\s(?:if|~)\s[^}]*\}\}/.test(source)) return ': Jinja expressions are helpers here: {{ternary cond "a" "b"}}, {{#if cond}}…{{/if}}';
  return '';
}

/** Parse and prepare a template; throws TemplateProblem for syntax errors and unknown helpers. */
export function compileTemplate(source: string): CompiledTemplate {
  const statement = JINJA_STATEMENT.exec(source);
  if (statement) {
    const before = source.slice(0, statement.index).split('\n');
    throw new TemplateProblem(
      `Jinja statement "${statement[0]}…%}" in a handlebars template: write {{#if x}}…{{else}}…{{/if}} or {{#each list}}…{{/each}}`,
      before.length,
      before.at(-1)!.length + 1,
    );
  }
  let ast: hbs.AST.Program;
  try {
    ast = hb.parse(source);
  } catch (e) {
    const problem = syntaxProblem(e as Error);
    throw new TemplateProblem(problem.message + jinjaHint(source), problem.line, problem.col);
  }
  const only = ast.body.length === 1 && ast.body[0]!.type === 'MustacheStatement' ? (ast.body[0] as hbs.AST.MustacheStatement) : undefined;
  if (only && only.params.length === 0 && !only.hash && isOwnVariable(only.path) && !isHelper(only.path.original)) {
    return { kind: 'path', parts: only.path.parts };
  }
  const fast = plainInterpolation(ast);
  if (fast) return { kind: 'text', render: fast };
  rewriteProgram(ast);
  if (only) {
    // Wrap the single call so its native result can be read back: `{{__native (helper args)}}`.
    const inner: hbs.AST.SubExpression = { type: 'SubExpression', path: only.path as PathExpression, params: only.params, hash: only.hash, loc: only.loc };
    only.path = path('__native', only.loc);
    only.params = [inner];
    only.hash = undefined as unknown as hbs.AST.Hash;
    const fn = hb.compile(ast, OPTIONS);
    return {
      kind: 'call',
      render: (vars) => {
        captured = undefined;
        fn(vars);
        return captured;
      },
    };
  }
  const fn = hb.compile(ast, OPTIONS);
  return { kind: 'text', render: (vars) => fn(vars) };
}

/**
 * Text with only `{{ variable }}` in it (`"{{ subnet }}.1"`, `/etc/{{ name }}.conf`), the common case,
 * rendered by joining strings: handlebars' runtime costs ~20 times more per call for the same output.
 */
function plainInterpolation(ast: hbs.AST.Program): ((vars: unknown) => string) | undefined {
  const pieces: (string | { parts: string[]; loc: Options['loc'] })[] = [];
  for (const statement of ast.body) {
    if (statement.type === 'ContentStatement') pieces.push((statement as hbs.AST.ContentStatement).value);
    else if (statement.type !== 'MustacheStatement') return undefined;
    else {
      const m = statement as hbs.AST.MustacheStatement;
      if (m.params.length > 0 || m.hash || !isOwnVariable(m.path) || isHelper(m.path.original)) return undefined;
      pieces.push({ parts: m.path.parts, loc: m.loc });
    }
  }
  return (vars) => {
    let out = '';
    for (const piece of pieces) out += typeof piece === 'string' ? piece : String(asText(lookup(vars, piece.parts, { loc: piece.loc } as Options)));
    return out;
  };
}

/** "Parse error on line 2: … Expecting 'ID', …, got 'CLOSE'" → a one-line message with the position. */
function syntaxProblem(e: Error): TemplateProblem {
  const lines = e.message.split('\n');
  const line = Number(/line (\d+)/.exec(lines[0] ?? '')?.[1]) || undefined;
  const col = lines[2]?.indexOf('^');
  const got = /got '([^']+)'/.exec(e.message)?.[1];
  const token: Record<string, string> = { INVALID: 'character', CLOSE_BLOCK_PARAMS: "'|'", CLOSE: "'}}'", CLOSE_SEXPR: "')'", OPEN_SEXPR: "'('", EQUALS: "'='" };
  const what = got === 'EOF' ? 'the template ends inside a block or tag (is a {{/…}} or }} missing?)' : `unexpected ${got ? (token[got] ?? `'${got}'`) : 'text'}`;
  return new TemplateProblem(`template syntax error: ${what}`, line, col !== undefined && col >= 0 ? col + 1 : undefined);
}
