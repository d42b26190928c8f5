// Deciding what the `package` module must do, as a pure function of the specs and the host's package
// state, following Ansible's apt module (install/remove/install_deb) and dnf module decisions, so a ported
// playbook changes the same packages and reports the same `changed`.

import { MissingOnHost, ModuleFailure } from '../../engine/errors.js';
import { compareDebVersions, fnmatch } from './deb-version.js';
import type { DebInfo, Installed, PkgState } from './package-state.js';
import type { Manager, PkgSpec } from './package-spec.js';

export type WantedState = 'present' | 'absent' | 'latest';

export interface PkgAction {
  /** What apt-get/dnf is given (`foo=1.2-1`), or the .deb path for dpkg -i. */
  arg: string;
  name: string;
  /** For the diff: `absent`, `1.0-1`, `config-files`… before, and what is asked after. */
  before: string;
  after: string;
}

export interface PkgPlan {
  install: PkgAction[];
  /** dnf/yum: installed packages to upgrade (state=latest). */
  upgrade: PkgAction[];
  remove: PkgAction[];
  debs: PkgAction[];
}

function row(installed: Installed[], spec: PkgSpec): Installed | undefined {
  return installed.find((r) => r.name === spec.name && (!spec.arch || r.arch === spec.arch || r.arch === 'all'));
}

/** apt, as Ansible's package_status + install(): pins the version apt would pick, so the change says it. */
function planAptInstall(spec: PkgSpec, state: PkgState, latest: boolean): PkgAction | undefined {
  const key = spec.arch ? `${spec.name}:${spec.arch}` : spec.name;
  const r = row(state.installed, spec);
  const installed = r?.status === 'installed';
  const policy = state.policy.get(key);
  if (!installed && !policy) {
    throw new ModuleFailure(`No package matching '${spec.name}' is available`, {}, { hint: 'is the name right, and is the package in the apt cache (apt-get update, or update_cache: true)?' });
  }
  // The version apt would install: a `=` pin picks the newest version matching the glob (Ansible pins it
  // with priority 991); otherwise the candidate.
  const best = spec.cmp === '=' ? policy?.versions.find((v) => fnmatch(v, spec.version!)) : policy?.candidate;
  let versionOk = installed;
  if (installed && spec.cmp === '=') versionOk = fnmatch(r!.version, spec.version!);
  if (installed && spec.cmp === '>=') versionOk = compareDebVersions(r!.version, spec.version!) >= 0;
  const installable = !installed || r!.version !== best ? best : undefined;
  const before = r ? (installed ? r.version : r.status) : 'absent';
  const pin = (v: string | undefined) => ({ arg: `${key}${v ? `=${v}` : ''}`, name: key, before, after: v ?? (spec.version ? `${spec.cmp}${spec.version}` : 'present') });
  if (!installed || !versionOk || (latest && installable)) return pin(installable ?? spec.version);
  // Ansible's legacy rule: a glob pin that matches the installed version moves to a newer match.
  if (versionOk && installable && spec.cmp === '=') return pin(installable);
  return undefined;
}

function planAptRemove(spec: PkgSpec, state: PkgState, purge: boolean): PkgAction | undefined {
  const r = row(state.installed, spec);
  if (!r) return undefined;
  const installed = r.status === 'installed';
  const versionOk = installed && (spec.cmp === '=' ? fnmatch(r.version, spec.version!) : spec.cmp === '>=' ? compareDebVersions(r.version, spec.version!) >= 0 : true);
  // Removed but configuration kept: only purge has something to do.
  const hasFiles = r.status !== 'not-installed';
  if (!versionOk && !(hasFiles && purge)) return undefined;
  return { arg: spec.arch ? `${spec.name}:${spec.arch}` : spec.name, name: spec.name, before: installed ? r.version : r.status, after: purge ? 'purged' : 'absent' };
}

/** A local .deb: installed unless the same version already is (Ansible's install_deb). */
function planDeb(deb: DebInfo): PkgAction | undefined {
  if (deb.error || !deb.package || !deb.version) {
    // A .deb an earlier task would copy there: check mode reports this one as depending on it.
    if (deb.error && /No such file or directory/.test(deb.error)) throw new MissingOnHost(`Unable to install package: ${deb.path}: ${deb.error}`);
    throw new ModuleFailure(`Unable to install package: ${deb.path}: ${deb.error ?? 'not a Debian package'}`);
  }
  const r = deb.installed.find((x) => x.name === deb.package && (x.arch === deb.arch || x.arch === 'all' || deb.arch === 'all'));
  if (r?.status === 'installed' && compareDebVersions(deb.version, r.version) === 0) return undefined;
  return { arg: deb.path, name: deb.package, before: r ? (r.status === 'installed' ? r.version : r.status) : 'absent', after: deb.version };
}

function planRpm(spec: PkgSpec, state: PkgState, want: WantedState): { kind: keyof PkgPlan; action: PkgAction } | undefined {
  // rpm -q prints the real name for a `name-version` spec; match on it or on the spec itself.
  const r = state.installed.find((x) => x.name === spec.name) ?? state.installed.find((x) => spec.name.startsWith(`${x.name}-`));
  const before = r ? r.version.replace(/^0:/, '') : 'absent';
  if (want === 'absent') return r ? { kind: 'remove', action: { arg: spec.spec, name: r.name, before, after: 'absent' } } : undefined;
  if (!r) return { kind: 'install', action: { arg: spec.spec, name: spec.name, before, after: want === 'latest' ? 'latest' : 'present' } };
  if (want === 'latest' && state.upgrades.has(r.name)) return { kind: 'upgrade', action: { arg: spec.spec, name: r.name, before, after: 'latest' } };
  return undefined;
}

export function planPackages(manager: Manager, specs: PkgSpec[], state: PkgState, want: WantedState, purge: boolean): PkgPlan {
  const plan: PkgPlan = { install: [], upgrade: [], remove: [], debs: [] };
  for (const spec of specs) {
    if (manager === 'apt') {
      const a = want === 'absent' ? planAptRemove(spec, state, purge) : planAptInstall(spec, state, want === 'latest');
      if (a) (want === 'absent' ? plan.remove : plan.install).push(a);
    } else {
      const p = planRpm(spec, state, want);
      if (p) plan[p.kind].push(p.action);
    }
  }
  for (const deb of state.debs) {
    const a = planDeb(deb);
    if (a) plan.debs.push(a);
  }
  return plan;
}

/** `name: before -> after` lines, one per package, for the diff (before/after of package state). */
export function pkgDiff(actions: PkgAction[]): { before: string; after: string } {
  return {
    before: actions.map((a) => `${a.name}: ${a.before}\n`).join(''),
    after: actions.map((a) => `${a.name}: ${a.after}\n`).join(''),
  };
}
