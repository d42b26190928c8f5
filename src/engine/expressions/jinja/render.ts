// Render a parsed template: statements walked over a chain of frames (loop bodies, macros and `with` get
// their own, so a `set` inside a loop stays there, as in Jinja2), output written through Ansible's finalize
// (None prints nothing). Includes and inheritance load other templates through the caller's loader.

import type { Node } from './ast.js';
import { Callable } from './callable.js';
import { applyFilter, evaluate, type Environment, type Scope } from './evaluate.js';
import { ExpressionError, defined, EmptyUndefined, iterate, Namespace, str, truthy, Undefined } from './values.js';
import { parseTemplate, type Body, type ParsedTemplate, type Stmt } from './template-parse.js';
import { closest } from '../template-paths.js';

export interface TemplateEnvironment extends Environment {
  /** Names not found in the frames or the variables: range, lookup, namespace… */
  global(name: string): unknown;
  /** Another template by name (include, extends), or undefined when there is none. */
  load(name: string): { source: string; name: string } | undefined;
}


export class Frame implements Scope {
  private readonly locals = new Map<string, unknown>();
  constructor(
    readonly env: TemplateEnvironment,
    readonly vars: Record<string, unknown>,
    readonly parent?: Frame,
    /** Blocks of the most derived template first (inheritance). */
    readonly blocks: Map<string, Body[]> = parent?.blocks ?? new Map(),
  ) {}

  lookup(name: string): unknown {
    for (let f: Frame | undefined = this; f; f = f.parent) if (f.locals.has(name)) return f.locals.get(name);
    if (Object.hasOwn(this.vars, name)) return this.vars[name];
    const g = this.env.global(name);
    if (g !== undefined) return g;
    const near = closest(name, Object.keys(this.vars));
    return new Undefined(name, '', near ? ` (did you mean '${near}'?)` : '');
  }
  set(name: string, value: unknown): void {
    this.locals.set(name, value);
  }
  child(): Frame {
    return new Frame(this.env, this.vars, this);
  }
}

const finalize = (v: unknown) => (v === null || v === undefined || v instanceof EmptyUndefined ? '' : str(defined(v)));

function loopObject(items: unknown[], i: number, cycleName = 'loop'): Record<string, unknown> {
  return {
    index: i + 1,
    index0: i,
    revindex: items.length - i,
    revindex0: items.length - i - 1,
    first: i === 0,
    last: i === items.length - 1,
    length: items.length,
    // Only recursive loops (not supported) go deeper than 1; a nested loop has its own `loop`.
    depth: 1,
    depth0: 0,
    previtem: i > 0 ? items[i - 1] : new Undefined(`${cycleName}.previtem`, 'the first item has none'),
    nextitem: i < items.length - 1 ? items[i + 1] : new Undefined(`${cycleName}.nextitem`, 'the last item has none'),
    cycle: new Callable('loop.cycle', (args) => args[i % args.length]),
  };
}

function unpack(targets: string[], item: unknown, frame: Frame): void {
  if (targets.length === 1) return frame.set(targets[0]!, item);
  const values = Array.isArray(item) ? item : iterate(item);
  if (values.length !== targets.length) throw new ExpressionError(`cannot unpack ${values.length} values into ${targets.length} names`);
  targets.forEach((t, k) => frame.set(t, values[k]));
}

function macro(stmt: Pick<Stmt & { k: 'macro' }, 'name' | 'params' | 'body'>, defining: Frame): Callable {
  return new Callable(stmt.name, (args, kwargs) => {
    const frame = defining.child();
    if (Object.hasOwn(kwargs, 'caller')) frame.set('caller', kwargs.caller); // inside {% call %}
    stmt.params.forEach(([name, dflt], k) => {
      if (k < args.length) frame.set(name, args[k]);
      else if (Object.hasOwn(kwargs, name)) frame.set(name, kwargs[name]);
      else frame.set(name, dflt ? evaluate(dflt, defining) : new Undefined(name, `macro ${stmt.name} was called without it`));
    });
    frame.set('varargs', args.slice(stmt.params.length));
    // Keyword arguments the macro does not name, as Jinja2's `kwargs` (caller is the {% call %} body).
    const named = new Set([...stmt.params.map(([n]) => n), 'caller']);
    frame.set('kwargs', Object.fromEntries(Object.entries(kwargs).filter(([k]) => !named.has(k))));
    return renderBody(stmt.body, frame);
  });
}

export function renderBody(body: Body, frame: Frame): string {
  let out = '';
  for (const stmt of body) out += renderStmt(stmt, frame);
  return out;
}

