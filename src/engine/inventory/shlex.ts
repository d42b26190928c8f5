// Python's shlex.split(line, comments=True) in POSIX mode, which Ansible uses to cut an INI host line into
// the host and its key=value words: whitespace separates words, quotes group (and are removed), a backslash
// escapes the next character (inside double quotes only before " or \), and # outside quotes ends the line.

export class ShlexError extends Error {}

/** The words of the line, each with the 0-based column where it starts. */
export function shlexSplit(line: string): { word: string; col: number }[] {
  const out: { word: string; col: number }[] = [];
  let word: string | undefined;
  let start = 0;
  let i = 0;
  const begin = () => {
    if (word === undefined) {
      word = '';
      start = i;
    }
  };
  while (i < line.length) {
    const c = line[i]!;
    if (c === ' ' || c === '\t' || c === '\r' || c === '\n') {
      if (word !== undefined) out.push({ word, col: start });
      word = undefined;
      i++;
    } else if (c === '#') {
      break;
    } else if (c === "'" || c === '"') {
      begin();
      const close = line.indexOf(c, i + 1);
      let j = i + 1;
      if (c === "'") {
        if (close < 0) throw new ShlexError('No closing quotation');
        word += line.slice(j, close);
        i = close + 1;
        continue;
      }
      for (;;) {
        if (j >= line.length) throw new ShlexError('No closing quotation');
        const d = line[j]!;
        if (d === '"') break;
        if (d === '\\' && (line[j + 1] === '"' || line[j + 1] === '\\')) {
          word += line[j + 1];
          j += 2;
        } else {
          word += d;
          j++;
        }
      }
      i = j + 1;
    } else if (c === '\\') {
      begin();
      if (i + 1 >= line.length) throw new ShlexError('No escaped character');
      word += line[i + 1];
      i += 2;
    } else {
      begin();
      word += c;
      i++;
    }
  }
  if (word !== undefined) out.push({ word, col: start });
  return out;
}
