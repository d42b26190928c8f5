// The one package core behind `package`, `apt`, `dnf` and `yum`: the arguments those modules share, checked
// once; the host's state read in one round trip; the decisions of package-plan.ts turned into changes. Each
// module is its schema plus the manager it drives (or `auto`).

import { ModuleFailure } from '../../engine/errors.js';
import { aptAutoremoveCommand, aptFixCommand, aptInstallCommand, aptRemoveCommand, dpkgInstallCommand, rpmCommand, runPkgCommand, type ApplyOptions } from './package-commands.js';
import { pkgDiff, planPackages, type PkgAction, type PkgPlan, type WantedState } from './package-plan.js';
import { chooseManager, nameList, parseAptSpec, parseRpmSpec, type Manager } from './package-spec.js';
import { pkgStateFact, type PkgState } from './package-state.js';
import type { Change, ModuleContext, Plan, ResultData } from '../../engine/module-api/module.js';

export interface PackageArgs {
  name?: string | string[];
  state: WantedState | 'fixed';
  use: 'auto' | Manager;
  deb?: string;
  update_cache: boolean;
  cache_valid_time: number;
  purge: boolean;
  install_recommends?: boolean;
  autoremove?: boolean;
  /** apt: comma-separated dpkg options, Ansible's default `force-confdef,force-confold`. */
  dpkg_options?: string;
  default_release?: string;
  allow_downgrade?: boolean;
  enablerepo?: string[] | string;
  disablerepo?: string[] | string;
}

