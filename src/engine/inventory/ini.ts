// Ansible's INI inventory format, read as ansible-core's plugins/inventory/ini.py reads it, into the same
// group and host definitions as the YAML format:
//   host lines before any section are ungrouped; `[web]` lists hosts (`web[01:10]:2222 ansible_user=x`),
//   `[web:children]` child groups, `[web:vars]` key=value lines; `#` and `;` start comment lines.
// Values go through Python's literal syntax as Ansible's do (`1` is a number, `yes` a string). Host lines are
// split like a shell line (quotes removed, `#` ends it); `[g:vars]` values are taken whole, `#` included.
// Every problem is reported at file:line:col, all at once.

import type { Loc, Problem } from '../errors.js';
import { withPositions } from '../load/yaml.js';
import { expandHostRange, HostRangeError, splitPort } from './host-range.js';
import { cycles, nameClashes, type GroupDef, type HostDef, type Mapping, type ParsedInventory } from './parse.js';
import { parsePythonLiteral } from './python-literal.js';
import { shlexSplit, ShlexError } from './shlex.js';

const SECTION = /^\[([^:\]\s]+)(?::(\w+))?\]\s*(?:#.*)?$/;
const GROUP_NAME = /^([^:\]\s]+)\s*(?:#.*)?$/;

/** A mapping whose keys and values know where they were written. */
class LocatedMapping {
  readonly value: Mapping = {};
  private readonly keys: Record<string, Loc> = {};
  private readonly values: Record<string, Loc> = {};
  constructor(private readonly self: Loc) {
    withPositions(this.value, { self, keys: this.keys, values: this.values });
  }
  set(key: string, value: unknown, keyLoc: Loc, valueLoc: Loc): void {
    this.value[key] = value;
    this.keys[key] = keyLoc;
    this.values[key] = valueLoc;
  }
}

export function parseIniInventory(text: string, file: string): ParsedInventory {
  const groups = new Map<string, GroupDef>();
  const hosts = new Map<string, HostDef>();
  const problems: Problem[] = [];
  const declaredAt = new Map<string, Loc>(); // [g:vars] sections, checked at the end
  let lineNo = 0;
  const at = (col: number): Loc => ({ file, line: lineNo, col: col + 1 });

  const group = (name: string): GroupDef => {
    let g = groups.get(name);
    if (!g) groups.set(name, (g = { name, hosts: [], children: [], vars: [], settings: { values: {}, locs: {} }, defined: false, refs: [] }));
    return g;
  };
  group('all').defined = true;
  group('ungrouped').defined = true;

  let current = 'ungrouped';
  let state = 'hosts';
  let sectionVars: LocatedMapping | undefined;

  const hostLine = (line: string, indent: number) => {
    let words: { word: string; col: number }[];
    try {
      words = shlexSplit(line);
    } catch (e) {
      if (!(e instanceof ShlexError)) throw e;
      problems.push({ loc: at(indent), message: `cannot read host line: ${e.message}`, hint: 'close the quote, or escape it with a backslash' });
      return;
    }
    if (words.length === 0) return;
    const [first, ...rest] = words;
    const { pattern, port } = splitPort(first!.word);
    if (first!.word.endsWith(':') && port === undefined) {
      problems.push({ loc: at(indent), message: `host "${first!.word}" ends in ":"`, hint: 'a : after a host name introduces its port: web1:2222' });
      return;
    }
    let names: string[];
    try {
      names = expandHostRange(pattern);
    } catch (e) {
      if (!(e instanceof HostRangeError)) throw e;
      problems.push({ loc: at(indent), message: `${e.message} in "${first!.word}"`, hint: 'ranges are [01:10], [a:f] or [1:10:2] (begin:end:step)' });
      return;
    }
    const vars = new LocatedMapping(at(indent));
    if (port !== undefined) vars.set('ansible_port', port, at(indent), at(indent + pattern.length + 1));
    for (const { word, col } of rest) {
      const eq = word.indexOf('=');
      if (eq <= 0) {
        problems.push({ loc: at(indent + col), message: `expected key=value after the host name, got "${word}"`, hint: 'host variables are written name=value; quote values with spaces: motd="hello world"' });
        continue;
      }
      vars.set(word.slice(0, eq), parsePythonLiteral(word.slice(eq + 1)), at(indent + col), at(indent + col + eq + 1));
    }
    // Hosts of the implicit ungrouped section are hosts of `all`: they become ungrouped unless listed elsewhere.
    const into = group(current === 'ungrouped' ? 'all' : current);
    for (const name of names) {
      let h = hosts.get(name);
      if (!h) hosts.set(name, (h = { name, vars: [], settings: { values: {}, locs: {} }, loc: at(indent) }));
      if (!into.hosts.includes(name)) into.hosts.push(name);
      h.vars.push(vars.value);
    }
  };

  const varLine = (line: string, indent: number) => {
    const eq = line.indexOf('=');
    if (eq < 0) {
      problems.push({ loc: at(indent), message: `expected key=value in [${current}:vars], got "${line}"`, hint: 'one variable per line: http_port=80' });
      return;
    }
    const key = line.slice(0, eq).trim();
    const raw = line.slice(eq + 1);
    const valueCol = indent + eq + 1 + (raw.length - raw.trimStart().length);
    sectionVars!.set(key, parsePythonLiteral(raw.trim()), at(indent), at(valueCol));
  };

  const childLine = (line: string, indent: number) => {
    const name = GROUP_NAME.exec(line)?.[1];
    if (!name) {
      problems.push({ loc: at(indent), message: `expected a group name in [${current}:children], got "${line}"`, hint: 'one group name per line, without spaces or ":"' });
      return;
    }
    const parent = group(current);
    if (!parent.children.includes(name)) parent.children.push(name);
    group(name).refs.push({ parent: current, loc: at(indent) });
  };

  for (const raw of text.split(/\r?\n/)) {
    lineNo++;
    const line = raw.trim();
    const indent = raw.length - raw.trimStart().length;
    if (line === '' || line[0] === '#' || line[0] === ';') continue;
    const section = SECTION.exec(line);
    if (section) {
      current = section[1]!;
      state = section[2] ?? 'hosts';
      if (!['hosts', 'children', 'vars'].includes(state)) {
        problems.push({ loc: at(indent + current.length + 2), message: `section [${current}:${state}] has an unknown type "${state}"`, hint: 'a section is [group], [group:children] or [group:vars]' });
        state = 'skip';
        continue;
      }
      const g = group(current);
      g.loc ??= at(indent + 1);
      if (state === 'vars') {
        if (!g.defined && !declaredAt.has(current)) declaredAt.set(current, at(indent + 1));
        sectionVars = new LocatedMapping(at(indent));
        g.vars.push(sectionVars.value);
      } else g.defined = true;
      continue;
    }
    if (line[0] === '[' && line[line.length - 1] === ']') {
      problems.push({ loc: at(indent), message: `invalid section "${line}"`, hint: 'a section is [group], [group:children] or [group:vars], without spaces' });
      state = 'skip';
      continue;
    }
    if (state === 'hosts') hostLine(raw.slice(indent), indent);
    else if (state === 'vars') varLine(raw.slice(indent).trimEnd(), indent);
    else if (state === 'children') childLine(line, indent);
  }

  problems.push(...undeclared(groups, declaredAt));
  // Like Ansible, a group that no other group claims is a child of all.
  for (const g of groups.values()) {
    if (g.name === 'all' || g.refs.length > 0) continue;
    group('all').children.push(g.name);
    g.refs.push({ parent: 'all', loc: g.loc });
  }
  problems.push(...cycles(groups), ...nameClashes(groups, hosts));
  return { groups, hosts, problems };
}

/** Ansible refuses a [g:children] entry or a [g:vars] section for a group no [g] or [g:children] declares. */
function undeclared(groups: Map<string, GroupDef>, varsSections: Map<string, Loc>): Problem[] {
  const problems: Problem[] = [];
  for (const g of groups.values()) {
    if (g.defined) continue;
    for (const ref of g.refs) {
      problems.push({ loc: ref.loc, message: `[${ref.parent}:children] names the group "${g.name}", which no section declares`, hint: `declare it with a [${g.name}] section (it may be empty), or fix the name` });
    }
    const vars = varsSections.get(g.name);
    if (vars && g.refs.length === 0) {
      problems.push({ loc: vars, message: `[${g.name}:vars] is for a group that no section declares`, hint: `declare it with a [${g.name}] section (it may be empty), or fix the name` });
    }
    g.defined = true; // reported once, here
  }
  return problems;
}
