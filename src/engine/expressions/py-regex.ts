// Python regular expressions, as lineinfile/blockinfile users write them for Ansible, run on JavaScript's
// engine. The syntax is mostly shared; what differs in meaning is translated so a ported pattern matches
// the same lines: `$` (Python: end, or before a final newline), `.` (Python: anything but `\n`, so `\r`
// too), `^`/`$` under (?m) (Python: only `\n` ends a line), `\A` `\Z`, `\s` (ASCII in bytes patterns),
// `(?P<name>…)`, `(?P=name)`, leading inline flags, and a `]` first in a class. Replacement templates
// (`\1`, `\g<name>`, `\n`) follow Python's `match.expand`.

export interface PyRegex {
  re: RegExp;
  /** The pattern asked for (?m): blockinfile then matches across the whole file. */
  multiline: boolean;
}

const SPACE = ' \\t\\n\\r\\f\\v';

export function compilePyRegex(pattern: string): PyRegex {
  let src = pattern;
  let flags = '';
  const inline = /^\(\?([aiLmsux]+)\)/.exec(src);
  if (inline) {
    src = src.slice(inline[0].length);
    flags = inline[1]!;
    if (flags.includes('x')) throw new SyntaxError('the verbose flag (?x) is not supported; write the pattern without it');
  }
  const multiline = flags.includes('m');
  const dotall = flags.includes('s');
  let out = '';
  let inClass = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (c === '\\') {
      const n = src[i + 1] ?? '';
      i++;
      if (!inClass && n === 'A') out += '(?<![\\s\\S])';
      else if (!inClass && n === 'Z') out += '(?![\\s\\S])';
      else if (n === 's') out += inClass ? SPACE : `[${SPACE}]`;
      else if (n === 'S' && !inClass) out += `[^${SPACE}]`;
      else out += `\\${n}`;
    } else if (inClass) {
      if (c === ']') inClass = false;
      out += c;
    } else if (c === '[') {
      inClass = true;
      out += c;
      // Python reads a `]` right after `[` or `[^` as a literal; JavaScript would close the class.
      if (src[i + 1] === '^') out += src[++i];
      if (src[i + 1] === ']') {
        out += '\\]';
        i++;
      }
    } else if (c === '.') out += dotall ? '[\\s\\S]' : '[^\\n]';
    else if (c === '$') out += multiline ? '(?=\\n|(?![\\s\\S]))' : '(?=\\n?(?![\\s\\S]))';
    else if (c === '^') out += multiline ? '(?<=^|\\n)' : '^';
    else if (src.startsWith('(?P<', i)) {
      out += '(?<';
      i += 3;
    } else if (src.startsWith('(?P=', i)) {
      const end = src.indexOf(')', i);
      out += `\\k<${src.slice(i + 4, end)}>`;
      i = end;
    } else out += c;
  }
  return { re: new RegExp(out, flags.includes('i') ? 'i' : ''), multiline };
}

/** Python's `match.expand(template)`: group references and escapes in a replacement line. */
export function expandTemplate(template: string, m: RegExpExecArray): string {
  const group = (ref: string): string => {
    const byName = /^\d+$/.test(ref) ? undefined : m.groups;
    if (byName) {
      if (!(ref in byName)) throw new Error(`unknown group name '${ref}' in the replacement`);
      return byName[ref] ?? '';
    }
    const n = Number(ref);
    if (!Number.isInteger(n) || n >= m.length) throw new Error(`invalid group reference ${ref} in the replacement`);
    return m[n] ?? '';
  };
  const escapes: Record<string, string> = { n: '\n', t: '\t', r: '\r', f: '\f', v: '\v', a: '\x07', b: '\b', '\\': '\\' };
  return template.replace(/\\(g<([^>]*)>|0[0-7]{0,2}|[1-7][0-7]{2}|[1-9]\d?|[\s\S]?)/g, (whole, esc: string, named?: string) => {
    if (named !== undefined) return group(named);
    if (/^0|^[1-7][0-7]{2}$/.test(esc)) return String.fromCharCode(parseInt(esc, 8));
    if (/^\d/.test(esc)) return group(esc);
    if (esc in escapes) return escapes[esc]!;
    if (/^[A-Za-z]$/.test(esc)) throw new Error(`bad escape \\${esc} in the replacement`);
    return whole;
  });
}
