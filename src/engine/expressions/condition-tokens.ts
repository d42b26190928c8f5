// Tokens of a condition (Jinja expression syntax): strings in either quotes, numbers, names, operators;
// and a cursor over them for the parser.

export class ExpressionSyntaxError extends Error {
  constructor(
    message: string,
    /** 0-based offset in the expression. */
    readonly offset: number,
  ) {
    super(message);
  }
}

export type Token = { kind: 'str' | 'num' | 'name' | 'op' | 'end'; text: string; at: number };

const OPERATORS = ['==', '!=', '<=', '>=', '&&', '||', '<', '>', '+', '-', '*', '/', '%', '~', '|', '(', ')', '[', ']', ',', '.', '?', ':', '!'];

export function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '"' || c === "'") {
      let j = i + 1;
      let text = '';
      while (j < src.length && src[j] !== c) {
        if (src[j] === '\\' && j + 1 < src.length) j++;
        text += src[j++];
      }
      if (j >= src.length) throw new ExpressionSyntaxError('unterminated string', i);
      tokens.push({ kind: 'str', text, at: i });
      i = j + 1;
    } else if (/[0-9]/.test(c)) {
      const m = /^\d+(\.\d+)?/.exec(src.slice(i))![0];
      tokens.push({ kind: 'num', text: m, at: i });
      i += m.length;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_]\w*/.exec(src.slice(i))![0];
      tokens.push({ kind: 'name', text: m, at: i });
      i += m.length;
    } else {
      const op = OPERATORS.find((o) => src.startsWith(o, i));
      if (!op) throw new ExpressionSyntaxError(`unexpected character '${c}'${c === '=' ? " (compare with '==')" : ''}`, i);
      tokens.push({ kind: 'op', text: op, at: i });
      i += op.length;
    }
  }
  tokens.push({ kind: 'end', text: 'end of expression', at: src.length });
  return tokens;
}

/** Reading position over the tokens, with the lookahead the parser needs. */
export class TokenCursor {
  protected pos = 0;
  constructor(private readonly tokens: Token[]) {}

  protected peek(offset = 0): Token {
    return this.tokens[Math.min(this.pos + offset, this.tokens.length - 1)]!;
  }
  protected isWord(text: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t.kind === 'name' && t.text === text;
  }
  protected isOp(...ops: string[]): boolean {
    const t = this.peek();
    return t.kind === 'op' && ops.includes(t.text);
  }
  protected next(): Token {
    return this.tokens[this.pos++]!;
  }
  protected expect(op: string): void {
    if (!this.isOp(op)) this.fail(`expected '${op}'`);
    this.pos++;
  }
  protected fail(message: string, token = this.peek()): never {
    throw new ExpressionSyntaxError(`${message}, found ${token.kind === 'end' ? 'the end' : `'${token.text}'`}`, token.at);
  }
}
