// Conditions are written the way Ansible users write them — Jinja expressions: `x is defined`,
// `result is changed`, `'ok' not in out.stdout`, `not a == b`, `items | length > 0`, `x | default(1)`.
// They are evaluated by expr-eval (sandboxed, assignment and function definition off), whose grammar and
// precedence differ (its `not` binds tighter than `==`, it has no tests, filters or `not in`). This file
// parses the Jinja subset with Jinja's precedence and emits expr-eval source with explicit parentheses, in
// which every variable is a call to `__v("a", "b")`: lookups are strict and errors name the full path.

import { TokenCursor, tokenize, type Token } from './condition-tokens.js';

export { ExpressionSyntaxError } from './condition-tokens.js';

const COMPARISONS = new Set(['==', '!=', '<', '<=', '>', '>=']);
/** expr-eval cannot hold a null literal (it turns it into 0), hence a function call for Jinja's none. */
const NULL = '__null()';
const LITERALS = new Map([['true', 'true'], ['True', 'true'], ['false', 'false'], ['False', 'false'], ['none', NULL], ['None', NULL], ['null', NULL]]);

/** An emitted operand; `path` when it is a plain variable (which `is defined` and `default` need). */
type Operand = { code: string; path?: string[] };

const call = (fn: string, args: string[]) => `${fn}(${args.join(', ')})`;
const pathArgs = (path: string[]) => path.map((p) => JSON.stringify(p));

class Translator extends TokenCursor {
  constructor(
    tokens: Token[],
    private readonly functions: ReadonlySet<string>,
    private readonly tests: ReadonlySet<string>,
  ) {
    super(tokens);
  }

  translate(): string {
    const code = this.expression();
    if (this.peek().kind !== 'end') this.fail('expected an operator or the end');
    return code;
  }

  /** `a if c else b` (Jinja) and `c ? a : b`. */
  private expression(): string {
    const first = this.or();
    if (this.isWord('if')) {
      this.pos++;
      const cond = this.or();
      if (!this.isWord('else')) this.fail("expected 'else'");
      this.pos++;
      return `(${cond} ? ${first} : ${this.expression()})`;
    }
    if (this.isOp('?')) {
      this.pos++;
      const yes = this.expression();
      this.expect(':');
      return `(${first} ? ${yes} : ${this.expression()})`;
    }
    return first;
  }

  private or(): string {
    let left = this.and();
    while (this.isWord('or') || this.isOp('||')) {
      this.pos++;
      left = `(${left} or ${this.and()})`;
    }
    return left;
  }

  private and(): string {
    let left = this.not();
    while (this.isWord('and') || this.isOp('&&')) {
      this.pos++;
      left = `(${left} and ${this.not()})`;
    }
    return left;
  }

  /** Jinja's `not` binds looser than comparisons: `not a == b` is `not (a == b)`. */
  private not(): string {
    if (this.isWord('not') || this.isOp('!')) {
      this.pos++;
      return `(not ${this.not()})`;
    }
    return this.comparison();
  }

  private comparison(): string {
    let left = this.sum();
    for (;;) {
      if (this.isOp(...COMPARISONS)) {
        const op = this.next().text;
        left = `(${left} ${op} ${this.sum()})`;
      } else if (this.isWord('in')) {
        this.pos++;
        left = `(${left} in ${this.sum()})`;
      } else if (this.isWord('not') && this.isWord('in', 1)) {
        this.pos += 2;
        left = `(not (${left} in ${this.sum()}))`;
      } else return left;
    }
  }

  private sum(): string {
    let left = this.product();
    while (this.isOp('+', '-', '~')) {
      const op = this.next().text;
      const right = this.product();
      left = op === '~' ? call('__concat', [left, right]) : `(${left} ${op} ${right})`;
    }
    return left;
  }

  private product(): string {
    let left = this.unary();
    while (this.isOp('*', '/', '%')) {
      const op = this.next().text;
      left = `(${left} ${op} ${this.unary()})`;
    }
    return left;
  }

  private unary(): string {
    if (this.isOp('-')) {
      this.pos++;
      return `(-${this.unary()})`;
    }
    return this.postfix().code;
  }

  /** Filters (`x | length`) and tests (`x is defined`, `r is not changed`) after an operand. */
  private postfix(): Operand {
    let operand = this.primary();
    for (;;) {
      if (this.isOp('|')) {
        this.pos++;
        operand = { code: this.filter(operand) };
      } else if (this.isWord('is')) {
        this.pos++;
        const negate = this.isWord('not') ? (this.pos++, true) : false;
        const code = this.test(operand);
        operand = { code: negate ? `(not ${code})` : code };
      } else return operand;
    }
  }

