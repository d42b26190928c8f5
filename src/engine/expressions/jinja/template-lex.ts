// Split a Jinja2 template into text, `{{ expression }}`, `{% statement %}` and comments, applying Jinja2's
// whitespace control as Ansible configures it: `{{-`/`-}}` (and the same on `{%`/`{#`) strip whitespace on
// that side, trim_blocks drops the first newline after a statement or comment, `{% raw %}` is copied as it is.

import { ExpressionSyntaxError } from './lexer.js';

export type Piece =
  | { kind: 'text'; text: string }
  | { kind: 'expr'; src: string; at: number; open: number }
  | { kind: 'stmt'; src: string; at: number; open: number };

/**
 * End of a tag: the offset of `close` outside quoted strings and brackets — as Jinja2's lexer balances them,
 * so `{{ {'a': {'b': 1}} }}` ends at the last `}}`.
 */
function findClose(src: string, from: number, close: string): number {
  let quote: string | undefined;
  let depth = 0;
  for (let i = from; i < src.length; i++) {
    const c = src[i]!;
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (depth === 0 && src.startsWith(close, i)) return i;
    else if (c === '{' || c === '[' || c === '(') depth++;
    else if ((c === '}' || c === ']' || c === ')') && depth > 0) depth--;
  }
  return -1;
}

export function lexTemplate(src: string, trimBlocks = true): Piece[] {
  const pieces: Piece[] = [];
  let text = '';
  let i = 0;
  let lstripNext = false;
  const pushText = () => {
    if (text) pieces.push({ kind: 'text', text });
    text = '';
  };
  while (i < src.length) {
    const open = /\{[{%#]/g;
    open.lastIndex = i;
    const m = open.exec(src);
    if (!m) {
      text += lstripNext ? src.slice(i).replace(/^\s+/, '') : src.slice(i);
      break;
    }
    let before = src.slice(i, m.index);
    if (lstripNext) before = before.replace(/^\s+/, '');
    lstripNext = false;
    const kind = m[0][1]!;
    const close = kind === '{' ? '}}' : kind === '%' ? '%}' : '#}';
    let start = m.index + 2;
    if (src[start] === '-') {
      before = before.replace(/\s+$/, '');
      start++;
    } else if (src[start] === '+') start++;
    text += before;
    const end = kind === '#' ? src.indexOf('#}', start) : findClose(src, start, close);
    if (end < 0) throw new ExpressionSyntaxError(`unclosed ${m[0]} (expected '${close}')`, m.index);
    let inner = src.slice(start, end);
    const stripAfter = inner.endsWith('-');
    const keepNewline = inner.endsWith('+'); // `+%}` turns trim_blocks off for this tag
    if (stripAfter || keepNewline) inner = inner.slice(0, -1);
    i = end + 2;
    lstripNext = stripAfter;
    // Jinja2's `{% raw %}` keeps the newline after it (trim_blocks applies to its `{% endraw %}` only).
    if (kind === '%' && /^\s*raw\s*$/.test(inner)) {
      if (stripAfter) i += /^\s*/.exec(src.slice(i))![0].length; // `{% raw -%}` strips what follows
      lstripNext = false;
      const endRaw = /\{%-?\s*endraw\s*-?%\}/g;
      endRaw.lastIndex = i;
      const r = endRaw.exec(src);
      if (!r) throw new ExpressionSyntaxError('{% raw %} without {% endraw %}', m.index);
      let raw = src.slice(i, r.index);
      if (r[0].startsWith('{%-')) raw = raw.replace(/\s+$/, '');
      text += raw;
      i = r.index + r[0].length;
      if (r[0].endsWith('-%}')) lstripNext = true;
      else if (trimBlocks && src[i] === '\n') i++;
      continue;
    }
    const trim = kind !== '{' && trimBlocks && !stripAfter && !keepNewline;
    if (trim && src[i] === '\n') i++;
    else if (trim && src.startsWith('\r\n', i)) i += 2;
    if (kind === '#') continue;
    pushText();
    pieces.push(kind === '{' ? { kind: 'expr', src: inner, at: start, open: m.index } : { kind: 'stmt', src: inner, at: start, open: m.index });
  }
  pushText();
  return pieces;
}
