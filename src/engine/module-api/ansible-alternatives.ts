// Ansible modules runbook does not have (yet), with what to write instead today: the migration aid's hint
// where validate meets one. Only consulted when the registry lacks the module, so an entry goes stale
// harmlessly once the module is added (remove it then).

export const ALTERNATIVES: Readonly<Record<string, string>> = {
  apt: 'write package: (name, state, update_cache; deb: for a .deb file) — it drives apt on Debian hosts',
  yum: 'write package: (name, state) — it drives dnf/yum on Red Hat hosts',
  dnf: 'write package: (name, state) — it drives dnf on Red Hat hosts',
  pacman: 'write package: (name, state), or command: pacman -S --needed NAME',
  cron: 'write a file in /etc/cron.d with copy: (content: "MIN HOUR * * * USER COMMAND\\n")',
  sysctl: 'write copy: to /etc/sysctl.d/NAME.conf, and a handler command: sysctl --system',
  timezone: 'write file: {src: /usr/share/zoneinfo/ZONE, dest: /etc/localtime, state: link} and copy: to /etc/timezone',
  group: 'write shell: getent group NAME || groupadd NAME, with changed_when: on what it printed',
  authorized_key: 'write lineinfile: {path: ~USER/.ssh/authorized_keys, line: "KEY", create: true, mode: "0600"}',
  mount: 'write lineinfile: on /etc/fstab and command: mount PATH with a creates:/when: guard',
  get_url: 'write command: curl -fsSLo DEST URL with creates: DEST',
  unarchive: 'write command: tar -xf ARCHIVE -C DEST with creates: a file the archive holds',
  git: 'write command: git clone URL DEST with creates: DEST/.git',
  replace: 'write lineinfile: with regexp: and backrefs: true for one line',
  pip: 'write command: pip install NAME with a creates:/when: guard',
  uri: 'write command: curl … with register: and changed_when: false',
  locale_gen: 'write lineinfile: on /etc/locale.gen and a handler command: locale-gen',
  modprobe: 'write copy: to /etc/modules-load.d/NAME.conf and command: modprobe NAME',
};

/** The hint for a module runbook lacks: what to write instead, or where to find what runbook has. */
export function alternativeFor(name: string): string {
  const instead = Object.hasOwn(ALTERNATIVES, name) ? ALTERNATIVES[name] : undefined;
  return instead ? `runbook has no ${name} module yet: ${instead}` : '`runbook modules` lists the modules runbook has';
}
