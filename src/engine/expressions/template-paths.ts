// Dotted variable paths (`vm.ip`, `hostvars.web-1.ansible_host`, `ports.0`) resolved strictly, the way
// templates and conditions both need them: a missing key is told apart from a key whose value is null, and
// the message names the whole path, the part that is missing, and the nearest key that does exist.

import { closest as nearest } from '../validate/did-you-mean.js';

export type Resolved = { found: true; value: unknown } | { found: false; missingAt: number };

/** Own keys only (no `constructor`, `toString`...): a variable is what the user wrote, nothing inherited. */
export function hasKey(container: unknown, key: string): boolean {
  if (container === null || container === undefined) return false;
  if (Array.isArray(container) || typeof container === 'string') {
    return key === 'length' || (/^\d+$/.test(key) && Number(key) < container.length);
  }
  return typeof container === 'object' && Object.prototype.hasOwnProperty.call(container, key);
}

export function resolvePath(root: unknown, parts: readonly string[]): Resolved {
  let cur = root;
  for (let i = 0; i < parts.length; i++) {
    const key = parts[i]!;
    if (!hasKey(cur, key)) return { found: false, missingAt: i };
    cur = (cur as Record<string, unknown>)[key];
  }
  return { found: true, value: cur };
}

/** Split `a.b.[c-d].0` (handlebars) or `a.b['c-d'][0]` (expressions) into parts. */
export function splitPath(path: string): string[] {
  const parts: string[] = [];
  const re = /\[\s*'([^']*)'\s*\]|\[\s*"([^"]*)"\s*\]|\[([^\]]*)\]|([^.[\]]+)/g;
  for (const m of path.matchAll(re)) parts.push(m[1] ?? m[2] ?? m[3] ?? m[4]!);
  return parts;
}

/**
 * "'vm.ip' is undefined: 'vm' has no key 'ip' (did you mean 'ipaddr'?)" — or, for a top-level name,
 * "'vm_ipp' is undefined (did you mean 'vm_ip'?)".
 */
export function describeMissing(root: unknown, parts: readonly string[], missingAt: number): string {
  const full = parts.join('.');
  const key = parts[missingAt]!;
  let container = root;
  for (let i = 0; i < missingAt; i++) container = (container as Record<string, unknown>)[parts[i]!];
  const keys = container !== null && typeof container === 'object' && !Array.isArray(container) ? Object.keys(container) : [];
  const near = closest(key, keys);
  const suggestion = near ? ` (did you mean '${[...parts.slice(0, missingAt), near].join('.')}'?)` : '';
  if (missingAt === 0) return `'${full}' is undefined${suggestion}`;
  const parent = parts.slice(0, missingAt).join('.');
  const what =
    container === null || container === undefined
      ? `'${parent}' is ${String(container)}`
      : Array.isArray(container)
        ? `'${parent}' has ${container.length} item${container.length === 1 ? '' : 's'}, no item ${key}`
        : `'${parent}' has no key '${key}'`;
  return `'${full}' is undefined: ${what}${suggestion}`;
}

/** A likely intended name for a typo; none for one- or two-letter names, where any guess is noise. */
export function closest(name: string, candidates: Iterable<string>): string | undefined {
  return name.length < 3 ? undefined : nearest(name, candidates)[0];
}