  private filter(operand: Operand): string {
    const name = this.next();
    if (name.kind !== 'name') this.fail('expected a filter name after |', name);
    const args = this.isOp('(') ? this.args('(', ')') : [];
    if (name.text === 'default' || name.text === 'd') {
      if (args.length !== 1) this.fail('default takes one argument: x | default(fallback)', name);
      if (!operand.path) return call('__default', [operand.code, args[0]!]);
      return `(${call('__defined', pathArgs(operand.path))} ? ${operand.code} : ${args[0]})`;
    }
    this.known(name);
    return call(name.text, [operand.code, ...args]);
  }

  private test(operand: Operand): string {
    const name = this.next();
    if (name.kind !== 'name') this.fail('expected a test name after is', name);
    if (name.text === 'defined' || name.text === 'undefined') {
      if (!operand.path) this.fail(`'is ${name.text}' needs a variable name before it`, name);
      const defined = call('__defined', pathArgs(operand.path));
      return name.text === 'defined' ? defined : `(not ${defined})`;
    }
    if (LITERALS.get(name.text) === NULL) return `(${operand.code} == ${NULL})`;
    if (!this.tests.has(name.text)) this.fail(`unknown test (known: defined, undefined, none, ${[...this.tests].join(', ')})`, name);
    return call('__test', [JSON.stringify(name.text), operand.code]);
  }

  private known(name: Token): void {
    if (!this.functions.has(name.text)) this.fail(`unknown function (known: ${[...this.functions].filter((f) => !f.startsWith('__')).join(', ')})`, name);
  }

  /** Comma-separated expressions between `open` and `close`, each translated. */
  private args(open: string, close: string): string[] {
    this.expect(open);
    const args: string[] = [];
    while (!this.isOp(close)) {
      args.push(this.expression());
      if (!this.isOp(close)) this.expect(',');
    }
    this.pos++;
    return args;
  }

  private primary(): Operand {
    const t = this.peek();
    if (t.kind === 'str') return (this.pos++, { code: JSON.stringify(t.text) });
    if (t.kind === 'num') return (this.pos++, { code: t.text });
    if (this.isOp('(')) {
      this.pos++;
      const inner = this.expression();
      this.expect(')');
      return { code: `(${inner})` };
    }
    if (this.isOp('[')) return { code: `[${this.args('[', ']').join(', ')}]` };
    if (t.kind !== 'name' || ['and', 'or', 'not', 'in', 'is', 'if', 'else'].includes(t.text)) this.fail('expected a value');
    const literal = LITERALS.get(t.text);
    if (literal) return (this.pos++, { code: literal });
    if (this.peek(1).kind === 'op' && this.peek(1).text === '(') return this.functionCall();
    return this.variable();
  }

  private functionCall(): Operand {
    const name = this.next();
    if (name.text === 'defined' || name.text === 'undefined') {
      this.expect('(');
      const target = this.variable();
      this.expect(')');
      if (!target.path) this.fail(`${name.text}() needs a variable name`, name);
      const defined = call('__defined', pathArgs(target.path));
      return { code: name.text === 'defined' ? defined : `(not ${defined})` };
    }
    this.known(name);
    return { code: call(name.text, this.args('(', ')')) };
  }

  /** `a.b`, `a['k-y']`, `a[0]`; a computed index (`a[i]`) makes the rest a dynamic lookup. */
  private variable(): Operand {
    const path = [this.next().text];
    let code: string | undefined;
    for (;;) {
      if (this.isOp('.')) {
        this.pos++;
        const part = this.next();
        if (part.kind !== 'name' && part.kind !== 'num') this.fail('expected a key after .', part);
        if (code) code = call('__index', [code, JSON.stringify(part.text)]);
        else path.push(part.text);
      } else if (this.isOp('[')) {
        const literal = this.peek(1);
        const closes = this.peek(2).kind === 'op' && this.peek(2).text === ']';
        if (!code && closes && (literal.kind === 'str' || literal.kind === 'num')) {
          path.push(literal.text);
          this.pos += 3;
        } else {
          this.pos++;
          code = call('__index', [code ?? call('__v', pathArgs(path)), this.expression()]);
          this.expect(']');
        }
      } else break;
    }
    return code ? { code } : { code: call('__v', pathArgs(path)), path };
  }
}

/**
 * Translate a Jinja-style condition into expr-eval source; throws ExpressionSyntaxError. `functions` may be
 * called (`f(x)`, `x | f`); `tests` are the names allowed after `is` besides defined, undefined and none,
 * evaluated by `__test("name", x)`.
 */
export function translateExpression(src: string, functions: ReadonlySet<string>, tests: ReadonlySet<string>): string {
  return new Translator(tokenize(src), functions, tests).translate();
}
