// Python's ast.literal_eval for the values of an INI inventory. Ansible reads every INI value through it
// (plugins/inventory/ini.py `_parse_value`) and keeps the text unchanged when it is not a literal, so `a=1`
// is the number 1, `a=True` is true, `a="x"` is "x", `a=[1, 'b']` is a list, but `a=yes` and `a=true` stay
// strings. Supported: str (quotes, triple quotes, escapes, r/u/b prefixes, implicit concatenation), int (with
// 0x/0o/0b and underscores), float, True/False/None, list, tuple (as a list), dict, set (as a list), and a
// sign before a number. Anything else (names, calls, operators, complex numbers) is "not a literal".

export type PyValue = string | number | boolean | null | PyValue[] | { [key: string]: PyValue };

class NotLiteral extends Error {}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', v: '\v', '0': '\0', '\n': '' };

class Reader {
  pos = 0;
  constructor(readonly text: string) {}

  skipSpace(): void {
    while (this.pos < this.text.length && /[ \t\r\n]/.test(this.text[this.pos]!)) this.pos++;
  }

  peek(): string {
    this.skipSpace();
    return this.text[this.pos] ?? '';
  }

  expect(c: string): void {
    if (this.peek() !== c) throw new NotLiteral();
    this.pos++;
  }

  value(): PyValue {
    const c = this.peek();
    if (c === '[') return this.sequence('[', ']');
    if (c === '(') return this.sequence('(', ')', true);
    if (c === '{') return this.braces();
    if (c === '+' || c === '-') {
      this.pos++;
      const n = this.value();
      if (typeof n !== 'number') throw new NotLiteral();
      return c === '-' ? -n : n;
    }
    const str = /^([rRuUbB]{0,2})(['"])/.exec(this.text.slice(this.pos));
    if (str) return this.strings();
    const word = /^[A-Za-z_]\w*/.exec(this.text.slice(this.pos))?.[0];
    if (word !== undefined) {
      this.pos += word.length;
      if (word === 'True') return true;
      if (word === 'False') return false;
      if (word === 'None') return null;
      throw new NotLiteral();
    }
    return this.number();
  }

  /** `'a' "b"` is one string "ab", as in Python. */
  strings(): string {
    let out = '';
    for (;;) {
      const m = /^([rRuUbB]{0,2})('''|"""|'|")/.exec(this.text.slice(this.pos));
      if (!m) return out;
      this.pos += m[0].length;
      out += this.stringBody(m[2]!, /r/i.test(m[1]!));
      this.skipSpace();
    }
  }

  stringBody(quote: string, raw: boolean): string {
    let out = '';
    for (;;) {
      if (this.pos >= this.text.length) throw new NotLiteral();
      if (this.text.startsWith(quote, this.pos)) {
        this.pos += quote.length;
        return out;
      }
      const c = this.text[this.pos++]!;
      if (c === '\n' && quote.length === 1) throw new NotLiteral();
      if (c !== '\\') out += c;
      else if (raw) out += c + (this.text[this.pos++] ?? '');
      else out += this.escape();
    }
  }

  escape(): string {
    const c = this.text[this.pos++] ?? '';
    if (c in ESCAPES) return ESCAPES[c]!;
    const hex = c === 'x' ? 2 : c === 'u' ? 4 : c === 'U' ? 8 : 0;
    if (hex > 0) {
      const digits = this.text.slice(this.pos, this.pos + hex);
      if (!new RegExp(`^[0-9a-fA-F]{${hex}}$`).test(digits)) throw new NotLiteral();
      this.pos += hex;
      return String.fromCodePoint(Number.parseInt(digits, 16));
    }
    const octal = /^[0-7]{1,3}/.exec(this.text.slice(this.pos - 1))?.[0];
    if (octal) {
      this.pos += octal.length - 1;
      return String.fromCharCode(Number.parseInt(octal, 8));
    }
    return `\\${c}`; // Python keeps unknown escapes as written
  }

  number(): number {
    const rest = this.text.slice(this.pos);
    const m =
      /^0[xX](?:_?[0-9a-fA-F])+|^0[oO](?:_?[0-7])+|^0[bB](?:_?[01])+/.exec(rest) ??
      /^(?:\d(?:_?\d)*)?(?:\.(?:\d(?:_?\d)*)?)?(?:[eE][+-]?\d(?:_?\d)*)?/.exec(rest);
    const text = m?.[0] ?? '';
    if (!/\d/.test(text) || /^[jJ\w.]/.test(rest.slice(text.length))) throw new NotLiteral();
    this.pos += text.length;
    const clean = text.replace(/_/g, '');
    if (/^0[xob]/i.test(clean)) return Number(clean.toLowerCase());
    // Python 3 refuses 0123 (a leading zero on a non-zero decimal int).
    if (/^0\d*[1-9]\d*$/.test(clean)) throw new NotLiteral();
    return Number(clean);
  }

  sequence(open: string, close: string, tuple = false): PyValue[] {
    this.expect(open);
    const out: PyValue[] = [];
    let commas = 0;
    while (this.peek() !== close) {
      out.push(this.value());
      if (this.peek() !== ',') break;
      this.pos++;
      commas++;
    }
    this.expect(close);
    // `(1)` is the number 1, `(1,)` a tuple.
    if (tuple && out.length === 1 && commas === 0) return out[0] as PyValue[];
    return out;
  }

  /** A dict, or a set (kept as a list). Keys become strings, as JSON (and ansible-inventory) shows them. */
  braces(): PyValue {
    this.expect('{');
    if (this.peek() === '}') {
      this.pos++;
      return {};
    }
    const first = this.value();
    if (this.peek() !== ':') {
      const set = [first];
      while (this.peek() === ',') {
        this.pos++;
        if (this.peek() === '}') break;
        set.push(this.value());
      }
      this.expect('}');
      return set;
    }
    const out: Record<string, PyValue> = {};
    let key = first;
    for (;;) {
      this.expect(':');
      out[keyText(key)] = this.value();
      if (this.peek() !== ',') break;
      this.pos++;
      if (this.peek() === '}') break;
      key = this.value();
    }
    this.expect('}');
    return out;
  }
}

function keyText(key: PyValue): string {
  if (key === null) return 'null';
  if (typeof key === 'object') throw new NotLiteral(); // unhashable in Python
  return String(key);
}

/** The literal the text is, or the text itself when it is not one (as Ansible's INI parser does). */
export function parsePythonLiteral(text: string): PyValue {
  const reader = new Reader(text.replace(/^[ \t]+/, ''));
  try {
    const value = reader.value();
    reader.skipSpace();
    if (reader.pos !== reader.text.length) return text;
    return value;
  } catch (e) {
    if (e instanceof NotLiteral) return text;
    throw e;
  }
}
