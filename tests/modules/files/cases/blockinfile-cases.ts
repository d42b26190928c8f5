// blockinfile planning cases as data: file text (null: no file) and params in, file text, changed and msg
// out. Expected values are what ansible-core 2.14's blockinfile produces (checked with `oracle.ts`).

import type { BlockEditParams } from '../../../../src/modules/files/blockinfile-plan.js';

export interface BlockCase {
  name: string;
  before: string | null;
  params: Partial<BlockEditParams>;
  after: string;
  msg: string;
  /** The Ansible version that added a parameter the case uses (the oracle skips it on older ones). */
  since?: string;
}

const B = '# BEGIN ANSIBLE MANAGED BLOCK\n';
const E = '# END ANSIBLE MANAGED BLOCK\n';

export const blockCases: BlockCase[] = [
  { name: 'inserts a new block at EOF', before: 'a\n', params: { block: 'x\ny' }, after: `a\n${B}x\ny\n${E}`, msg: 'Block inserted' },
  { name: 'the same block again changes nothing', before: `a\n${B}x\ny\n${E}b\n`, params: { block: 'x\ny\n' }, after: `a\n${B}x\ny\n${E}b\n`, msg: '' },
  { name: 'updates the block between the markers in place', before: `a\n${B}old\n${E}b\n`, params: { block: 'new' }, after: `a\n${B}new\n${E}b\n`, msg: 'Block inserted' },
  { name: 'state absent removes the block and its markers', before: `a\n${B}x\n${E}b\n`, params: { state: 'absent' }, after: 'a\nb\n', msg: 'Block removed' },
  { name: 'an empty block removes it too', before: `a\n${B}x\n${E}`, params: { block: '' }, after: 'a\n', msg: 'Block removed' },
  { name: 'absent without markers changes nothing', before: 'a\n', params: { state: 'absent' }, after: 'a\n', msg: '' },
  { name: 'ends an unterminated last line before the block', before: 'a', params: { block: 'x' }, after: `a\n${B}x\n${E}`, msg: 'Block inserted' },
  { name: 'insertbefore BOF', before: 'a\n', params: { block: 'x', insertbefore: 'BOF' }, after: `${B}x\n${E}a\n`, msg: 'Block inserted' },
  { name: 'insertafter the last matching line', before: 'a\nb\na\nc\n', params: { block: 'x', insertafter: '^a' }, after: `a\nb\na\n${B}x\n${E}c\n`, msg: 'Block inserted' },
  { name: 'insertbefore the last matching line', before: 'a\nb\nc\nb\n', params: { block: 'x', insertbefore: '^b' }, after: `a\nb\nc\n${B}x\n${E}b\n`, msg: 'Block inserted' },
  { name: 'insertafter without match goes to EOF', before: 'a\n', params: { block: 'x', insertafter: '^zz' }, after: `a\n${B}x\n${E}`, msg: 'Block inserted' },
  { name: 'insertafter with (?m) matches across lines', before: 'L =\n  (S =\nz\n', params: { block: 'x', insertafter: '(?m)L =\\n.*\\(S =' }, after: `L =\n  (S =\n${B}x\n${E}z\n`, msg: 'Block inserted' },
  { name: 'custom marker with marker_begin/marker_end', before: '<a>\n', params: { block: 'x', marker: '<!-- {mark} -->', marker_begin: 'start', marker_end: 'stop' }, after: '<a>\n<!-- start -->\nx\n<!-- stop -->\n', msg: 'Block inserted' },
  { name: 'only a BEGIN marker: a new block is added at EOF', before: `${B}x\n`, params: { block: 'x' }, after: `${B}x\n${B}x\n${E}`, msg: 'Block inserted' },
  { name: 'markers in the wrong order are handled', before: `a\n${E}x\n${B}b\n`, params: { block: 'y' }, after: `a\n${B}y\n${E}b\n`, msg: 'Block inserted' },
  { name: 'a missing file is created with the block', before: null, params: { block: 'x' }, after: `${B}x\n${E}`, msg: 'File created' },
  { name: 'prepend_newline and append_newline add blank lines around it', before: 'a\nb\n', params: { block: 'x', insertafter: '^a', prepend_newline: true, append_newline: true }, after: `a\n\n${B}x\n${E}\nb\n`, msg: 'Block inserted', since: '2.16' },
  { name: 'CRLF lines are split as Python splitlines does', before: 'a\r\nb\r\n', params: { block: 'x', insertafter: '^a' }, after: `a\r\n${B}x\n${E}b\r\n`, msg: 'Block inserted' },
];
