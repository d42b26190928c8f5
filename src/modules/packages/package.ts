// package: install, upgrade or remove packages with the host's package manager, as Ansible's package
// action does (it hands the same arguments to apt or dnf/yum). The work is the shared package core
// (package-task.ts), also behind apt, dnf and yum.

import { planPackageTask } from './package-task.js';
import { defineModule } from '../../engine/module-api/module.js';
import { COMMON_PKG_PARAMS, REPO_PARAMS } from './package-params.js';

export const packageModule = defineModule({
  name: 'package',
  summary: 'Install, upgrade or remove packages (apt, dnf, yum), or install a local .deb.',
  // The names Ansible's package action passes on to apt (pkg, package, update-cache, install-recommends) and dnf/yum (pkg, expire-cache).
  aliases: { pkg: 'name', package: 'name', 'update-cache': 'update_cache', 'expire-cache': 'update_cache', 'install-recommends': 'install_recommends', 'allow-downgrade': 'allow_downgrade', allow_downgrades: 'allow_downgrade', 'allow-downgrades': 'allow_downgrade' },
  params: {
    type: 'object',
    additionalProperties: false,
    properties: {
      ...COMMON_PKG_PARAMS,
      ...REPO_PARAMS,
      state: { enum: ['present', 'absent', 'latest'], default: 'present', description: 'present: installed (any version unless pinned). latest: the candidate version of the local cache. absent: removed.' },
      use: { enum: ['auto', 'apt', 'dnf', 'yum'], default: 'auto', description: 'Package manager; auto: ansible_pkg_mgr when facts were gathered, else detected on the host.' },
      deb: { type: 'string', description: 'apt: path on the host of a .deb file to install with dpkg (several separated by commas), or an http(s) URL downloaded on the host; installed unless that version already is.' },
      cache_valid_time: { type: 'integer', minimum: 0, default: 0, description: 'apt: refresh only when the lists are older than this many seconds (implies update_cache when set).' },
      purge: { type: 'boolean', default: false, description: 'apt, state=absent: also remove configuration files (and purge packages removed earlier).' },
      install_recommends: { type: 'boolean', description: "apt: install recommended packages too (true) or not (false); unset: apt's own configuration." },
    },
  },
  plan: (ctx, p) => planPackageTask(ctx, p),
});
