// Tokens of a Jinja2 expression: strings (either quote, Python escapes, adjacent ones joined by the parser),
// integers and floats, names, operators. Offsets are kept so an error can point at its column.

export class ExpressionSyntaxError extends Error {
  constructor(
    message: string,
    /** 0-based offset in the expression. */
    readonly offset: number,
  ) {
    super(message);
  }
}

export type Token = { kind: 'str' | 'num' | 'name' | 'op' | 'end'; text: string; value?: unknown; at: number };

// Longest first. `&&`, `||`, `!` and `?` are not Jinja: they are read so the parser can say what to write instead.
const OPERATORS = ['**', '//', '==', '!=', '<=', '>=', '&&', '||', '<', '>', '+', '-', '*', '/', '%', '~', '|', '(', ')', '[', ']', '{', '}', ',', '.', ':', '=', '!', '?'];
const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '0': '\0', a: '\x07', b: '\b', f: '\f', v: '\v', '\\': '\\', "'": "'", '"': '"', '\n': '' };

/** `literal`: backslashes are kept as written (Ansible's escape_backslashes for `{{ }}` in playbook strings). */
function readString(src: string, i: number, literal: boolean): { text: string; end: number } {
  const q = src[i]!;
  let j = i + 1;
  let text = '';
  while (j < src.length && src[j] !== q) {
    if (src[j] === '\\' && j + 1 < src.length && literal) {
      text += src.slice(j, j + 2);
      j += 2;
      continue;
    }
    if (src[j] === '\\' && j + 1 < src.length) {
      const e = src[j + 1]!;
      const hex = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : 0;
      if (hex && /^[0-9a-fA-F]+$/.test(src.slice(j + 2, j + 2 + hex)) && src.slice(j + 2, j + 2 + hex).length === hex) {
        text += String.fromCodePoint(parseInt(src.slice(j + 2, j + 2 + hex), 16));
        j += 2 + hex;
        continue;
      }
      // Python keeps an unknown escape as it is: '\d' is backslash and d (regexps rely on it).
      text += ESCAPES[e] ?? `\\${e}`;
      j += 2;
      continue;
    }
    text += src[j++];
  }
  if (j >= src.length) throw new ExpressionSyntaxError('unterminated string', i);
  return { text, end: j + 1 };
}

/**
 * `literalEscapes`: inside `{{ }}` of a playbook string Ansible doubles every backslash in string literals
 * before Jinja2 reads them (so YAML's and Jinja's unescaping do not both apply): `'\\d'` stays two characters.
 */
export function tokenize(src: string, offset = 0, literalEscapes = false): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '"' || c === "'") {
      const s = readString(src, i, literalEscapes);
      tokens.push({ kind: 'str', text: s.text, value: s.text, at: offset + i });
      i = s.end;
    } else if (/[0-9]/.test(c)) {
      // After a dot (`servers.0.1`) a number is an index, never a float (Jinja's lexer does the same).
      const re = src[i - 1] === '.' ? /^\d+/ : /^\d[\d_]*(\.\d[\d_]*)?([eE][+-]?\d+)?/;
      const m = re.exec(src.slice(i))![0];
      tokens.push({ kind: 'num', text: m, value: Number(m.replaceAll('_', '')), at: offset + i });
      i += m.length;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_]\w*/.exec(src.slice(i))![0];
      tokens.push({ kind: 'name', text: m, at: offset + i });
      i += m.length;
    } else {
      const op = OPERATORS.find((o) => src.startsWith(o, i));
      if (!op) throw new ExpressionSyntaxError(`unexpected character '${c}'`, offset + i);
      tokens.push({ kind: 'op', text: op, at: offset + i });
      i += op.length;
    }
  }
  tokens.push({ kind: 'end', text: 'end of expression', at: offset + src.length });
  return tokens;
}
