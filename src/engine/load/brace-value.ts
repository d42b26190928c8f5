// `msg: {{ x }} is here` is the classic YAML mistake of Ansible users: a plain value may not start with `{`,
// which opens a flow mapping, so the parser stops at `is here` with a message about tokens that suggests
// the indentation is wrong. Recognise such a line and say what to write instead.

import { parseDocument } from 'yaml';

/** Indentation, `- ` and `key: ` before a value starting with `{`; a trailing comment apart. */
const BRACE_VALUE = /^(\s*(?:-\s+)?(?:[^\s#{][^#]*?:\s+)?)(\{.*?)(\s+#.*)?\s*$/;

export interface BraceValue {
  /** The line with its value in double quotes. */
  quoted: string;
  hint: string;
}

/**
 * When `line`'s value starts with `{` and is not a flow mapping on its own (so quoting it is the fix): the
 * line quoted, and the hint `a value that starts with { must be quoted: msg: "{{ x }} is here"`.
 */
export function braceValue(line: string): BraceValue | undefined {
  const m = BRACE_VALUE.exec(line);
  if (!m) return undefined;
  const [, prefix, value, comment] = m;
  // A flow mapping that parses on its own is not this mistake: the error lies elsewhere.
  if (parseDocument(value!, { version: '1.1', uniqueKeys: false }).errors.length === 0) return undefined;
  const quoted = `${prefix}"${value!.replace(/["\\]/g, '\\$&')}"`;
  return { quoted: `${quoted}${comment ?? ''}`, hint: `a value that starts with { must be quoted: ${quoted.trim()}` };
}
