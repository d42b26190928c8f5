// Jinja2's expression grammar with Jinja2's precedence (jinja2/parser.py): inline if, or, and, not,
// comparisons (chained, `in`, `not in`), + -, ~, * / // %, **, unary - +, then primaries with attributes,
// subscripts, slices and calls, then filters (`| f(args)`) and tests (`is [not] t args`). The same grammar
// serves conditions, `{{ }}` in YAML values and template files.

import type { Node } from './ast.js';
import { ExpressionSyntaxError, tokenize, type Token } from './lexer.js';

const COMPARE = new Set(['==', '!=', '<', '<=', '>', '>=']);
const KEYWORDS = new Set(['and', 'or', 'not', 'in', 'is', 'if', 'else']);
const LITERALS = new Map<string, unknown>([['true', true], ['True', true], ['false', false], ['False', false], ['none', null], ['None', null]]);
const NOT_JINJA: Record<string, string> = { '&&': "'and'", '||': "'or'", '!': "'not'", '?': "'x if cond else y'", '=': "'=='" };

export class ExpressionParser {
  pos = 0;
  constructor(readonly tokens: Token[]) {}

  peek(offset = 0): Token {
    return this.tokens[Math.min(this.pos + offset, this.tokens.length - 1)]!;
  }
  isWord(text: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t.kind === 'name' && t.text === text;
  }
  isOp(...ops: string[]): boolean {
    const t = this.peek();
    return t.kind === 'op' && ops.includes(t.text);
  }
  next(): Token {
    return this.tokens[this.pos++]!;
  }
  expect(op: string): void {
    if (!this.isOp(op)) this.fail(`expected '${op}'`);
    this.pos++;
  }
  name(what: string): string {
    const t = this.next();
    if (t.kind !== 'name') this.fail(`expected ${what}`, t);
    return t.text;
  }
  fail(message: string, token = this.peek()): never {
    const hint = token.kind === 'op' && NOT_JINJA[token.text] ? ` (Jinja writes ${NOT_JINJA[token.text]})` : '';
    throw new ExpressionSyntaxError(`${message}, found ${token.kind === 'end' ? 'the end' : `'${token.text}'`}${hint}`, token.at);
  }

  /** A whole expression (`x if c else y`); with `tuple`, `a, b` is a tuple (for `{% for k, v in … %}`). */
  expression(noCond = false): Node {
    const first = this.or();
    if (noCond || !this.isWord('if')) return first;
    this.pos++;
    const test = this.or();
    if (!this.isWord('else')) return { t: 'cond', test, yes: first };
    this.pos++;
    return { t: 'cond', test, yes: first, no: this.expression() };
  }

  private or(): Node {
    let a = this.and();
    while (this.isWord('or')) {
      this.pos++;
      a = { t: 'or', a, b: this.and() };
    }
    return a;
  }

  private and(): Node {
    let a = this.not();
    while (this.isWord('and')) {
      this.pos++;
      a = { t: 'and', a, b: this.not() };
    }
    return a;
  }

  private not(): Node {
    if (this.isWord('not')) {
      this.pos++;
      return { t: 'unary', op: 'not', x: this.not() };
    }
    return this.compare();
  }

  /** `a < b < c` is `a < b and b < c`, as in Python. */
  private compare(): Node {
    const first = this.math1();
    let left = first;
    let result: Node | undefined;
    for (;;) {
      const at = this.peek().at;
      let op: string;
      if (this.isOp(...COMPARE)) op = this.next().text;
      else if (this.isWord('in')) op = (this.pos++, 'in');
      else if (this.isWord('not') && this.isWord('in', 1)) op = ((this.pos += 2), 'not in');
      else return result ?? first;
      const right = this.math1();
      const cmp: Node = { t: 'bin', op, a: left, b: right, at };
      result = result ? { t: 'and', a: result, b: cmp } : cmp;
      left = right;
    }
  }

  private math1(): Node {
    let a = this.concat();
    while (this.isOp('+', '-')) {
      const t = this.next();
      a = { t: 'bin', op: t.text, a, b: this.concat(), at: t.at };
    }
    return a;
  }

  private concat(): Node {
    const items = [this.math2()];
    while (this.isOp('~')) {
      this.pos++;
      items.push(this.math2());
    }
    return items.length === 1 ? items[0]! : { t: 'concat', items };
  }

  private math2(): Node {
    let a = this.pow();
    while (this.isOp('*', '/', '//', '%')) {
      const t = this.next();
      a = { t: 'bin', op: t.text, a, b: this.pow(), at: t.at };
    }
    return a;
  }

  private pow(): Node {
    let a = this.unary(true);
    while (this.isOp('**')) {
      const t = this.next();
      a = { t: 'bin', op: '**', a, b: this.unary(true), at: t.at };
    }
    return a;
  }

  private unary(withFilter: boolean): Node {
    let node: Node;
    if (this.isOp('-', '+')) {
      const op = this.next().text as '-' | '+';
      node = { t: 'unary', op, x: this.unary(false) };
    } else node = this.primary();
    node = this.postfix(node);
    return withFilter ? this.filters(node) : node;
  }

