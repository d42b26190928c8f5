// apt: Ansible's apt module over the shared package core (package-task.ts): the same decisions as
// `package` on an apt host, plus what only apt has: state fixed, autoremove, dpkg_options, default_release,
// a .deb from a URL.

import { planPackageTask } from './package-task.js';
import { defineModule } from '../../engine/module-api/module.js';
import { COMMON_PKG_PARAMS } from './package-params.js';

export const apt = defineModule({
  name: 'apt',
  summary: 'Install, upgrade, remove, fix or autoremove Debian packages; install a .deb from a path or URL.',
  // ansible.builtin.apt's argument_spec aliases.
  aliases: { pkg: 'name', package: 'name', 'update-cache': 'update_cache', 'install-recommends': 'install_recommends', 'default-release': 'default_release', 'allow-downgrade': 'allow_downgrade', allow_downgrades: 'allow_downgrade', 'allow-downgrades': 'allow_downgrade' },
  params: {
    type: 'object',
    additionalProperties: false,
    properties: {
      ...COMMON_PKG_PARAMS,
      state: { enum: ['present', 'absent', 'latest', 'fixed', 'installed', 'removed'], default: 'present', description: 'present/installed; latest: the candidate version; absent/removed; fixed: repair broken dependencies (apt-get -f install) and install name if given.' },
      deb: { type: 'string', description: 'A .deb to install with dpkg: a path on the host or an http(s) URL (downloaded on the host); installed unless that version already is.' },
      cache_valid_time: { type: 'integer', minimum: 0, default: 0, description: 'Refresh the lists only when older than this many seconds (implies update_cache).' },
      purge: { type: 'boolean', default: false, description: 'With state=absent or autoremove: remove configuration files too.' },
      autoremove: { type: 'boolean', default: false, description: 'Remove packages installed as dependencies that nothing needs any more (apt-get autoremove; with a removal: --auto-remove).' },
      install_recommends: { type: 'boolean', description: "Install recommended packages too (true) or not (false); unset: apt's configuration." },
      dpkg_options: { type: 'string', default: 'force-confdef,force-confold', description: 'dpkg options, comma-separated, without the leading -- (given as -o Dpkg::Options::=--OPT).' },
      default_release: { type: 'string', description: 'Prefer packages of this release (apt-get -t), e.g. bookworm-backports.' },
    },
  },
  plan: (ctx, p) =>
    planPackageTask(ctx, { ...p, use: 'apt', state: p.state === 'installed' ? 'present' : p.state === 'removed' ? 'absent' : p.state }, 'apt'),
});
