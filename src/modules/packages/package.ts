// package: install, upgrade or remove packages with the host's package manager, as Ansible's package
// action does (it hands the same arguments to apt or dnf/yum). The state of every name is read in one
// round trip; candidate versions come from the local apt cache only (nothing is downloaded to plan).

import { ModuleFailure } from '../../engine/errors.js';
import { aptInstallCommand, aptRemoveCommand, dpkgInstallCommand, rpmCommand, runPkgCommand, type ApplyOptions } from './package-commands.js';
import { pkgDiff, planPackages, type PkgAction, type PkgPlan } from './package-plan.js';
import { chooseManager, nameList, parseAptSpec, parseRpmSpec, type Manager } from './package-spec.js';
import { pkgStateFact, type PkgState } from './package-state.js';
import { defineModule, type Change, type ModuleContext, type Plan, type ResultData } from '../../engine/module-api/module.js';

export const packageModule = defineModule({
  name: 'package',
  summary: 'Install, upgrade or remove packages (apt, dnf, yum), or install a local .deb.',
  // The names Ansible's package action passes on to apt (pkg, package, update-cache, install-recommends) and dnf/yum (pkg, expire-cache).
  aliases: { pkg: 'name', package: 'name', 'update-cache': 'update_cache', 'expire-cache': 'update_cache', 'install-recommends': 'install_recommends' },
  params: {
    type: 'object',
    additionalProperties: false,
    properties: {
      name: {
        type: ['string', 'array'],
        items: { type: 'string' },
        description: 'Package name(s): a list or a comma-separated string. apt: `name=version` (a glob such as `1.2*` allowed) or `name>=version`; dnf/yum: `name-version`.',
      },
      state: { enum: ['present', 'absent', 'latest'], default: 'present', description: 'present: installed (any version unless pinned). latest: the candidate version of the local cache. absent: removed.' },
      use: { enum: ['auto', 'apt', 'dnf', 'yum'], default: 'auto', description: 'Package manager; auto: ansible_pkg_mgr when facts were gathered, else detected on the host.' },
      deb: { type: 'string', description: 'apt: path on the host of a .deb file to install with dpkg (several separated by commas); installed unless that version already is.' },
      update_cache: { type: 'boolean', default: false, description: 'Refresh the package lists first (apt-get update / dnf makecache). Not done in check mode.' },
      cache_valid_time: { type: 'integer', minimum: 0, default: 0, description: 'apt: refresh only when the lists are older than this many seconds (implies update_cache when set).' },
      purge: { type: 'boolean', default: false, description: 'apt, state=absent: also remove configuration files (and purge packages removed earlier).' },
      install_recommends: { type: 'boolean', description: "apt: install recommended packages too (true) or not (false); unset: apt's own configuration." },
    },
  },
  async plan(ctx, p) {
    const names = nameList(p.name);
    const debs = p.deb ? p.deb.split(',').map((d) => d.trim()).filter(Boolean) : [];
    const refresh = p.update_cache || p.cache_valid_time > 0;
    if (!names.length && !debs.length && !refresh) throw new ModuleFailure('one of the following is required: name, deb, update_cache');
    if (debs.length && names.length) throw new ModuleFailure('parameters are mutually exclusive: deb|name');
    // Before anything reaches the host: the state read hands names to dpkg-query, apt-cache and rpm too.
    const dashed = names.find((n) => n.startsWith('-'));
    if (dashed !== undefined) throw new ModuleFailure(`invalid package name: ${JSON.stringify(dashed)} starts with -`, {}, { hint: 'a package name never starts with -; options for the package manager are not accepted in name' });
    if (names.includes('*')) throw new ModuleFailure("name: '*' (upgrade every package) is not supported", {}, { hint: 'list the packages to upgrade with state: latest' });
    if (debs.length && p.state !== 'present') throw new ModuleFailure('deb only supports state=present');
    if (debs.some((d) => d.includes('://'))) throw new ModuleFailure('deb must be a path on the host', {}, { hint: 'download it first (get_url is not available; copy it from the controller with copy)' });
    let manager = chooseManager(p.use, ctx.vars.ansible_pkg_mgr);
    const specsFor = (m: Manager) => names.map(m === 'apt' ? parseAptSpec : parseRpmSpec);
    const aptSpecs = manager === 'apt' ? specsFor('apt') : [];
    const pinned = aptSpecs.some((s) => s.cmp !== undefined) || (manager === undefined && names.some((n) => /[=>]/.test(n)));
    const [state] = await ctx.facts(
      pkgStateFact({
        manager,
        names: manager === 'apt' ? aptSpecs.map((s) => (s.arch ? `${s.name}:${s.arch}` : s.name)) : manager ? names : names.map(readName),
        policy: p.state === 'latest' || pinned ? 'all' : p.state === 'absent' ? 'none' : 'missing',
        debs,
        updateCache: refresh && !ctx.check ? p.cache_valid_time : undefined,
      }),
    );
    if (state.manager === 'unknown') throw new ModuleFailure('could not find a supported package manager (apt-get, dnf, yum) on the host');
    manager = state.manager;
    if (debs.length && manager !== 'apt') throw new ModuleFailure(`deb needs apt; this host uses ${manager}`);
    if (state.cache?.error) throw new ModuleFailure(`Failed to update apt cache: ${state.cache.error}`);
    const plan = planPackages(manager, specsFor(manager), state, p.state, p.purge);
    return toPlan(ctx, manager, plan, state, { purge: p.purge, installRecommends: p.install_recommends }, refresh, names.length + debs.length > 0);
  },
});

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
    add('install', plan.debs, dpkgInstallCommand(plan.debs));
    add('install', plan.install, aptInstallCommand(plan.install, o));
    add(o.purge ? 'purge' : 'remove', plan.remove, aptRemoveCommand(plan.remove, o));
  } else {
    add('install', plan.install, rpmCommand(manager, 'install', plan.install));
    add('upgrade', plan.upgrade, rpmCommand(manager, 'upgrade', plan.upgrade));
    add('remove', plan.remove, rpmCommand(manager, 'remove', plan.remove));
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
