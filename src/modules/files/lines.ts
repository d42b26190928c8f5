// Splitting text into lines the way Python does for lineinfile (`readlines`: only `\n` ends a line) and
// blockinfile (`splitlines(True)`: `\n`, `\r\n` and `\r`), each line keeping its ending, so that joining
// them gives back the exact text.

/** Python's `f.readlines()` on a binary file. */
export function readLines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

/** Python's `bytes.splitlines(keepends=True)`. */
export function splitLinesKeepEnds(text: string): string[] {
  return text.match(/[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$/g) ?? [];
}

/** A line without its ending (Python's `line.rstrip(b'\r\n')`). */
export function stripEol(line: string): string {
  return line.replace(/[\r\n]+$/, '');
}

export function endsWithEol(line: string): boolean {
  return line.endsWith('\n') || line.endsWith('\r');
}
