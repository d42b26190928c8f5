// Compile-time checks of expressions and templates: the syntax, and that every filter and test named exists,
// so `validate` never passes what `apply` would reject.

import type { Node } from './ast.js';
import { hasFilter, hasTest, unknownName } from './environment.js';
import { ExpressionSyntaxError } from './lexer.js';
import type { Body, ParsedTemplate } from './template-parse.js';

function nodes(n: Node, out: Node[] = []): Node[] {
  out.push(n);
  for (const v of Object.values(n)) {
    if (v && typeof v === 'object' && 't' in v) nodes(v as Node, out);
    else if (Array.isArray(v)) for (const x of v) {
      if (x && typeof x === 'object' && 't' in x) nodes(x as Node, out);
      else if (Array.isArray(x)) for (const y of x) if (y && typeof y === 'object' && 't' in y) nodes(y as Node, out);
    }
  }
  return out;
}

/** Throws ExpressionSyntaxError at the first unknown filter or test (and, given `functions`, unknown call). */
export function checkNames(root: Node, functions?: readonly string[]): void {
  for (const n of nodes(root)) {
    if (n.t === 'filter' && !hasFilter(n.name)) throw new ExpressionSyntaxError(unknownName('filter', n.name), n.at);
    if (n.t === 'test' && !hasTest(n.name)) throw new ExpressionSyntaxError(unknownName('test', n.name), n.at);
    if (functions && n.t === 'call' && n.fn.t === 'name' && !functions.includes(n.fn.name)) {
      throw new ExpressionSyntaxError(`unknown function '${n.fn.name}' (known: ${functions.join(', ')})`, n.at);
    }
  }
}

function stmtExpressions(body: Body, out: Node[] = []): Node[] {
  for (const s of body) {
    for (const v of Object.values(s)) {
      if (v && typeof v === 'object' && 't' in v) out.push(v as Node);
    }
    if (s.k === 'if') for (const b of s.branches) (out.push(b.test), stmtExpressions(b.body, out));
    if ('body' in s && Array.isArray(s.body)) stmtExpressions(s.body, out);
    if ('else' in s && Array.isArray(s.else)) stmtExpressions(s.else, out);
    if (s.k === 'macro' || s.k === 'call') for (const [, d] of s.params) if (d) out.push(d);
    if (s.k === 'with') for (const [, v] of s.assigns) out.push(v);
  }
  return out;
}

export function checkTemplateNames(t: ParsedTemplate): void {
  for (const e of stmtExpressions(t.body)) checkNames(e);
}
