// The params package, apt, dnf and yum describe alike (each module adds its own).

export const COMMON_PKG_PARAMS = {
  name: {
    type: ['string', 'array'],
    items: { type: 'string' },
    description: 'Package name(s): a list or a comma-separated string. apt: `name=version` (a glob such as `1.2*` allowed) or `name>=version`; dnf/yum: `name-version`.',
  },
  update_cache: { type: 'boolean', default: false, description: 'Refresh the package lists first (apt-get update / dnf makecache). Not done in check mode.' },
} as const;

export const RPM_PARAMS = {
  ...COMMON_PKG_PARAMS,
  state: { enum: ['present', 'installed', 'latest', 'absent', 'removed'], default: 'present', description: 'present/installed: installed (any version). latest: upgraded to the newest in the enabled repositories. absent/removed: removed.' },
  enablerepo: { type: 'array', items: { type: 'string' }, description: 'Repository ids (or globs) to enable for this task (--enablerepo).' },
  disablerepo: { type: 'array', items: { type: 'string' }, description: 'Repository ids (or globs) to disable for this task (--disablerepo).' },
} as const;
