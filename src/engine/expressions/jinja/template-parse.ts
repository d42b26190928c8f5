// The statements of a Jinja2 template — if/elif/else, for (with `if`, `else`, tuple targets), set (and set
// blocks, namespace attributes), macro and call, include, filter blocks, with, block and extends — parsed into a tree
// the renderer walks. Expressions inside them use the one expression parser.

import type { Node } from './ast.js';
import { ExpressionParser } from './parse-expression.js';
import { ExpressionSyntaxError, tokenize } from './lexer.js';
import { lexTemplate, type Piece } from './template-lex.js';

export type Body = Stmt[];
export type Stmt =
  | { k: 'text'; text: string }
  | { k: 'out'; expr: Node; at: number }
  | { k: 'if'; branches: { test: Node; body: Body }[]; else?: Body }
  | { k: 'for'; targets: string[]; iter: Node; filter?: Node; body: Body; else?: Body }
  | { k: 'set'; name: string; attr?: string; more?: string[]; expr?: Node; body?: Body; filter?: Node }
  | { k: 'macro'; name: string; params: [string, Node | undefined][]; body: Body }
  | { k: 'call'; params: [string, Node | undefined][]; call: Node & { t: 'call' }; body: Body }
  | { k: 'include'; name: Node; ignoreMissing: boolean; at: number }
  | { k: 'filter'; filter: Node; body: Body }
  | { k: 'with'; assigns: [string, Node][]; body: Body }
  | { k: 'block'; name: string; body: Body }
  | { k: 'extends'; name: Node; at: number };

export interface ParsedTemplate {
  body: Body;
  blocks: Map<string, Body>;
  extends?: Node;
}

class TemplateParser {
  private i = 0;
  readonly blocks = new Map<string, Body>();
  extendsNode?: Node;
  constructor(
    private readonly pieces: Piece[],
    /** A playbook string's `{{ }}`: backslashes in string literals are kept (lexer.ts). */
    private readonly literalEscapes: boolean,
  ) {}

  /** Statements until one of `ends` (returned, its parser positioned after the keyword) or the end. */
  body(ends: string[]): { body: Body; end?: string; p?: ExpressionParser; at: number } {
    const body: Body = [];
    while (this.i < this.pieces.length) {
      const piece = this.pieces[this.i++]!;
      if (piece.kind === 'text') body.push({ k: 'text', text: piece.text });
      else if (piece.kind === 'expr') body.push({ k: 'out', expr: this.wholeExpression(piece), at: piece.open });
      else {
        const p = new ExpressionParser(tokenize(piece.src, piece.at));
        const word = p.name('a statement name');
        if (ends.includes(word)) return { body, end: word, p, at: piece.at };
        if (/^(?:end\w+|elif|else)$/.test(word)) {
          const expected = ends.length ? ` (the open block ends with ${ends.map((e) => `{% ${e} %}`).join(' or ')})` : ' (no block is open)';
          throw new ExpressionSyntaxError(`unexpected {% ${word} %}${expected}`, piece.open);
        }
        body.push(this.statement(word, p, piece.at));
      }
    }
    if (ends.length) throw new ExpressionSyntaxError(`missing {% ${ends.at(-1)} %}`, this.pieces.at(-1) && 'at' in this.pieces.at(-1)! ? (this.pieces.at(-1) as { at: number }).at : 0);
    return { body, at: 0 };
  }

  private wholeExpression(piece: { src: string; at: number }): Node {
    const p = new ExpressionParser(tokenize(piece.src, piece.at, this.literalEscapes));
    const node = p.expression();
    done(p);
    return node;
  }

  private until(...ends: string[]) {
    const r = this.body(ends);
    return r as Required<Pick<typeof r, 'end' | 'p'>> & typeof r;
  }

