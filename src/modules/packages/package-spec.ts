// What the `package` module was asked for, parsed once: the names, with apt's `name=version` /
// `name>=version` pins (Ansible's package_split), and which package manager to drive.

import { ModuleFailure } from '../../engine/errors.js';

export type Manager = 'apt' | 'dnf' | 'yum';
export const MANAGERS: readonly Manager[] = ['apt', 'dnf', 'yum'];

export interface PkgSpec {
  /** As written: what apt-get/dnf is given when no better pin is known. */
  spec: string;
  /** The package name (for apt without the `:arch` suffix). */
  name: string;
  /** apt `foo:i386`: the architecture asked for. */
  arch?: string;
  cmp?: '=' | '>=';
  version?: string;
}

/** `foo`, `foo=1.2*`, `foo>=1.2`, `foo:i386=1.0` (apt). More than one `=` is refused, as Ansible does. */
export function parseAptSpec(spec: string): PkgSpec {
  const s = spec.trim();
  if ((s.match(/=/g) ?? []).length > 1) throw new ModuleFailure(`invalid package spec: ${spec}`);
  const m = /^([^=>]+?)(>?=)(.*)$/.exec(s);
  const full = m ? m[1]! : s;
  const colon = full.indexOf(':');
  const name = colon === -1 ? full : full.slice(0, colon);
  const arch = colon === -1 ? undefined : full.slice(colon + 1);
  if (!/^[a-z0-9][a-z0-9+.-]*$/.test(name)) throw new ModuleFailure(`invalid package name: ${JSON.stringify(name)}`, {}, { hint: 'Debian package names are lower case letters, digits, + - and .' });
  return { spec: s, name, ...(arch ? { arch } : {}), ...(m ? { cmp: m[2] as '=' | '>=', version: m[3]! } : {}) };
}

/**
 * rpm specs (`foo`, `foo-1.2`, `foo-1.2-3.el9`) are given to rpm -q and dnf as written. A leading `-` is
 * refused: no package is named so, and rpm/dnf would read it as an option (`--setopt=…`, `--installroot=…`).
 */
export function parseRpmSpec(spec: string): PkgSpec {
  const s = spec.trim();
  if (s === '' || /\s/.test(s)) throw new ModuleFailure(`invalid package spec: ${JSON.stringify(spec)}`, {}, { hint: 'write version comparisons as name-version (rpm), one package per item' });
  if (s.startsWith('-')) throw new ModuleFailure(`invalid package name: ${JSON.stringify(spec)} starts with -`, {}, { hint: 'a package name never starts with -; options for dnf/yum are not accepted in name' });
  return { spec: s, name: s };
}

/** `name` may be a list, or a comma-separated string (Ansible's list type accepts both). */
export function nameList(name: string | string[] | undefined): string[] {
  if (name === undefined) return [];
  const items = Array.isArray(name) ? name : name.split(',');
  return items.map((n) => n.trim()).filter((n) => n !== '');
}

/**
 * The manager to use: `use` when given, else the gathered fact `ansible_pkg_mgr` (as Ansible's package
 * action does), else undefined: the state-reading command detects it on the host in the same round trip.
 */
export function chooseManager(use: string, factMgr: unknown): Manager | undefined {
  if (use !== 'auto') return use as Manager;
  if (typeof factMgr === 'string' && factMgr !== 'unknown') {
    if ((MANAGERS as readonly string[]).includes(factMgr)) return factMgr as Manager;
    throw new ModuleFailure(`the package module does not support ${factMgr} (ansible_pkg_mgr) yet`, {}, { hint: `supported: ${MANAGERS.join(', ')}; set use: to one of them to override` });
  }
  return undefined;
}
