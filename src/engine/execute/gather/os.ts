// Which system this is, from os-release and the release files: distribution*, os_family, pkg_mgr,
// service_mgr — the names and values ansible-core 2.14 gives, since roles branch on them.

const DISTRIBUTION: Record<string, string> = {
  debian: 'Debian', ubuntu: 'Ubuntu', raspbian: 'Debian', linuxmint: 'Linux Mint', kali: 'Kali',
  centos: 'CentOS', rhel: 'RedHat', fedora: 'Fedora', rocky: 'Rocky', almalinux: 'AlmaLinux', ol: 'OracleLinux',
  amzn: 'Amazon', scientific: 'Scientific', alpine: 'Alpine', arch: 'Archlinux', gentoo: 'Gentoo',
  'opensuse-leap': 'openSUSE Leap', 'opensuse-tumbleweed': 'openSUSE Tumbleweed', sles: 'SLES',
};
const FAMILY: Record<string, string> = {
  debian: 'Debian', ubuntu: 'Debian', raspbian: 'Debian', linuxmint: 'Debian', kali: 'Debian',
  centos: 'RedHat', rhel: 'RedHat', fedora: 'RedHat', rocky: 'RedHat', almalinux: 'RedHat', ol: 'RedHat',
  amzn: 'RedHat', scientific: 'RedHat', alpine: 'Alpine', arch: 'Archlinux', gentoo: 'Gentoo',
  suse: 'Suse', sles: 'Suse', 'opensuse-leap': 'Suse', 'opensuse-tumbleweed': 'Suse', opensuse: 'Suse',
};

export function parseOsRelease(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (m) out[m[1]!] = m[2]!.replace(/^(["'])(.*)\1$/, '$2');
  }
  return out;
}

export function distribution(s: Record<string, string>): Record<string, unknown> {
  const os = parseOsRelease(s.os ?? '');
  const id = (os.ID ?? '').toLowerCase();
  const like = (os.ID_LIKE ?? '').toLowerCase().split(/\s+/);
  const family = FAMILY[id] ?? like.map((l) => FAMILY[l]).find(Boolean) ?? (os.NAME ?? 'Linux');
  let version = os.VERSION_ID ?? '';
  // Ansible reports the point release (12.5, 7.9) where os-release only says 12 or 7.
  if (family === 'Debian' && id === 'debian' && /^\d+(\.\d+)*$/.test(s.debian_version ?? '')) version = s.debian_version!;
  const rh = /release (\d+(?:\.\d+)?)/.exec(s.redhat_release ?? '');
  if (family === 'RedHat' && rh && !version.includes('.')) version = rh[1]!;
  return {
    ansible_os_family: family,
    ansible_distribution: DISTRIBUTION[id] ?? (os.NAME ?? 'Linux').split(' ')[0],
    ansible_distribution_version: version,
    ansible_distribution_major_version: version.split('.')[0] ?? '',
    ...(version.includes('.') ? { ansible_distribution_minor_version: version.split('.')[1] } : {}),
    ansible_distribution_release: os.VERSION_CODENAME ?? '',
  };
}

export function pkgMgr(section: string | undefined): string {
  const found = (section ?? '').split('\n').map((p) => p.trim()).filter(Boolean);
  return found[0] === 'apt-get' ? 'apt' : found.find((p) => p === 'dnf') ?? found[0] ?? 'unknown';
}

/** Ansible renames a few PID 1 names (ServiceMgrFactCollector's proc_1_map). */
const PROC1_MAP: Record<string, string> = { procd: 'openwrt_init', 'runit-init': 'runit', svscan: 'svc', 'openrc-init': 'openrc' };

/**
 * ansible-core's rule: PID 1's name (or /sbin/init's link target) unless it is `init` or ends in `sh` (a
 * shell in a container); otherwise probe systemd (systemctl and its run directory), upstart, openrc,
 * systemd offline (/sbin/init links to systemd), sysvinit (/etc/init.d); else `service`.
 * `comm` is /proc/1/comm; the section holds the probes' `key=value` lines.
 */
export function serviceMgr(comm: string | undefined, section: string | undefined): string {
  const kv = new Map<string, string>();
  for (const line of (section ?? '').split('\n')) {
    const i = line.indexOf('=');
    if (i > 0) kv.set(line.slice(0, i), line.slice(i + 1).trim());
  }
  let proc1: string | undefined = comm?.trim() || kv.get('init_link') || undefined;
  if (proc1 !== undefined) proc1 = proc1.split('/').pop()!.trim();
  if (proc1 === 'init' || proc1?.endsWith('sh') || proc1 === '') proc1 = undefined;
  if (proc1 !== undefined) return PROC1_MAP[proc1] ?? proc1;
  const has = (k: string) => kv.get(k) === 'yes';
  if (has('systemctl') && has('systemd_run')) return 'systemd';
  if (has('initctl') && has('etc_init')) return 'upstart';
  if (has('openrc')) return 'openrc';
  if (has('systemctl') && /systemd$/.test(kv.get('init_link') ?? '')) return 'systemd';
  if (has('init_d')) return 'sysvinit';
  return 'service';
}