  private statement(word: string, p: ExpressionParser, at: number): Stmt {
    switch (word) {
      case 'if': {
        const branches = [{ test: end(p, p.expression()), body: [] as Body }];
        let elseBody: Body | undefined;
        for (;;) {
          const r = this.until('elif', 'else', 'endif');
          if (elseBody) elseBody = r.body;
          else branches.at(-1)!.body = r.body;
          if (r.end === 'endif') return (done(r.p), { k: 'if', branches, ...(elseBody ? { else: elseBody } : {}) });
          if (r.end === 'elif') branches.push({ test: end(r.p, r.p.expression()), body: [] });
          else (done(r.p), (elseBody = []));
        }
      }
      case 'for': {
        const targets = [p.name('a loop variable')];
        while (p.isOp(',')) (p.next(), targets.push(p.name('a loop variable')));
        if (!p.isWord('in')) p.fail("expected 'in'");
        p.next();
        const iter = p.expression(true);
        let filter: Node | undefined;
        if (p.isWord('if')) (p.next(), (filter = p.expression(true)));
        if (p.isWord('recursive')) p.fail('recursive loops are not supported');
        done(p);
        const r = this.until('else', 'endfor');
        const stmt: Stmt = { k: 'for', targets, iter, body: r.body, ...(filter ? { filter } : {}) };
        done(r.p);
        if (r.end === 'else') {
          const e = this.until('endfor');
          done(e.p);
          stmt.else = e.body;
        }
        return stmt;
      }
      case 'set': {
        const name = p.name('a variable name');
        let attr: string | undefined;
        if (p.isOp('.')) (p.next(), (attr = p.name('an attribute name')));
        const more: string[] = []; // `{% set a, b = 1, 2 %}`
        while (!attr && p.isOp(',')) (p.next(), more.push(p.name('a variable name')));
        if (p.isOp('=')) {
          p.next();
          // `= 1, 2` is a tuple, as in Jinja2
          const items = [p.expression()];
          while (p.isOp(',')) (p.next(), items.push(p.expression()));
          const expr = end<Node>(p, items.length > 1 ? { t: 'tuple', items } : items[0]!);
          return { k: 'set', name, ...(attr ? { attr } : {}), ...(more.length ? { more } : {}), expr };
        }
        if (more.length) p.expect('=');
        const filter = p.isOp('|') ? p.filters({ t: 'lit', v: '' }) : undefined;
        done(p);
        const r = this.until('endset');
        done(r.p);
        return { k: 'set', name, body: r.body, ...(filter ? { filter } : {}) };
      }
      case 'macro': {
        const name = p.name('a macro name');
        p.expect('(');
        const params = this.params(p);
        done(p);
        const r = this.until('endmacro');
        done(r.p);
        return { k: 'macro', name, params, body: r.body };
      }
      case 'call': {
        // `{% call(user) list_users(users) %}…{% endcall %}`: the body is the macro's `caller()`.
        const params = p.isOp('(') ? (p.next(), this.params(p)) : [];
        const call = end(p, p.expression());
        if (call.t !== 'call') p.fail('expected a macro call after {% call %}');
        const r = this.until('endcall');
        done(r.p);
        return { k: 'call', params, call: call as Node & { t: 'call' }, body: r.body };
      }
      case 'include': {
        const name = p.expression();
        let ignoreMissing = false;
        if (p.isWord('ignore')) (p.next(), p.name("'missing'"), (ignoreMissing = true));
        if (p.isWord('with') || p.isWord('without')) (p.next(), p.name("'context'"));
        done(p);
        return { k: 'include', name, ignoreMissing, at };
      }
      case 'filter': {
        const filter = end(p, p.filterBlock({ t: 'lit', v: '' }));
        const r = this.until('endfilter');
        done(r.p);
        return { k: 'filter', filter, body: r.body };
      }
      case 'with': {
        const assigns: [string, Node][] = [];
        while (p.peek().kind === 'name') {
          const n = p.name('a name');
          p.expect('=');
          assigns.push([n, p.expression()]);
          if (p.isOp(',')) p.next();
        }
        done(p);
        const r = this.until('endwith');
        done(r.p);
        return { k: 'with', assigns, body: r.body };
      }
      case 'block': {
        const name = p.name('a block name');
        done(p);
        const r = this.until('endblock');
        if (r.p.peek().kind === 'name') r.p.next();
        done(r.p);
        this.blocks.set(name, r.body);
        return { k: 'block', name, body: r.body };
      }
      case 'extends':
        this.extendsNode = end(p, p.expression());
        return { k: 'extends', name: this.extendsNode, at };
      default:
        throw new ExpressionSyntaxError(`unknown statement '${word}' (runbook's Jinja2 knows if, for, set, macro, call, include, filter, with, block, extends, raw)`, at);
    }
  }

  /** A macro's parameters after its `(`, with defaults: `(name, port=80)`. */
  private params(p: ExpressionParser): [string, Node | undefined][] {
    const params: [string, Node | undefined][] = [];
    while (!p.isOp(')')) {
      const param = p.name('a parameter name');
      params.push([param, p.isOp('=') ? (p.next(), p.expression()) : undefined]);
      if (!p.isOp(')')) p.expect(',');
    }
    p.next();
    return params;
  }
}

function done(p: ExpressionParser): void {
  if (p.peek().kind !== 'end') p.fail('expected the end of the statement');
}

function end<T>(p: ExpressionParser, value: T): T {
  done(p);
  return value;
}

/** Jinja2 drops one newline at the end of a template (keep_trailing_newline off); Ansible adds it back. */
export function parseTemplate(src: string, literalEscapes = false): ParsedTemplate {
  const parser = new TemplateParser(lexTemplate(src.replace(/\r?\n$/, '')), literalEscapes);
  const { body } = parser.body([]);
  return { body, blocks: parser.blocks, ...(parser.extendsNode ? { extends: parser.extendsNode } : {}) };
}
