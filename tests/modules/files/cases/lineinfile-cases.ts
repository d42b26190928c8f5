// lineinfile planning cases as data: file text and params in, file text, changed and msg out. The expected
// values are what ansible-core 2.14's lineinfile produces (checked with `oracle.ts` where Ansible is
// installed); `differs` marks a case where runbook deliberately does something else, and says why.

import type { LineEditParams } from '../../../../src/modules/files/lineinfile-plan.js';

export interface LineCase {
  name: string;
  before: string;
  params: Partial<LineEditParams>;
  after: string;
  msg: string;
  differs?: string;
}

export const lineCases: LineCase[] = [
  { name: 'appends a missing line at EOF', before: 'a\nb\n', params: { line: 'c' }, after: 'a\nb\nc\n', msg: 'line added' },
  { name: 'leaves a present line alone', before: 'a\nc\nb\n', params: { line: 'c' }, after: 'a\nc\nb\n', msg: '' },
  { name: 'ends an unterminated last line before appending', before: 'a', params: { line: 'c' }, after: 'a\nc\n', msg: 'line added' },
  { name: 'adds to an empty file', before: '', params: { line: 'c' }, after: 'c\n', msg: 'line added' },
  { name: 'regexp replaces the last matching line', before: 'x=1\ny\nx=2\n', params: { regexp: '^x=', line: 'x=3' }, after: 'x=1\ny\nx=3\n', msg: 'line replaced' },
  { name: 'firstmatch replaces the first matching line', before: 'x=1\ny\nx=2\n', params: { regexp: '^x=', line: 'x=3', firstmatch: true }, after: 'x=3\ny\nx=2\n', msg: 'line replaced' },
  { name: 'regexp matching the line as asked changes nothing', before: 'x=3\n', params: { regexp: '^x=', line: 'x=3' }, after: 'x=3\n', msg: '' },
  { name: 'regexp without match inserts at EOF', before: 'a\n', params: { regexp: '^x=', line: 'x=1' }, after: 'a\nx=1\n', msg: 'line added' },
  { name: 'regexp without match but the exact line present: no change', before: 'x=1\n', params: { regexp: '^y', line: 'x=1' }, after: 'x=1\n', msg: '' },
  { name: 'regexp $ matches before the newline, as in Python', before: 'key = old\n', params: { regexp: '^key = .*$', line: 'key = new' }, after: 'key = new\n', msg: 'line replaced' },
  { name: 'regexp . matches a \\r, as in Python', before: 'x=1\r\n', params: { regexp: '^x=.*$', line: 'x=2' }, after: 'x=2\n', msg: 'line replaced' },
  { name: 'a match wins over insertafter', before: 'x=1\nanchor\n', params: { regexp: '^x=', line: 'x=2', insertafter: '^anchor' }, after: 'x=2\nanchor\n', msg: 'line replaced' },
  { name: 'insertafter puts the line after the last match', before: 'a\nb\na\nc\n', params: { insertafter: '^a', line: 'N' }, after: 'a\nb\na\nN\nc\n', msg: 'line added' },
  { name: 'insertafter with firstmatch uses the first match', before: 'a\nb\na\nc\n', params: { insertafter: '^a', line: 'N', firstmatch: true }, after: 'a\nN\nb\na\nc\n', msg: 'line added' },
  { name: 'insertafter without match appends at EOF', before: 'a\n', params: { insertafter: '^zz', line: 'N' }, after: 'a\nN\n', msg: 'line added' },
  { name: 'insertafter when the line already follows: no change', before: 'a\nN\nb\n', params: { insertafter: '^a', line: 'N' }, after: 'a\nN\nb\n', msg: '' },
  { name: 'insertafter the last line', before: 'a\nb\n', params: { insertafter: '^b', line: 'N' }, after: 'a\nb\nN\n', msg: 'line added' },
  {
    name: 'insertafter an unterminated last line ends it first',
    before: 'a\nb',
    params: { insertafter: '^b', line: 'N' },
    after: 'a\nb\nN\n',
    msg: 'line added',
    differs: 'Ansible appends without ending the last line ("bN"), and the next run appends again; runbook ends the line first',
  },
  { name: 'insertbefore puts the line before the last match', before: 'a\nb\nc\nb\n', params: { insertbefore: '^b', line: 'N' }, after: 'a\nb\nc\nN\nb\n', msg: 'line added' },
  { name: 'insertbefore with firstmatch', before: 'a\nb\nc\nb\n', params: { insertbefore: '^b', line: 'N', firstmatch: true }, after: 'a\nN\nb\nc\nb\n', msg: 'line added' },
  { name: 'insertbefore BOF', before: 'a\n', params: { insertbefore: 'BOF', line: 'N' }, after: 'N\na\n', msg: 'line added' },
  { name: 'insertafter BOF', before: 'a\n', params: { insertafter: 'BOF', line: 'N' }, after: 'N\na\n', msg: 'line added' },
  { name: 'insertbefore without match appends at EOF', before: 'a\n', params: { insertbefore: '^zz', line: 'N' }, after: 'a\nN\n', msg: 'line added' },
  { name: 'insertbefore when the line is present: no change', before: 'a\nN\nb\n', params: { insertbefore: '^b', line: 'N' }, after: 'a\nN\nb\n', msg: '' },
  { name: 'backrefs expand numbered groups', before: 'JAVA -Xms512m -X\n', params: { regexp: '^(.*)Xms(\\d+)m(.*)$', line: '\\1Xms1024m\\3', backrefs: true }, after: 'JAVA -Xms1024m -X\n', msg: 'line replaced' },
  { name: 'backrefs expand named groups', before: 'host=old\n', params: { regexp: '^(?P<k>host=).*', line: '\\g<k>new', backrefs: true }, after: 'host=new\n', msg: 'line replaced' },
  { name: 'backrefs without a match leave the file alone', before: 'a\n', params: { regexp: '^(x)=', line: '\\1=1', backrefs: true }, after: 'a\n', msg: '' },
  { name: 'without backrefs, \\1 stays literal', before: 'a=1\n', params: { regexp: '^(a)=', line: '\\1=2' }, after: '\\1=2\n', msg: 'line replaced' },
  { name: 'search_string replaces the line containing it', before: '127.0.0.1 old\n::1 x\n', params: { search_string: '127.0.0.1', line: '127.0.0.1 localhost' }, after: '127.0.0.1 localhost\n::1 x\n', msg: 'line replaced' },
  { name: 'search_string is literal, not a regex', before: 'a.b\naxb\n', params: { search_string: 'a.b', line: 'Z' }, after: 'Z\naxb\n', msg: 'line replaced' },
  { name: 'a CRLF line equal to line is rewritten with LF', before: 'a\r\nb\r\n', params: { line: 'b' }, after: 'a\r\nb\n', msg: 'line replaced' },
  { name: 'case-insensitive inline flag', before: 'SELINUX=enforcing\n', params: { regexp: '(?i)^selinux=', line: 'SELINUX=permissive' }, after: 'SELINUX=permissive\n', msg: 'line replaced' },
  { name: 'absent removes every line matching regexp', before: 'a\n#x\nb\n#y\n', params: { state: 'absent', regexp: '^#' }, after: 'a\nb\n', msg: '2 line(s) removed' },
  { name: 'absent removes the exact line', before: 'a\nb\na\n', params: { state: 'absent', line: 'a' }, after: 'b\n', msg: '2 line(s) removed' },
  { name: 'absent with search_string', before: 'keep\ndrop me\n', params: { state: 'absent', search_string: 'drop' }, after: 'keep\n', msg: '1 line(s) removed' },
  { name: 'absent with nothing to remove', before: 'a\n', params: { state: 'absent', regexp: '^z' }, after: 'a\n', msg: '' },
];
