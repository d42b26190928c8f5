// The filters of Ansible's find, ported from ansible-core's pfilter/agefilter/sizefilter/contentfilter so a
// ported playbook selects the same files: names matched with fnmatch (case-sensitive, `*` crosses nothing
// but the name it is given) or with Python's re.match (anchored at the start only), age and size with
// Ansible's units and sign convention (negative: younger/smaller than). Pure.

import { compilePyRegex } from '../../engine/expressions/py-regex.js';

/** Python's fnmatch.translate: a glob as a regular expression matching the whole name. */
export function fnmatchRegex(glob: string): RegExp {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') out += '[\\s\\S]*';
    else if (c === '?') out += '[\\s\\S]';
    else if (c === '[') {
      let j = i + 1;
      if (glob[j] === '!') j++;
      if (glob[j] === ']') j++;
      while (j < glob.length && glob[j] !== ']') j++;
      if (j >= glob.length) out += '\\[';
      else {
        let body = glob.slice(i + 1, j).replace(/\\/g, '\\\\');
        if (body.startsWith('!')) body = `^${body.slice(1)}`;
        else if (body.startsWith('^')) body = `\\${body}`;
        out += `[${body}]`;
        i = j;
      }
    } else out += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return new RegExp(`^(?:${out})$`);
}

/** Name matchers for patterns/excludes: fnmatch globs, or Python regexps matched at the start (re.match). */
export function nameMatcher(patterns: readonly string[], useRegex: boolean): (name: string) => boolean {
  const res = patterns.map((p) => (useRegex ? new RegExp(`^(?:${compilePyRegex(p).re.source})`, compilePyRegex(p).re.flags) : fnmatchRegex(p)));
  return (name) => res.some((r) => r.test(name));
}

/** Ansible's pfilter: a name matching a pattern and no exclude. */
export function nameFilter(patterns: readonly string[], excludes: readonly string[], useRegex: boolean): (name: string) => boolean {
  const pats = patterns.length ? patterns : [useRegex ? '.*' : '*'];
  const inc = nameMatcher(pats, useRegex);
  const exc = nameMatcher(excludes, useRegex);
  return (name) => inc(name) && !exc(name);
}

const AGE_UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 };
const SIZE_UNITS: Record<string, number> = { b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 };

function parseAmount(value: string, units: Record<string, number>): number | undefined {
  const m = new RegExp(`^(-?\\d+)([${Object.keys(units).join('')}])?$`).exec(value.toLowerCase());
  return m ? Number(m[1]) * (units[m[2] ?? ''] ?? 1) : undefined;
}

/** age ('2d', '-1h', '30') in seconds; undefined when it does not parse (Ansible: "failed to process age"). */
export const parseAge = (age: string) => parseAmount(age, AGE_UNITS);
/** size ('10m', '-1k', '512') in bytes; undefined when it does not parse. */
export const parseSize = (size: string) => parseAmount(size, SIZE_UNITS);

/** Ansible's agefilter: age ≥ 0 keeps what is at least that old, age < 0 what is at most that old. */
export function ageOk(stamp: number, now: number, age: number | undefined): boolean {
  if (age === undefined) return true;
  return age >= 0 ? now - stamp >= Math.abs(age) : now - stamp <= Math.abs(age);
}

/** Ansible's sizefilter: size ≥ 0 keeps files at least that large, size < 0 at most that large. */
export function sizeOk(bytes: number, size: number | undefined): boolean {
  if (size === undefined) return true;
  return size >= 0 ? bytes >= Math.abs(size) : bytes <= Math.abs(size);
}

/** Ansible's contentfilter: re.match on each line (its newline kept), or re.search on the whole text. */
export function contentOk(text: string, contains: string, wholeFile: boolean): boolean {
  const { re } = compilePyRegex(contains);
  if (wholeFile) return re.test(text);
  const anchored = new RegExp(`^(?:${re.source})`, re.flags);
  return (text.match(/[^\n]*\n|[^\n]+$/g) ?? []).some((line) => anchored.test(line));
}

/** A list argument as Ansible takes it: a string is split on commas. */
export function asList(value: string | readonly string[] | undefined): string[] {
  if (value === undefined) return [];
  return typeof value === 'string' ? value.split(',') : [...value];
}
