// pip: Python packages, as Ansible's pip module — names (with version specifiers) or a requirements file,
// optionally in a virtualenv created on demand. Planning asks pip itself what it would install
// (pip-state.ts), so check mode shows the exact versions and a satisfied set is a no-op in one round trip.
// Diffs share package's `name: before -> after` form.

import { ModuleFailure } from '../../engine/errors.js';
import { argv, cmd } from '../../engine/quote.js';
import { defineModule, type Change } from '../../engine/module-api/module.js';
import { pkgDiff, type PkgAction } from './package-plan.js';
import { nameList } from './package-spec.js';
import { normalizeName, pipStateFact } from './pip-state.js';

export const pip = defineModule({
  name: 'pip',
  summary: 'Install, upgrade or remove Python packages with pip, by name or requirements file, optionally in a virtualenv.',
  params: {
    type: 'object',
    additionalProperties: false,
    properties: {
      name: { type: ['string', 'array'], items: { type: 'string' }, description: 'Package name(s), with version specifiers if needed (`flask>=2,<3`); a list or a comma-separated string.' },
      version: { type: 'string', description: 'The version of the single name (name==version).' },
      requirements: { type: 'string', description: 'A pip requirements file on the host (relative to chdir).' },
      virtualenv: { type: 'string', description: 'A virtualenv directory to install into; created (virtualenv_command) when missing.' },
      virtualenv_command: { type: 'string', default: 'virtualenv', description: "The command creating the virtualenv, e.g. 'python3 -m venv'." },
      virtualenv_python: { type: 'string', description: 'The Python the virtualenv is made for (virtualenv -p); not for `-m venv`.' },
      virtualenv_site_packages: { type: 'boolean', default: false, description: 'Let the virtualenv see the global site-packages.' },
      state: { enum: ['present', 'absent', 'latest', 'forcereinstall'], default: 'present', description: 'present: installed, satisfying the specifiers. latest: upgraded to the newest. absent: uninstalled. forcereinstall: reinstalled every run.' },
      extra_args: { type: 'string', description: 'More pip arguments, split on spaces (e.g. `--no-index --find-links /srv/wheels`).' },
      executable: { type: 'string', description: 'The pip to run (e.g. pip3.11); not with virtualenv.' },
      chdir: { type: 'string', description: 'Directory to run pip in.' },
    },
  },
  async plan(ctx, p) {
    let names = nameList(p.name);
    if (!names.length && !p.requirements) throw new ModuleFailure('one of the following is required: name, requirements');
    if (p.version !== undefined) {
      if (names.length !== 1) throw new ModuleFailure('version is only allowed with a single name', {}, { hint: 'write name: foo==1.0 for each' });
      names = [`${names[0]}==${p.version}`];
    }
    if (p.executable && p.virtualenv) throw new ModuleFailure('parameters are mutually exclusive: executable|virtualenv');
    if (p.state === 'absent' && p.requirements) throw new ModuleFailure('state absent with requirements is not supported', {}, { hint: 'list the names to remove' });
    const bad = names.find((n) => n.startsWith('-') || /\s/.test(n.replace(/\s*([<>=!~,;]+)\s*/g, '$1')));
    if (bad !== undefined) throw new ModuleFailure(`invalid package spec: ${JSON.stringify(bad)}`, {}, { hint: 'options go in extra_args, one package per item' });
    const extra = (p.extra_args ?? '').split(/\s+/).filter(Boolean);
    const pipCmd = p.virtualenv ? [`${p.virtualenv}/bin/python`, '-m', 'pip'] : p.executable ? [p.executable] : ['python3', '-m', 'pip'];
    const wanted = p.requirements ? ['-r', p.requirements] : names;
    const dry = p.state === 'present' || p.state === 'latest' ? [...(p.state === 'latest' ? ['--upgrade'] : []), ...extra, '--', ...wanted] : undefined;
    const [state] = await ctx.facts(pipStateFact({ chdir: p.chdir, virtualenv: p.virtualenv, pip: pipCmd, dryRun: p.requirements ? dry?.filter((a) => a !== '--') : dry }));
    if (state.error) throw new ModuleFailure(`pip could not resolve ${wanted.join(' ')}: ${state.error}`, {}, { hint: 'is the name right, and does the host reach the index (or extra_args: --no-index --find-links DIR)?' });
    const cd = p.chdir ? `${cmd`cd ${p.chdir}`} && ` : '';
    const changes: Change[] = [];
    const run = (summary: string, line: string, actions: PkgAction[] = []) =>
      changes.push({ summary, run: `${cd}${line}`, ...(actions.length ? { diff: { header: 'python packages (pip)', ...pkgDiff(actions) } } : {}) });
    if (state.noVenv) {
      if (p.state === 'absent') return { changes: [], reason: `${p.virtualenv} does not exist: nothing to remove` };
      const venv = [...p.virtualenv_command.split(/\s+/).filter(Boolean), ...(p.virtualenv_site_packages ? ['--system-site-packages'] : []), ...(p.virtualenv_python ? ['-p', p.virtualenv_python] : []), p.virtualenv!];
      run(`create virtualenv ${p.virtualenv}`, argv(venv));
      run(`install ${wanted.join(' ')}`, argv([...pipCmd, 'install', ...(p.state === 'latest' ? ['--upgrade'] : []), ...extra, ...(p.requirements ? wanted : ['--', ...wanted])]));
      return { changes };
    }
    const have = (n: string) => state.installed.get(normalizeName(n));
    if (p.state === 'absent') {
      const gone = names.map((n) => n.split(/[<>=!~;\s]/)[0]!).filter((n) => have(n) !== undefined);
      if (!gone.length) return { changes: [], reason: `not installed: ${names.join(', ')}` };
      run(`uninstall ${gone.join(' ')}`, argv([...pipCmd, 'uninstall', '-y', ...extra, ...gone]), gone.map((n) => ({ arg: n, name: n, before: have(n)!, after: 'absent' })));
      return { changes };
    }
    if (p.state === 'forcereinstall') {
      run(`reinstall ${wanted.join(' ')}`, argv([...pipCmd, 'install', '--force-reinstall', ...extra, ...(p.requirements ? wanted : ['--', ...wanted])]));
      return { changes };
    }
    const todo = state.wouldInstall ?? [];
    if (!todo.length) return { changes: [], reason: `already satisfied: ${wanted.join(' ')}`, data: { name: names, requirements: p.requirements, virtualenv: p.virtualenv } };
    // Install exactly what the dry run resolved: check mode and apply name the same versions.
    const pins = todo.map((t) => `${t.name}==${t.version}`);
    run(`install ${pins.join(' ')}`, argv([...pipCmd, 'install', ...extra, '--', ...pins]), todo.map((t) => ({ arg: t.name, name: t.name, before: have(t.name) ?? 'absent', after: t.version })));
    return { changes };
  },
});