function renderStmt(stmt: Stmt, frame: Frame): string {
  switch (stmt.k) {
    case 'text':
      return stmt.text;
    case 'out':
      try {
        return finalize(evaluate(stmt.expr, frame));
      } catch (e) {
        if (e instanceof ExpressionError && e.offset === undefined) e.offset = stmt.at;
        throw e;
      }
    case 'if': {
      for (const b of stmt.branches) if (truthy(evaluate(b.test, frame))) return renderBody(b.body, frame);
      return stmt.else ? renderBody(stmt.else, frame) : '';
    }
    case 'for': {
      let items = iterate(evaluate(stmt.iter, frame));
      if (stmt.filter) {
        const test = stmt.filter;
        items = items.filter((item) => {
          const f = frame.child();
          unpack(stmt.targets, item, f);
          return truthy(evaluate(test, f));
        });
      }
      if (!items.length) return stmt.else ? renderBody(stmt.else, frame) : '';
      let out = '';
      items.forEach((item, i) => {
        const f = frame.child();
        unpack(stmt.targets, item, f);
        f.set('loop', loopObject(items, i));
        out += renderBody(stmt.body, f);
      });
      return out;
    }
    case 'set': {
      let value = stmt.expr ? evaluate(stmt.expr, frame) : renderBody(stmt.body!, frame.child());
      if (stmt.filter) value = applyChain(stmt.filter, value, frame);
      if (stmt.more) unpack([stmt.name, ...stmt.more], value, frame);
      else if (stmt.attr === undefined) frame.set(stmt.name, value);
      else {
        const ns = frame.lookup(stmt.name);
        if (!(ns instanceof Namespace)) throw new ExpressionError(`cannot assign attribute on ${stmt.name}: only a namespace() takes attributes`);
        ns.attrs[stmt.attr] = value;
      }
      return '';
    }
    case 'macro':
      frame.set(stmt.name, macro(stmt, frame));
      return '';
    case 'call': {
      // The macro is called as written, with one more keyword argument: the body, as `caller`.
      const f = frame.child();
      f.set('caller', macro({ name: 'caller', params: stmt.params, body: stmt.body }, frame));
      const call = { ...stmt.call, kwargs: [...stmt.call.kwargs, ['caller', { t: 'name', name: 'caller', at: stmt.call.at }]] } as Node;
      return str(evaluate(call, f));
    }
    case 'include': {
      const name = str(evaluate(stmt.name, frame));
      const loaded = frame.env.load(name);
      if (!loaded) {
        if (stmt.ignoreMissing) return '';
        throw new ExpressionError(`template ${JSON.stringify(name)} not found`);
      }
      return renderParsed(parseCached(loaded.source), new Frame(frame.env, frame.vars, frame, new Map()));
    }
    case 'filter':
      return str(applyChain(stmt.filter, renderBody(stmt.body, frame.child()), frame));
    case 'with': {
      const f = frame.child();
      for (const [k, v] of stmt.assigns) f.set(k, evaluate(v, frame));
      return renderBody(stmt.body, f);
    }
    case 'block': {
      const chain = frame.blocks.get(stmt.name) ?? [stmt.body];
      return renderBlock(chain, 0, frame);
    }
    case 'extends':
      return '';
  }
}

/** A block as the most derived template wrote it; `super()` renders the next one up. */
function renderBlock(chain: Body[], level: number, frame: Frame): string {
  const f = frame.child();
  f.set('super', new Callable('super', () => (level + 1 < chain.length ? renderBlock(chain, level + 1, frame) : '')));
  return renderBody(chain[level]!, f);
}

/** `{% filter a | b %}` / `{% set x | f %}`: the chain parsed on an empty literal, replayed on `value`. */
function applyChain(chain: Node, value: unknown, frame: Frame): unknown {
  if (chain.t !== 'filter') return value;
  const input = chain.x && chain.x.t === 'filter' ? applyChain(chain.x, value, frame) : value;
  const args = chain.args.map((a) => evaluate(a, frame));
  const kwargs = Object.fromEntries(chain.kwargs.map(([k, v]) => [k, evaluate(v, frame)]));
  return applyFilter(chain.name, input, args, kwargs, frame);
}

const parsedCache = new Map<string, ParsedTemplate>();

/** `literalEscapes` for playbook strings, where Ansible keeps backslashes in `{{ }}` string literals. */
export function parseCached(source: string, literalEscapes = false): ParsedTemplate {
  const key = `${literalEscapes ? 'L' : 'F'}${source}`;
  let p = parsedCache.get(key);
  if (!p) {
    p = parseTemplate(source, literalEscapes);
    parsedCache.set(key, p);
  }
  return p;
}

/** Render with inheritance: a template that extends another renders the parent with its blocks on top. */
export function renderParsed(t: ParsedTemplate, frame: Frame): string {
  for (const [name, body] of t.blocks) frame.blocks.set(name, [...(frame.blocks.get(name) ?? []), body]);
  if (!t.extends) return renderBody(t.body, frame);
  // Top-level sets and macros of the child are visible to the parent.
  for (const stmt of t.body) if (stmt.k === 'set' || stmt.k === 'macro') renderStmt(stmt, frame);
  const name = str(evaluate(t.extends, frame));
  const parent = frame.env.load(name);
  if (!parent) throw new ExpressionError(`template ${JSON.stringify(name)} (extends) not found`);
  return renderParsed(parseCached(parent.source), frame);
}
