// YAML syntax errors as problems a person can act on: located, first line of the parser's message, and a
// hint by error code. A value that starts with an unquoted `{` gets its own hint, and since one such line
// can derail the parser for the rest of the file, the errors after it are those that remain once it is
// quoted: one mistake, one problem.

import type { LineCounter, YAMLError } from 'yaml';
import type { Problem } from '../errors.js';
import { braceValue } from './brace-value.js';

/** Parse `text` the way the loader does: its errors, and the line counter that locates them. */
export type ParseErrors = (text: string) => { errors: readonly YAMLError[]; lineCounter: LineCounter };

/** Parse errors whose usual cause is indentation, unless a `{` value explains them. */
const INDENTATION_CODES = new Set(['BAD_INDENT', 'MISSING_CHAR', 'UNEXPECTED_TOKEN']);

export function syntaxProblems(text: string, file: string, parse: ParseErrors): Problem[] {
  const { errors, lineCounter } = parse(text);
  const problems = errors.map((e): Problem => {
    const { line, col } = lineCounter.linePos(e.pos[0]);
    return { loc: { file, line, col }, message: firstLine(e.message), hint: hintFor(e.code) };
  });
  for (const [i, e] of errors.entries()) {
    const line = problems[i]!.loc!.line;
    const braced = INDENTATION_CODES.has(e.code) ? braceValue(lineText(text, lineCounter, line)) : undefined;
    if (!braced) continue;
    // Lines keep their numbers when one is quoted, so what the quoted text still gets wrong is located right.
    const rest = syntaxProblems(replaceLine(text, lineCounter, line, braced.quoted), file, parse);
    return [{ ...problems[i]!, hint: braced.hint }, ...rest.filter((p) => p.loc!.line !== line)].sort(
      (a, b) => a.loc!.line - b.loc!.line || a.loc!.col - b.loc!.col,
    );
  }
  return problems;
}

/** Line `line` (1-based) of `text`, without its line break. */
function lineText(text: string, counter: LineCounter, line: number): string {
  return text.slice(counter.lineStarts[line - 1], counter.lineStarts[line] ?? text.length).replace(/\r?\n$/, '');
}

function replaceLine(text: string, counter: LineCounter, line: number, replacement: string): string {
  const start = counter.lineStarts[line - 1]!;
  return text.slice(0, start) + replacement + text.slice(start + lineText(text, counter, line).length);
}

function firstLine(s: string): string {
  return s.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}

function hintFor(code: string): string | undefined {
  switch (code) {
    case 'DUPLICATE_KEY':
      return 'each key may appear once in a mapping; remove or rename one of them';
    case 'BAD_INDENT':
    case 'MISSING_CHAR':
    case 'UNEXPECTED_TOKEN':
      return 'check the indentation: items of one list or mapping must start in the same column, using spaces, not tabs';
    case 'TAB_AS_INDENT':
      return 'YAML indentation must use spaces, not tabs';
    case 'BLOCK_AS_IMPLICIT_KEY':
      return 'a key may be missing its colon, or a value needs quotes';
    default:
      return undefined;
  }
}
