// ansible.cfg (and runbook.cfg, the same format) as Python's configparser reads it for Ansible: `[section]`
// headers, `key = value` or `key: value`, whole-line comments with # or ;, an inline comment after ` ;`,
// continuation lines indented under a key. Keys are case-insensitive (lowered), as in configparser.

import type { Loc, Problem } from '../errors.js';

export interface CfgEntry {
  value: string;
  loc: Loc;
}

export type CfgSections = Map<string, Map<string, CfgEntry>>;

export function parseCfg(text: string, file: string): { sections: CfgSections; problems: Problem[] } {
  const sections: CfgSections = new Map();
  const problems: Problem[] = [];
  let current: Map<string, CfgEntry> | undefined;
  let last: CfgEntry | undefined;
  text.split(/\r?\n/).forEach((raw, i) => {
    const loc = (col: number): Loc => ({ file, line: i + 1, col });
    const line = raw.trim();
    if (line === '' || line[0] === '#' || line[0] === ';') return;
    if (/^\s/.test(raw) && last) {
      last.value += `\n${line}`; // a continuation line
      return;
    }
    const section = /^\[([^\]]+)\]$/.exec(line);
    if (section) {
      const name = section[1]!.trim();
      current = sections.get(name) ?? new Map();
      sections.set(name, current);
      last = undefined;
      return;
    }
    const kv = /^([^=:]+?)\s*[=:]\s*(.*)$/.exec(line);
    if (!kv) {
      problems.push({ loc: loc(1), message: `expected key = value, got "${line}"`, hint: 'one setting per line under a [section], e.g. forks = 10' });
      return;
    }
    if (!current) {
      problems.push({ loc: loc(1), message: `"${kv[1]}" is outside any [section]`, hint: 'put settings under [defaults] or [privilege_escalation]' });
      return;
    }
    const value = kv[2]!.replace(/\s;.*$/, '');
    last = { value, loc: loc(raw.indexOf(kv[2]!) + 1 || 1) };
    current.set(kv[1]!.toLowerCase(), last);
  });
  return { sections, problems };
}
