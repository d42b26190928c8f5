// The params package, apt, dnf and yum describe alike (each module adds its own).

export const COMMON_PKG_PARAMS = {
  name: {
    type: ['string', 'array'],
    items: { type: 'string' },
    description: 'Package name(s): a list or a comma-separated string. apt: `name=version` (a glob such as `1.2*` allowed) or `name>=version`; dnf/yum: `name-version`.',
  },
  update_cache: { type: 'boolean', default: false, description: 'Refresh the package lists first (apt-get update / dnf makecache). Not done in check mode.' },
  allow_downgrade: { type: 'boolean', default: false, description: 'apt: let a pinned version older than the installed one be installed (apt-get --allow-downgrades). dnf/yum: refused when true (not supported by runbook yet).' },
} as const;

/** dnf/yum's repository switches: a list, or a comma-separated string as Ansible also takes. */
export const REPO_PARAMS = {
  enablerepo: { type: ['array', 'string'], items: { type: 'string' }, description: 'dnf/yum: repository ids (or globs) to enable for this task (--enablerepo); a list or comma-separated.' },
  disablerepo: { type: ['array', 'string'], items: { type: 'string' }, description: 'dnf/yum: repository ids (or globs) to disable for this task (--disablerepo); a list or comma-separated.' },
} as const;

export const RPM_PARAMS = {
  ...COMMON_PKG_PARAMS,
  state: { enum: ['present', 'installed', 'latest', 'absent', 'removed'], default: 'present', description: 'present/installed: installed (any version). latest: upgraded to the newest in the enabled repositories. absent/removed: removed.' },
  ...REPO_PARAMS,
} as const;
