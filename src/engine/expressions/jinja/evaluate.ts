// Evaluate an expression tree against a scope, with Python's semantics (values.ts) and Ansible's undefined:
// a missing name or key is an Undefined that `default`, `is defined` and further `.key` accept, and any
// other use reports with its whole path. Filters, tests and global functions come from the environment.

import type { Node } from './ast.js';
import { Callable, type Kwargs } from './callable.js';
import { methodOf } from './methods.js';
import { compare, contains, defined, EmptyUndefined, equal, ExpressionError, isMapping, Namespace, str, truthy, tuple, tupleField, typeName, Undefined } from './values.js';
import { percentFormat } from './format.js';
import { closest } from '../template-paths.js';

export interface Environment {
  filter(name: string): FilterFn | undefined;
  test(name: string): TestFn | undefined;
  /** "no filter named 'jion' (did you mean 'join'?)" */
  unknown(kind: 'filter' | 'test', name: string): string;
}

/** A filter gets its input undefined only when it says so (`default`, `mandatory`): the rest get a value. */
export type FilterFn = ((value: unknown, args: unknown[], kwargs: Kwargs, scope: Scope) => unknown) & { acceptsUndefined?: boolean };
export type TestFn = ((value: unknown, args: unknown[], scope: Scope) => boolean) & { acceptsUndefined?: boolean };

/** Where names are looked up: template locals first, then the task's variables, then the globals. */
export interface Scope {
  readonly env: Environment;
  lookup(name: string): unknown;
}

/** The dotted path of a node, for messages (`vm.ip`, `hosts[0]`). */
export function pathOf(node: Node): string {
  switch (node.t) {
    case 'name':
      return node.name;
    case 'attr':
      return `${pathOf(node.obj)}.${node.key}`;
    case 'item':
      return node.index.t === 'lit' ? `${pathOf(node.obj)}.${String(node.index.v)}` : `${pathOf(node.obj)}[…]`;
    default:
      return '(expression)';
  }
}

const missing = (node: Node, detail: string) => new Undefined(pathOf(node), detail);

/** " (did you mean 'vm.ip'?)" for a likely typo of a key. */
function suggest(parent: Node, key: string, keys: string[]): string {
  const near = closest(key, keys);
  return near ? ` (did you mean '${pathOf(parent)}.${near}'?)` : '';
}

function getAttr(node: Node & { t: 'attr' }, obj: unknown): unknown {
  if (obj instanceof Undefined) return new Undefined(`${obj.path}.${node.key}`, obj.detail);
  const key = node.key;
  if (obj instanceof Namespace) return Object.hasOwn(obj.attrs, key) ? obj.attrs[key] : missing(node, `the namespace has no '${key}'`);
  if (isMapping(obj)) {
    if (Object.hasOwn(obj, key)) return obj[key];
    return methodOf(obj, key) ?? missing(node, `'${pathOf(node.obj)}' has no key '${key}'${suggest(node.obj, key, Object.keys(obj))}`);
  }
  if ((Array.isArray(obj) || typeof obj === 'string') && /^\d+$/.test(key)) return getItem(node, obj, Number(key));
  if (Array.isArray(obj) && tupleField(obj, key) >= 0) return obj[tupleField(obj, key)];
  return methodOf(obj, key) ?? missing(node, `'${pathOf(node.obj)}' has no key '${key}' (it is ${typeName(obj)})`);
}

function getItem(node: Node, obj: unknown, index: unknown): unknown {
  if (obj instanceof Undefined) return new Undefined(`${obj.path}[${JSON.stringify(index)}]`, obj.detail);
  if (Array.isArray(obj) || typeof obj === 'string') {
    if (typeof index !== 'number' || !Number.isInteger(index)) {
      if (typeof index === 'string') return getAttr({ t: 'attr', obj: { t: 'lit', v: obj }, key: index, at: 0 }, obj);
      throw new ExpressionError(`${typeName(obj)} indices must be integers, not ${typeName(index)}`);
    }
    const i = index < 0 ? obj.length + index : index;
    if (i >= 0 && i < obj.length) return obj[i];
    return missing(node, `'${'obj' in node ? pathOf(node.obj as Node) : '?'}' has ${obj.length} item${obj.length === 1 ? '' : 's'}, no item ${index}`);
  }
  if (isMapping(obj)) {
    const key = String(index);
    if (Object.hasOwn(obj, key)) return obj[key];
    const parent = 'obj' in node ? (node.obj as Node) : node;
    return missing(node, `'${pathOf(parent)}' has no key '${key}'${suggest(parent, key, Object.keys(obj))}`);
  }
  return missing(node, `${typeName(obj)} is not subscriptable`);
}

function slice(obj: unknown, start: unknown, stop: unknown, step: unknown): unknown {
  obj = defined(obj);
  if (!Array.isArray(obj) && typeof obj !== 'string') throw new ExpressionError(`${typeName(obj)} cannot be sliced`);
  const items: unknown[] = Array.isArray(obj) ? obj : [...obj];
  const n = items.length;
  const s = step === undefined || step === null ? 1 : Number(step);
  if (s === 0) throw new ExpressionError('slice step cannot be zero');
  const norm = (v: unknown, dflt: number) => {
    if (v === undefined || v === null) return dflt;
    const x = Number(v);
    return x < 0 ? Math.max(x + n, s < 0 ? -1 : 0) : Math.min(x, s < 0 ? n - 1 : n);
  };
  const a = norm(start, s > 0 ? 0 : n - 1);
  const b = norm(stop, s > 0 ? n : -1);
  const out: unknown[] = [];
  for (let i = a; s > 0 ? i < b : i > b; i += s) out.push(items[i]);
  return Array.isArray(obj) ? out : out.join('');
}

