// The block editing of Ansible's blockinfile, ported from ansible-core's `main()`: find the BEGIN/END marker
// lines, drop what lies between them (markers included), and put the new block there; without both markers,
// insert after/before the last line matching insertafter/insertbefore (the whole text with (?m)), else at
// EOF. An empty block removes it. Pure: text in (null = no file), text out.

import { compilePyRegex, expandTemplate } from '../../engine/expressions/py-regex.js';
import { splitLinesKeepEnds } from './lines.js';

export interface BlockEditParams {
  state: 'present' | 'absent';
  block: string;
  marker: string;
  marker_begin: string;
  marker_end: string;
  insertafter?: string;
  insertbefore?: string;
  append_newline?: boolean;
  prepend_newline?: boolean;
}

export interface BlockEditResult {
  text: string;
  changed: boolean;
  /** Ansible's msg: `Block inserted`, `Block removed`, `File created`, or ''. */
  msg: string;
}

const EOL = '\n';

/** The marker line for `{mark}` = begin or end (Python `re.sub`, so the value's escapes are read). */
export function markerLine(marker: string, mark: string): string {
  const m = /^/.exec('')!;
  return marker.split('{mark}').join(expandTemplate(mark, m)) + EOL;
}

export function editBlock(original: string | null, p: BlockEditParams): BlockEditResult {
  const lines = original === null ? [] : splitLinesKeepEnds(original);
  const present = p.state === 'present';
  let insertafter = p.insertafter;
  const insertbefore = p.insertbefore;
  if (insertbefore === undefined && insertafter === undefined) insertafter = 'EOF';
  const insertPattern = insertafter !== undefined && insertafter !== 'EOF' ? insertafter : insertbefore !== undefined && insertbefore !== 'BOF' ? insertbefore : undefined;
  const insertRe = insertPattern === undefined ? undefined : compilePyRegex(insertPattern);

  const marker0 = markerLine(p.marker, p.marker_begin);
  const marker1 = markerLine(p.marker, p.marker_end);
  let blockLines: string[] = [];
  if (present && p.block) {
    const block = p.block.endsWith(EOL) ? p.block : p.block + EOL;
    blockLines = [marker0, ...splitLinesKeepEnds(block), marker1];
  }

  let n0: number | undefined;
  let n1: number | undefined;
  lines.forEach((l, i) => {
    if (l === marker0) n0 = i;
    if (l === marker1) n1 = i;
  });

  if (n0 === undefined || n1 === undefined) {
    n0 = undefined;
    if (insertRe) {
      if (insertRe.multiline) {
        const m = original === null ? null : insertRe.re.exec(original);
        if (m && insertafter) n0 = countNewlines(original!, m.index + m[0].length);
        else if (m && insertbefore) n0 = countNewlines(original!, m.index);
      } else {
        lines.forEach((l, i) => {
          if (insertRe.re.exec(l)) n0 = i;
        });
      }
      if (n0 === undefined) n0 = lines.length;
      else if (insertafter !== undefined) n0 += 1;
    } else if (insertbefore !== undefined) n0 = 0; // BOF
    else n0 = lines.length; // EOF
  } else if (n0 < n1) {
    lines.splice(n0, n1 - n0 + 1);
  } else {
    lines.splice(n1, n0 - n1 + 1);
    n0 = n1;
  }

  // The line before the block must be terminated.
  if (n0 > 0 && !lines[n0 - 1]!.endsWith(EOL)) lines[n0 - 1] += EOL;
  if (p.prepend_newline && present && n0 !== 0 && lines[n0 - 1] !== EOL) {
    lines.splice(n0, 0, EOL);
    n0 += 1;
  }
  lines.splice(n0, 0, ...blockLines);
  if (p.append_newline && present) {
    const after = n0 + blockLines.length;
    if (after < lines.length && lines[after] !== EOL) lines.splice(after, 0, EOL);
  }

  const text = lines.join('');
  if (original === text) return { text, changed: false, msg: '' };
  if (original === null) return { text, changed: true, msg: 'File created' };
  return { text, changed: true, msg: blockLines.length === 0 ? 'Block removed' : 'Block inserted' };
}

function countNewlines(text: string, end: number): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
