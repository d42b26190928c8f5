// Host patterns, as in Ansible: `all` or `*`, host and group names, globs (`web*`), unions (`a:b`, `a,b`),
// intersections (`a:&b`) and exclusions (`a:!b`). Like Ansible, the parts are applied in a fixed order
// whatever order they were written in: unions first, then intersections, then exclusions (and a pattern of
// only `&`/`!` parts starts from `all`). Unlike Ansible, a name that matches nothing is an error with a
// suggestion, not a warning: a typo in `--limit` must never run a play somewhere else, or nowhere silently.

import { closest } from '../validate/did-you-mean.js';

export interface PatternTerm {
  op: 'union' | 'intersect' | 'exclude';
  /** Name or glob as written (without its `&`/`!`). */
  name: string;
  glob: boolean;
}

export interface Pattern {
  source: string;
  terms: PatternTerm[];
}

/** A pattern that cannot be parsed or matches nothing; `hint` says what to do. */
export class PatternError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

const GLOB_CHARS = /[*?[]/;

/** Parse a pattern; throws PatternError (an Error) with a message naming the problem. */
export function parsePattern(text: string): Pattern {
  const source = String(text ?? '').trim();
  if (source === '') throw new PatternError('empty host pattern', 'write all, a group or host name, or a combination such as web:&prod');
  const terms = source.split(/[:,]/).map((raw, i, parts): PatternTerm => {
    const part = raw.trim();
    if (part === '') {
      const where = i === 0 ? 'at the start' : i === parts.length - 1 ? 'at the end' : 'between two separators';
      throw new PatternError(`empty part ${where} of host pattern "${source}"`, 'separate names with a single : or , (web:db, web:&prod, web:!db1)');
    }
    const op = part[0] === '&' ? 'intersect' : part[0] === '!' ? 'exclude' : 'union';
    const name = op === 'union' ? part : part.slice(1).trim();
    if (name === '' || name[0] === '&' || name[0] === '!') {
      throw new PatternError(`"${part[0]}" must be followed by a group or host name in host pattern "${source}"`, `${part[0]}name ${op === 'intersect' ? 'keeps only hosts also in name' : 'removes the hosts of name'}`);
    }
    return { op, name, glob: GLOB_CHARS.test(name) };
  });
  return { source, terms };
}

/** What a pattern is matched against (the inventory, seen from here). */
export interface PatternScope {
  /** Listed hosts, in inventory order. */
  hosts: readonly string[];
  groups: readonly string[];
  /** Every host of a group, its child groups' included. */
  membersOf(group: string): Iterable<string>;
  /** `localhost` is not listed: the name `localhost` alone still selects it (as in Ansible). */
  implicitLocalhost: boolean;
}

function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') re += '.*';
    else if (c === '?') re += '.';
    else if (c === '[') {
      const end = glob.indexOf(']', i + 1);
      if (end < 0) re += '\\[';
      else {
        const body = glob.slice(i + 1, end).replace(/^!/, '^').replace(/[\\\]]/g, '\\$&');
        re += `[${body}]`;
        i = end;
      }
    } else re += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** The hosts one name or glob stands for; throws PatternError when it matches nothing. */
function hostsFor(term: PatternTerm, scope: PatternScope): Set<string> {
  const { name } = term;
  if (name === 'all' || name === '*') return new Set(scope.hosts);
  const out = new Set<string>();
  if (term.glob) {
    const re = globToRegExp(name);
    for (const g of scope.groups) if (re.test(g)) for (const h of scope.membersOf(g)) out.add(h);
    for (const h of scope.hosts) if (re.test(h)) out.add(h);
    if (out.size === 0) throw new PatternError(`host pattern "${name}" matches no host or group`, 'runbook inventory --graph shows the groups and hosts');
    return out;
  }
  if (scope.groups.includes(name)) return new Set(scope.membersOf(name));
  if (scope.hosts.includes(name) || (name === 'localhost' && scope.implicitLocalhost)) return new Set([name]);
  const [near] = closest(name, [...scope.groups, ...scope.hosts]);
  throw new PatternError(
    `"${name}" is neither a host nor a group of the inventory${near ? ` (did you mean "${near}"?)` : ''}`,
    'runbook inventory --graph shows the groups and hosts',
  );
}

/** The hosts a pattern selects, in inventory order (an implicit localhost last). */
export function matchPattern(pattern: Pattern, scope: PatternScope): string[] {
  const byOp = (op: PatternTerm['op']) => pattern.terms.filter((t) => t.op === op);
  const unions = byOp('union');
  let selected = new Set<string>();
  for (const t of unions.length > 0 ? unions : [{ op: 'union', name: 'all', glob: false } as PatternTerm]) {
    for (const h of hostsFor(t, scope)) selected.add(h);
  }
  for (const t of byOp('intersect')) {
    const keep = hostsFor(t, scope);
    selected = new Set([...selected].filter((h) => keep.has(h)));
  }
  for (const t of byOp('exclude')) for (const h of hostsFor(t, scope)) selected.delete(h);
  const ordered = scope.hosts.filter((h) => selected.has(h));
  if (selected.has('localhost') && !scope.hosts.includes('localhost')) ordered.push('localhost');
  return ordered;
}