  private primary(): Node {
    const t = this.peek();
    if (t.kind === 'str') {
      let text = '';
      while (this.peek().kind === 'str') text += this.next().text; // 'a' 'b' is 'ab'
      return { t: 'lit', v: text };
    }
    if (t.kind === 'num') return (this.pos++, { t: 'lit', v: t.value });
    if (t.kind === 'name') {
      if (KEYWORDS.has(t.text)) this.fail('expected a value');
      this.pos++;
      return LITERALS.has(t.text) ? { t: 'lit', v: LITERALS.get(t.text) } : { t: 'name', name: t.text, at: t.at };
    }
    if (this.isOp('(')) {
      this.pos++;
      if (this.isOp(')')) return (this.pos++, { t: 'tuple', items: [] });
      const first = this.expression();
      if (!this.isOp(',')) {
        this.expect(')');
        return first;
      }
      const items = [first];
      while (this.isOp(',')) {
        this.pos++;
        if (this.isOp(')')) break;
        items.push(this.expression());
      }
      this.expect(')');
      return { t: 'tuple', items };
    }
    if (this.isOp('[')) return { t: 'list', items: this.sequence('[', ']') };
    if (this.isOp('{')) {
      this.pos++;
      const pairs: [Node, Node][] = [];
      while (!this.isOp('}')) {
        const key = this.expression();
        this.expect(':');
        pairs.push([key, this.expression()]);
        if (!this.isOp('}')) this.expect(',');
      }
      this.pos++;
      return { t: 'dict', pairs };
    }
    this.fail('expected a value');
  }

  private sequence(open: string, close: string): Node[] {
    this.expect(open);
    const items: Node[] = [];
    while (!this.isOp(close)) {
      items.push(this.expression());
      if (!this.isOp(close)) this.expect(',');
    }
    this.pos++;
    return items;
  }

  private postfix(node: Node): Node {
    for (;;) {
      const t = this.peek();
      if (this.isOp('.')) {
        this.pos++;
        const key = this.next();
        if (key.kind !== 'name' && key.kind !== 'num') this.fail('expected a name after .', key);
        node = { t: 'attr', obj: node, key: key.text, at: t.at };
      } else if (this.isOp('[')) {
        this.pos++;
        node = this.subscript(node, t.at);
      } else if (this.isOp('(')) {
        node = { t: 'call', fn: node, ...this.callArgs(), at: t.at };
      } else return node;
    }
  }

  private subscript(obj: Node, at: number): Node {
    const part = () => (this.isOp(':', ']') ? undefined : this.expression());
    const start = part();
    if (!this.isOp(':')) {
      this.expect(']');
      return { t: 'item', obj, index: start!, at };
    }
    this.pos++;
    const stop = part();
    let step: Node | undefined;
    if (this.isOp(':')) {
      this.pos++;
      step = part();
    }
    this.expect(']');
    return { t: 'slice', obj, at, ...(start ? { start } : {}), ...(stop ? { stop } : {}), ...(step ? { step } : {}) };
  }

  /** `(a, b, key=c)`. */
  callArgs(): { args: Node[]; kwargs: [string, Node][] } {
    this.expect('(');
    const args: Node[] = [];
    const kwargs: [string, Node][] = [];
    while (!this.isOp(')')) {
      if (this.peek().kind === 'name' && this.peek(1).kind === 'op' && this.peek(1).text === '=') {
        const key = this.next().text;
        this.pos++;
        kwargs.push([key, this.expression()]);
      } else {
        if (kwargs.length) this.fail('a positional argument follows a keyword argument');
        args.push(this.expression());
      }
      if (!this.isOp(')')) this.expect(',');
    }
    this.pos++;
    return { args, kwargs };
  }

  /** A dotted filter or test name: `to_json`, `ansible.builtin.to_json`. */
  private dottedName(what: string): string {
    let name = this.name(what);
    while (this.isOp('.') && this.peek(1).kind === 'name') {
      this.pos++;
      name += `.${this.next().text}`;
    }
    return name;
  }

  /** `{% filter upper | replace('a', 'b') %}`: a chain whose first filter has no `|`. */
  filterBlock(node: Node): Node {
    const at = this.peek().at;
    const name = this.dottedName('a filter name');
    const call = this.isOp('(') ? this.callArgs() : { args: [], kwargs: [] };
    return this.filters({ t: 'filter', x: node, name, ...call, at });
  }

  filters(node: Node): Node {
    for (;;) {
      if (this.isOp('|')) {
        const at = this.next().at;
        const name = this.dottedName('a filter name after |');
        const call = this.isOp('(') ? this.callArgs() : { args: [], kwargs: [] };
        node = { t: 'filter', x: node, name, ...call, at };
      } else if (this.isWord('is')) {
        const at = this.next().at;
        const negate = this.isWord('not') ? (this.pos++, true) : false;
        const name = this.dottedName('a test name after is');
        let args: Node[] = [];
        if (this.isOp('(')) args = this.callArgs().args;
        else if (this.startsArgument()) args = [this.postfix(this.primary())];
        node = { t: 'test', x: node, name, args, negate, at };
      } else return node;
    }
  }

  /** `x is divisibleby 3`, `x is sameas true`: a test may take one argument without parentheses. */
  private startsArgument(): boolean {
    const t = this.peek();
    if (t.kind === 'str' || t.kind === 'num') return true;
    if (t.kind === 'name') return !KEYWORDS.has(t.text);
    return t.kind === 'op' && (t.text === '[' || t.text === '{');
  }
}

/** Parse a complete expression; throws ExpressionSyntaxError with the offset of the problem. */
export function parseExpression(src: string): Node {
  const p = new ExpressionParser(tokenize(src));
  const node = p.expression();
  if (p.peek().kind !== 'end') p.fail('expected an operator or the end');
  return node;
}
