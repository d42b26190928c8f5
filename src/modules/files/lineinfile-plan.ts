// The line editing of Ansible's lineinfile, ported step by step from ansible-core's `present()` and
// `absent()` so a ported playbook edits a file exactly as Ansible would: the last match wins unless
// `firstmatch`, a match of `regexp`/`search_string` beats `insertafter`/`insertbefore`, `backrefs` never
// inserts, an existing identical line is left alone, and a missing final newline is added before appending.
// Pure: lines in (each with its ending, as `readLines` gives them), lines out.

import { compilePyRegex, expandTemplate } from '../../engine/expressions/py-regex.js';
import { endsWithEol, stripEol } from './lines.js';

export interface LineEditParams {
  state: 'present' | 'absent';
  line?: string;
  regexp?: string;
  search_string?: string;
  insertafter?: string;
  insertbefore?: string;
  backrefs?: boolean;
  firstmatch?: boolean;
}

export interface LineEditResult {
  lines: string[];
  changed: boolean;
  /** Ansible's msg: `line added`, `line replaced`, `N line(s) removed`, or ''. */
  msg: string;
  /** state=absent: how many lines were removed. */
  found?: number;
}

const EOL = '\n'; // os.linesep on the POSIX hosts runbook manages

export function editLines(input: readonly string[], p: LineEditParams): LineEditResult {
  return p.state === 'absent' ? absent(input, p) : present(input, p);
}

function present(input: readonly string[], p: LineEditParams): LineEditResult {
  const lines = [...input];
  const line = p.line ?? '';
  let insertafter = p.insertafter;
  const insertbefore = p.insertbefore;
  if (insertafter === undefined && insertbefore === undefined) insertafter = 'EOF';
  const re = p.regexp !== undefined ? compilePyRegex(p.regexp).re : undefined;
  const insRe =
    insertafter !== undefined && insertafter !== 'BOF' && insertafter !== 'EOF'
      ? compilePyRegex(insertafter).re
      : insertbefore !== undefined && insertbefore !== 'BOF'
        ? compilePyRegex(insertbefore).re
        : undefined;

  // index[0]: the line matched by regexp/search_string (or equal to `line`); index[1]: the insert point.
  const index = [-1, -1];
  let match: RegExpExecArray | boolean | null = null;
  if (re) {
    for (let n = 0; n < lines.length; n++) {
      const m = re.exec(lines[n]!);
      if (m) {
        index[0] = n;
        match = m;
        if (p.firstmatch) break;
      }
    }
  }
  if (p.search_string !== undefined) {
    for (let n = 0; n < lines.length; n++) {
      if (lines[n]!.includes(p.search_string)) {
        index[0] = n;
        match = true;
        if (p.firstmatch) break;
      }
    }
  }
  if (!match) {
    for (let n = 0; n < lines.length; n++) {
      if (line === stripEol(lines[n]!)) {
        index[0] = n;
      } else if (insRe && insRe.exec(lines[n]!)) {
        if (insertafter) {
          index[1] = n + 1;
          if (p.firstmatch) break;
        }
        if (insertbefore) {
          index[1] = n;
          if (p.firstmatch) break;
        }
      }
    }
  }

  const added = (): LineEditResult => ({ lines, changed: true, msg: 'line added' });
  const unchanged = (): LineEditResult => ({ lines, changed: false, msg: '' });

  if (index[0] !== -1) {
    // Ansible's branch for "no regexp, no search_string, no exact line" cannot be reached here: without
    // them index[0] is only set by an exact line match.
    let newLine = p.backrefs && match && typeof match !== 'boolean' ? expandTemplate(line, match) : line;
    if (!newLine.endsWith(EOL)) newLine += EOL;
    if (lines[index[0]!] === newLine) return unchanged();
    lines[index[0]!] = newLine;
    return { lines, changed: true, msg: 'line replaced' };
  }
  if (p.backrefs) return unchanged(); // not safe to build the line without a match to fill the references
  if (insertbefore === 'BOF' || insertafter === 'BOF') {
    lines.unshift(line + EOL);
    return added();
  }
  if (insertafter === 'EOF' || index[1] === -1) {
    if (lines.length > 0 && !endsWithEol(lines[lines.length - 1]!)) lines.push(EOL);
    lines.push(line + EOL);
    return added();
  }
  if (insertafter && index[1] !== -1) {
    // Don't insert when the line is already right there.
    if (lines.length === index[1]) {
      if (stripEol(lines[index[1]! - 1]!) === line) return unchanged();
      // Deliberate fix: Ansible appends here without ending an unterminated last line, gluing the new
      // line onto it ("aline"); we end it first, as Ansible itself does when appending at EOF.
      if (!endsWithEol(lines[lines.length - 1]!)) lines[lines.length - 1] += EOL;
      lines.push(line + EOL);
      return added();
    }
    if (stripEol(lines[index[1]!]!) === line) return unchanged();
    lines.splice(index[1]!, 0, line + EOL);
    return added();
  }
  lines.splice(index[1]!, 0, line + EOL);
  return added();
}

function absent(input: readonly string[], p: LineEditParams): LineEditResult {
  const re = p.regexp !== undefined ? compilePyRegex(p.regexp).re : undefined;
  const matches = (l: string): boolean =>
    re ? re.exec(l) !== null : p.search_string !== undefined ? l.includes(p.search_string) : p.line === stripEol(l);
  const lines = input.filter((l) => !matches(l));
  const found = input.length - lines.length;
  return { lines, changed: found > 0, msg: found > 0 ? `${found} line(s) removed` : '', found };
}
