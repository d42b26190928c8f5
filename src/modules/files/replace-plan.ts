// The text editing of Ansible's replace, ported from ansible-core's `main()`: every match of `regexp`
// (Python syntax, MULTILINE) is replaced with the `replace` template (`\1`, `\g<name>`), within the section
// after the first match of `after` and before the first following match of `before` (DOTALL, as Ansible
// builds `after(?P<subsection>.*?)before`). A section pattern that matches nothing changes nothing.
// Pure: text in, text out.

import { compilePyRegex, expandTemplate } from '../../engine/expressions/py-regex.js';

export interface ReplaceParams {
  regexp: string;
  replace: string;
  after?: string;
  before?: string;
}

export interface ReplaceResult {
  text: string;
  changed: boolean;
  /** Ansible's msg: `N replacements made`, the unmatched section message, or ''. */
  msg: string;
}

/** A pattern with Python inline flags added: merged into a leading `(?…)` group, which compilePyRegex reads. */
export function withFlags(pattern: string, flags: string): string {
  const lead = /^\(\?([aiLmsux]+)\)/.exec(pattern);
  return lead ? `(?${lead[1]}${flags})${pattern.slice(lead[0].length)}` : `(?${flags})${pattern}`;
}

/** Ansible's section pattern (its text is quoted in the message when it matches nothing), or '' for the whole file. */
export function sectionPattern(p: ReplaceParams): string {
  if (p.after && p.before) return `${p.after}(?P<subsection>.*?)${p.before}`;
  if (p.after) return `${p.after}(?P<subsection>.*)`;
  if (p.before) return `(?P<subsection>.*)${p.before}`;
  return '';
}

/** Python's re.subn: every non-overlapping match replaced by the expanded template; the count of matches. */
export function subn(pattern: string, template: string, text: string): [string, number] {
  const { re } = compilePyRegex(withFlags(pattern, 'm'));
  const global = new RegExp(re.source, `${re.flags}g`);
  let count = 0;
  // JavaScript's global replace steps over empty matches as Python 3.7+ does ('x*' on 'abxd': -a-b--d-).
  const out = text.replace(global, (...args: unknown[]) => {
    count++;
    const groupsAt = typeof args[args.length - 1] === 'object' ? args.length - 1 : -1;
    const offsetAt = groupsAt === -1 ? args.length - 2 : args.length - 3;
    const m = Object.assign(args.slice(0, offsetAt) as string[], {
      index: args[offsetAt] as number,
      input: text,
      groups: groupsAt === -1 ? undefined : (args[groupsAt] as Record<string, string>),
    }) as unknown as RegExpExecArray;
    return expandTemplate(template, m);
  });
  return [out, count];
}

export function editReplace(contents: string, p: ReplaceParams): ReplaceResult {
  const pattern = sectionPattern(p);
  let start = 0;
  let end = contents.length;
  if (pattern) {
    const { re } = compilePyRegex(withFlags(pattern, 's'));
    const m = new RegExp(re.source, `${re.flags}d`).exec(contents);
    const at = m?.indices?.groups?.subsection;
    if (!m || !at) return { text: contents, changed: false, msg: `Pattern for before/after params did not match the given file: ${pattern}` };
    [start, end] = at;
  }
  const section = contents.slice(start, end);
  const [replaced, count] = subn(p.regexp, p.replace, section);
  if (count === 0 || replaced === section) return { text: contents, changed: false, msg: '' };
  return { text: contents.slice(0, start) + replaced + contents.slice(end), changed: true, msg: `${count} replacements made` };
}
