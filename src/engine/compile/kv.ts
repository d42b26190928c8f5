// Ansible's string form of module arguments: `dest=/etc/motd mode=0644 content="two words"`.
// Splitting respects quotes and keeps `{{ ... }}` and `{% ... %}` together even when they hold spaces,
// as Ansible's split_args does.

export interface Token {
  /** The token as written (quotes kept). */
  raw: string;
  /** For `key=value` tokens: the key and the unquoted value. */
  key?: string;
  value?: string;
}

// Ansible's own keys may hold a dash (systemd's `daemon-reload=yes`, apt's `update-cache=yes`).
const KEY = /^([A-Za-z_][A-Za-z0-9_-]*)=/;

/** Split on unquoted whitespace outside templates; throws on an unterminated quote or template. */
export function splitArgs(text: string): Token[] {
  const raws: string[] = [];
  let current = '';
  let quote: string | undefined;
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    const pair = text.slice(i, i + 2);
    if (quote) {
      if (c === '\\' && i + 1 < text.length) {
        current += c + text[++i];
        continue;
      }
      if (c === quote) quote = undefined;
    } else if (pair === '{{' || pair === '{%') {
      depth++;
      current += pair;
      i++;
      continue;
    } else if (depth > 0 && (pair === '}}' || pair === '%}')) {
      depth--;
      current += pair;
      i++;
      continue;
    } else if (depth === 0 && (c === '"' || c === "'")) {
      quote = c;
    } else if (depth === 0 && /\s/.test(c)) {
      if (current !== '') raws.push(current);
      current = '';
      continue;
    }
    current += c;
  }
  if (quote) throw new Error(`unterminated ${quote} quote`);
  if (depth > 0) throw new Error('unterminated {{ or {% in the arguments');
  if (current !== '') raws.push(current);
  return raws.map(toToken);
}

function toToken(raw: string): Token {
  const m = KEY.exec(raw);
  if (!m) return { raw };
  return { raw, key: m[1]!, value: unquote(raw.slice(m[0].length)) };
}

/** `"a b"` → `a b`, `'x'` → `x`, with `\"` unescaped inside double quotes. */
function unquote(value: string): string {
  const q = value[0];
  if ((q === '"' || q === "'") && value.length >= 2 && value.endsWith(q)) {
    const inner = value.slice(1, -1);
    return q === '"' ? inner.replace(/\\(["\\])/g, '$1') : inner;
  }
  return value;
}