/** Module name for messages: `apt`, `dnf`, or `package`. */
export async function planPackageTask(ctx: ModuleContext, p: PackageArgs, module = 'package'): Promise<Plan> {
  const names = nameList(p.name);
  const debs = p.deb ? p.deb.split(',').map((d) => d.trim()).filter(Boolean) : [];
  const refresh = p.update_cache || p.cache_valid_time > 0;
  const autoremove = !!p.autoremove;
  if (!names.length && !debs.length && !refresh && !autoremove && p.state !== 'fixed') throw new ModuleFailure('one of the following is required: name, deb, update_cache, autoremove');
  if (debs.length && names.length) throw new ModuleFailure('parameters are mutually exclusive: deb|name');
  // Before anything reaches the host: the state read hands names to dpkg-query, apt-cache and rpm too.
  const dashed = names.find((n) => n.startsWith('-'));
  if (dashed !== undefined) throw new ModuleFailure(`invalid package name: ${JSON.stringify(dashed)} starts with -`, {}, { hint: 'a package name never starts with -; options for the package manager are not accepted in name' });
  if (names.includes('*')) throw new ModuleFailure("name: '*' (upgrade every package) is not supported", {}, { hint: 'list the packages to upgrade with state: latest' });
  if (debs.length && p.state !== 'present') throw new ModuleFailure('deb only supports state=present');
  for (const d of debs) if (d.includes('://') && !/^https?:\/\//.test(d)) throw new ModuleFailure(`deb: only http:// and https:// URLs can be downloaded: ${d}`);
  const enable = repoList(p.enablerepo);
  const disable = repoList(p.disablerepo);
  for (const r of [...enable, ...disable]) {
    if (r.startsWith('-') || /\s/.test(r)) throw new ModuleFailure(`invalid repository id: ${JSON.stringify(r)}`, {}, { hint: 'a repository id (or glob) such as epel or updates-*' });
  }
  const dpkgOptions = dpkgOptionList(p.dpkg_options);
  let manager = chooseManager(p.use, ctx.vars.ansible_pkg_mgr);
  const specsFor = (m: Manager) => names.map(m === 'apt' ? parseAptSpec : parseRpmSpec);
  const aptSpecs = manager === 'apt' ? specsFor('apt') : [];
  const pinned = aptSpecs.some((s) => s.cmp !== undefined) || (manager === undefined && names.some((n) => /[=>]/.test(n)));
  const want: WantedState = p.state === 'fixed' ? 'present' : p.state;
  const repos = [...disable.map((r) => `--disablerepo=${r}`), ...enable.map((r) => `--enablerepo=${r}`)];
  const [state] = await ctx.facts(
    pkgStateFact({
      manager,
      names: manager === 'apt' ? aptSpecs.map((s) => (s.arch ? `${s.name}:${s.arch}` : s.name)) : manager ? names : names.map(readName),
      policy: want === 'latest' || pinned ? 'all' : want === 'absent' ? 'none' : 'missing',
      debs,
      updateCache: refresh && !ctx.check ? p.cache_valid_time : undefined,
      simulate: [...(autoremove ? ['autoremove' as const] : []), ...(p.state === 'fixed' ? ['fix' as const] : [])],
      repos,
    }),
  );
  if (state.manager === 'unknown') throw new ModuleFailure(`${module}: could not find a supported package manager (${manager ?? 'apt-get, dnf, yum'}) on the host`);
  manager = state.manager;
  if (debs.length && manager !== 'apt') throw new ModuleFailure(`deb needs apt; this host uses ${manager}`);
  // The package action hands its arguments to apt, whose argument_spec has no repository switches.
  if (manager === 'apt' && (enable.length || disable.length)) throw new ModuleFailure(`Unsupported parameters for (apt) module: ${enable.length ? 'enablerepo' : 'disablerepo'}`, {}, { hint: 'enablerepo and disablerepo are for dnf/yum hosts; guard the task with when: ansible_pkg_mgr != "apt", or omit the value there' });
  if (manager !== 'apt' && p.allow_downgrade) throw new ModuleFailure(`allow_downgrade is not supported with ${manager} by runbook yet`, {}, { hint: 'pin the version you want with its full name-version, or downgrade with a command task' });
  if (state.cache?.error) throw new ModuleFailure(`Failed to update apt cache: ${state.cache.error}`);
  const plan = planPackages(manager, specsFor(manager), state, want, p.purge);
  const o: ApplyOptions = { purge: p.purge, installRecommends: p.install_recommends, dpkgOptions, defaultRelease: p.default_release, autoremove, repos, allowDowngrades: !!p.allow_downgrade };
  return toPlan(ctx, manager, plan, state, o, refresh, names.length + debs.length > 0);
}

function dpkgOptionList(s: string | undefined): string[] {
  const list = (s ?? 'force-confdef,force-confold').split(',').map((x) => x.trim()).filter(Boolean);
  const bad = list.find((x) => !/^[a-z][a-z0-9-]*(=[\w,./-]*)?$/.test(x));
  if (bad) throw new ModuleFailure(`invalid dpkg option: ${JSON.stringify(bad)}`, {}, { hint: 'dpkg options without the leading --, comma-separated: force-confdef,force-confold' });
  return list;
}

function repoList(v: string[] | string | undefined): string[] {
  return (typeof v === 'string' ? v.split(',') : v ?? []).map((r) => r.trim()).filter(Boolean);
}

function toPlan(ctx: ModuleContext, manager: Manager, plan: PkgPlan, state: PkgState, o: ApplyOptions, refresh: boolean, hasWork: boolean): Plan {
  const cacheUpdated = !!state.cache?.changed;
  const data: ResultData = manager === 'apt' ? (refresh || hasWork ? { cache_updated: cacheUpdated, cache_update_time: state.cache?.after ?? 0 } : {}) : { results: [], rc: 0, msg: '' };
  const changes: Change[] = [];
  const add = (verb: string, actions: PkgAction[], line: string) => {
    if (!actions.length) return;
    const summary = `${verb} ${actions.map((a) => a.arg).join(' ')}`;
    const word = verb === 'remove' || verb === 'purge' ? 'Removed' : verb === 'upgrade' ? 'Upgraded' : 'Installed';
    changes.push({
      summary,
      diff: { header: `packages (${manager})`, ...pkgDiff(actions) },
      apply: async () => {
        const out = await runPkgCommand(ctx.conn, line, ctx.signal);
        return manager === 'apt' ? out : { ...out, results: actions.map((a) => `${word}: ${a.arg}`) };
      },
    });
  };
  if (manager === 'apt') {
    add('install', plan.debs, dpkgInstallCommand(plan.debs, o));
    add('install', plan.install, aptInstallCommand(plan.install, o));
    add(o.purge ? 'purge' : 'remove', plan.remove, aptRemoveCommand(plan.remove, o));
    // What apt would fix or autoremove, as simulated while reading: its own action lists.
    add('fix broken packages:', state.fix.map(simulated), aptFixCommand(o));
    if (!plan.remove.length) add('autoremove', state.autoremove.map(simulated), aptAutoremoveCommand(o));
  } else {
    add('install', plan.install, rpmCommand(manager, 'install', plan.install, o.repos));
    add('upgrade', plan.upgrade, rpmCommand(manager, 'upgrade', plan.upgrade, o.repos));
    add('remove', plan.remove, rpmCommand(manager, 'remove', plan.remove, o.repos));
  }
  if (changes.length) return { changes, data };
  if (!hasWork && refresh) {
    // update_cache alone: changed when the refresh changed the lists (it already ran, while planning).
    if (ctx.check) return { changes: [{ summary: 'update the package cache', apply: async () => ({}) }], data, unpredictable: 'whether refreshing the package lists changes them is only known by doing it' };
    if (cacheUpdated) return { changes: [{ summary: 'package cache updated', apply: async () => ({ cache_updated: true }) }], data };
    return { changes: [], data, reason: 'the package cache is up to date' };
  }
  if (manager !== 'apt') data.msg = 'Nothing to do';
  return { changes: [], data, reason: reasonFor(manager, state) };
}

/** A package apt/dnf said it would remove or install in a simulation (`Remv foo [1.0]`). */
function simulated(row: { name: string; before: string; after: string }): PkgAction {
  return { arg: row.name, name: row.name, before: row.before, after: row.after };
}

/** Before the manager is known: the bare name to ask the host about (`foo=1.0` -> `foo`). */
function readName(spec: string): string {
  try {
    const s = parseAptSpec(spec);
    return s.arch ? `${s.name}:${s.arch}` : s.name;
  } catch {
    return spec;
  }
}

function reasonFor(manager: Manager, state: PkgState): string {
  const rows = state.installed.filter((r) => r.status === 'installed').map((r) => `${r.name} ${r.version.replace(/^0:/, '')}`);
  return rows.length ? `${manager}: already as asked (${rows.join(', ')})` : `${manager}: already as asked`;
}
