// The commands that change packages, as Ansible's apt and dnf modules run them: non-interactive, keeping
// changed configuration files (force-confdef/confold), waiting for the dpkg lock instead of failing, and
// marking what was asked for as manually installed (so a later autoremove keeps it).

import { ModuleFailure } from '../../engine/errors.js';
import { argv } from '../../engine/quote.js';
import type { Connection } from '../../engine/connection/types.js';
import type { ResultData } from '../../engine/module-api/module.js';
import type { PkgAction } from './package-plan.js';
import type { Manager } from './package-spec.js';
import { downloadScript } from '../network/http-host.js';

/** Ansible's APT_ENV_VARS: no prompts, output in a parsable locale. */
export const APT_ENV = { DEBIAN_FRONTEND: 'noninteractive', DEBIAN_PRIORITY: 'critical', LANG: 'C', LC_ALL: 'C', LC_MESSAGES: 'C', LC_CTYPE: 'C' };

export interface ApplyOptions {
  installRecommends?: boolean;
  purge: boolean;
  /** dpkg options without `--` (Ansible's dpkg_options, default force-confdef,force-confold). */
  dpkgOptions?: string[];
  /** apt-get -t: the release to prefer (default_release). */
  defaultRelease?: string;
  /** apt: remove what is no longer needed along with a removal (--auto-remove). */
  autoremove?: boolean;
  /** dnf/yum: --enablerepo= / --disablerepo= options. */
  repos?: string[];
  /** apt: install pinned versions older than the installed ones (--allow-downgrades). */
  allowDowngrades?: boolean;
}

const DEFAULT_DPKG = ['force-confdef', 'force-confold'];

function aptOpts(o: ApplyOptions): string[] {
  return [...(o.dpkgOptions ?? DEFAULT_DPKG).flatMap((d) => ['-o', `Dpkg::Options::=--${d}`]), '-o', 'DPkg::Lock::Timeout=60'];
}

export function aptInstallCommand(actions: PkgAction[], o: ApplyOptions): string {
  const rec = o.installRecommends === undefined ? [] : ['-o', `APT::Install-Recommends=${o.installRecommends ? 'yes' : 'no'}`];
  const rel = o.defaultRelease ? ['-t', o.defaultRelease] : [];
  const down = o.allowDowngrades ? ['--allow-downgrades'] : [];
  return `${argv(['apt-get', '-y', ...aptOpts(o), ...rec, ...rel, ...down, 'install', ...actions.map((a) => a.arg)])} && ${argv(['apt-mark', 'manual', ...actions.map((a) => a.name)])} >/dev/null`;
}

export function aptRemoveCommand(actions: PkgAction[], o: ApplyOptions): string {
  return argv(['apt-get', '-q', '-y', ...aptOpts(o), ...(o.purge ? ['--purge'] : []), ...(o.autoremove ? ['--auto-remove'] : []), 'remove', ...actions.map((a) => a.arg)]);
}

export function aptAutoremoveCommand(o: ApplyOptions): string {
  return argv(['apt-get', '-q', '-y', ...aptOpts(o), ...(o.purge ? ['--purge'] : []), 'autoremove']);
}

/** state=fixed: apt-get -f install, as Ansible's `fixed` does. */
export function aptFixCommand(o: ApplyOptions): string {
  return argv(['apt-get', '-q', '-y', ...aptOpts(o), '-f', 'install']);
}

export function dpkgInstallCommand(actions: PkgAction[], o: ApplyOptions = { purge: false }): string {
  const isUrl = (a: PkgAction) => /^https?:\/\//.test(a.arg);
  const dpkg = argv(['dpkg', ...(o.dpkgOptions ?? DEFAULT_DPKG).map((d) => `--${d}`), '-i', ...actions.filter((a) => !isUrl(a)).map((a) => a.arg)]);
  const urls = actions.filter(isUrl);
  if (!urls.length) return dpkg;
  // A .deb given as a URL is downloaded again here (the read kept nothing) into a directory removed on exit.
  const lines = ['d=$(mktemp -d) || exit 1', `trap 'rm -rf "$d"' EXIT`];
  urls.forEach((a, i) => lines.push(`f=$d/${i}.deb`, `${downloadScript({ url: a.arg, timeout: 600, validateCerts: true }, 'f')} || exit 1`));
  lines.push(`${dpkg} ${urls.map((_, i) => `"$d/${i}.deb"`).join(' ')}`);
  return lines.join('\n');
}

export function rpmCommand(manager: Exclude<Manager, 'apt'>, verb: 'install' | 'upgrade' | 'remove', actions: PkgAction[], repos: string[] = []): string {
  // yum calls an upgrade `update`.
  const v = verb === 'upgrade' && manager === 'yum' ? 'update' : verb;
  // `--`: whatever the names are, they are never read as options.
  return argv([manager, '-y', ...repos, v, '--', ...actions.map((a) => a.arg)]);
}

/** Run one package command; a failure keeps apt's output in the task result, as Ansible's does. */
export async function runPkgCommand(conn: Connection, line: string, signal: AbortSignal): Promise<ResultData> {
  const r = await conn.exec(line, { env: APT_ENV, signal });
  if (r.code !== 0) {
    const err = r.stderr.trim();
    throw new ModuleFailure(`'${line}' failed: ${err || `exit code ${r.code}`}`, { rc: r.code, stdout: r.stdout, stderr: r.stderr }, { hint: err.split('\n').slice(-1)[0] || undefined });
  }
  return { stdout: r.stdout, stderr: r.stderr };
}