function arithmetic(op: string, a: unknown, b: unknown): unknown {
  a = defined(a);
  b = defined(b);
  const num = (x: unknown) => (typeof x === 'boolean' ? Number(x) : x);
  const x = num(a);
  const y = num(b);
  if (typeof x === 'number' && typeof y === 'number') {
    switch (op) {
      case '+': return x + y;
      case '-': return x - y;
      case '*': return x * y;
      case '**': return x ** y;
      case '/':
        if (y === 0) throw new ExpressionError('division by zero');
        return x / y;
      case '//':
        if (y === 0) throw new ExpressionError('integer division or modulo by zero');
        return Math.floor(x / y);
      case '%':
        if (y === 0) throw new ExpressionError('integer division or modulo by zero');
        return ((x % y) + y) % y;
    }
  }
  if (op === '+' && typeof a === 'string' && typeof b === 'string') return a + b;
  if (op === '+' && Array.isArray(a) && Array.isArray(b)) return [...a, ...b];
  if (op === '*' && (typeof a === 'string' || Array.isArray(a)) && typeof y === 'number') return repeat(a, y);
  if (op === '*' && (typeof b === 'string' || Array.isArray(b)) && typeof x === 'number') return repeat(b, x);
  if (op === '%' && typeof a === 'string') return percentFormat(a, b);
  throw new ExpressionError(`unsupported operand type(s) for ${op}: '${typeName(a)}' and '${typeName(b)}'`);
}

function repeat(v: string | unknown[], n: number): unknown {
  if (typeof v === 'string') return v.repeat(Math.max(0, n));
  return Array.from({ length: Math.max(0, n) }, () => v).flat();
}

function kwargsOf(pairs: [string, Node][], scope: Scope): Kwargs {
  return Object.fromEntries(pairs.map(([k, v]) => [k, evaluate(v, scope)]));
}

export function applyFilter(name: string, value: unknown, args: unknown[], kwargs: Kwargs, scope: Scope): unknown {
  const fn = scope.env.filter(name);
  if (!fn) throw new ExpressionError(scope.env.unknown('filter', name));
  if (!fn.acceptsUndefined) value = defined(value);
  try {
    return fn(value, args, kwargs, scope);
  } catch (e) {
    if (e instanceof ExpressionError && !e.message.startsWith(`${name}: `) && !/is undefined/.test(e.message)) e.message = `${name}: ${e.message}`;
    throw e;
  }
}

export function evaluate(node: Node, scope: Scope): unknown {
  switch (node.t) {
    case 'lit':
      return node.v;
    case 'name':
      return scope.lookup(node.name);
    case 'attr':
      return getAttr(node, evaluate(node.obj, scope));
    case 'item':
      return getItem(node, evaluate(node.obj, scope), defined(evaluate(node.index, scope)));
    case 'slice':
      return slice(evaluate(node.obj, scope), node.start && evaluate(node.start, scope), node.stop && evaluate(node.stop, scope), node.step && evaluate(node.step, scope));
    case 'list':
      return node.items.map((i) => defined(evaluate(i, scope)));
    case 'tuple':
      return tuple(node.items.map((i) => defined(evaluate(i, scope))));
    case 'dict':
      return Object.fromEntries(node.pairs.map(([k, v]) => [str(evaluate(k, scope)), defined(evaluate(v, scope))]));
    case 'unary': {
      const x = evaluate(node.x, scope);
      if (node.op === 'not') return !truthy(x);
      const n = defined(x);
      if (typeof n !== 'number' && typeof n !== 'boolean') throw new ExpressionError(`bad operand type for unary ${node.op}: '${typeName(n)}'`);
      return node.op === '-' ? -n : +n;
    }
    case 'and': {
      const a = evaluate(node.a, scope);
      return truthy(a) ? evaluate(node.b, scope) : a;
    }
    case 'or': {
      const a = evaluate(node.a, scope);
      return truthy(a) ? a : evaluate(node.b, scope);
    }
    case 'cond':
      if (truthy(evaluate(node.test, scope))) return evaluate(node.yes, scope);
      return node.no ? evaluate(node.no, scope) : new EmptyUndefined('(inline if)', 'it evaluated to false and has no else');
    case 'concat':
      return node.items.map((i) => str(evaluate(i, scope))).join('');
    case 'bin': {
      const a = evaluate(node.a, scope);
      const b = evaluate(node.b, scope);
      switch (node.op) {
        case '==': return equal(defined(a), defined(b));
        case '!=': return !equal(defined(a), defined(b));
        case '<': case '<=': case '>': case '>=': return compare(a, b, node.op);
        case 'in': return contains(b, defined(a));
        case 'not in': return !contains(b, defined(a));
        default: return arithmetic(node.op, a, b);
      }
    }
    case 'filter':
      return applyFilter(node.name, node.x ? evaluate(node.x, scope) : '', node.args.map((a) => evaluate(a, scope)), kwargsOf(node.kwargs, scope), scope);
    case 'test': {
      const fn = scope.env.test(node.name);
      if (!fn) throw new ExpressionError(scope.env.unknown('test', node.name));
      let x = evaluate(node.x, scope);
      if (!fn.acceptsUndefined) x = defined(x);
      const r = fn(x, node.args.map((a) => defined(evaluate(a, scope))), scope);
      return node.negate ? !r : r;
    }
    case 'call': {
      const fn = evaluate(node.fn, scope);
      if (fn instanceof Undefined) throw new ExpressionError(`'${fn.path}' is undefined, so it cannot be called`);
      if (!(fn instanceof Callable)) throw new ExpressionError(`'${pathOf(node.fn)}' is ${typeName(fn)}, not something to call`);
      return fn.call(node.args.map((a) => evaluate(a, scope)), kwargsOf(node.kwargs, scope));
    }
  }
}
