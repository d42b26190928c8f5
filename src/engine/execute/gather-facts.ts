// gather_facts: one exec of one script per host, parsed into the facts Ansible users know by name. The
// script prints sections behind a random marker; each section tolerates a missing tool. The parsers live in
// gather/ (os, network, hardware, system), one per kind of fact; the names and shapes are ansible-core
// 2.14's (tests/unit/facts-vs-ansible.test.ts compares them with `ansible -m setup` on the same machine).
//
// Facts are kept as Ansible's fact cache keeps them, prefixed (`ansible_os_family`): that is how they are
// visible as top-level variables. `ansible_facts` is the same without the prefix (`namespaceFacts`).

import { randomBytes } from 'node:crypto';
import type { Connection } from '../connection/types.js';
import { quote } from '../quote.js';
import { cpu, memory } from './gather/hardware.js';
import { network } from './gather/network.js';
import { distribution, pkgMgr, serviceMgr } from './gather/os.js';
import { dateTime, env, names, python, user } from './gather/system.js';

export { parseOsRelease } from './gather/os.js';

/**
 * Files read with ONE process: `grep -sH ''` prints every line as `path:line` (missing files are skipped
 * silently). Each program started costs a few milliseconds on a small host, so the script runs few.
 */
const FILES = {
  os: '/etc/os-release',
  os_lib: '/usr/lib/os-release',
  debian_version: '/etc/debian_version',
  redhat_release: '/etc/redhat-release',
  node: '/proc/sys/kernel/hostname',
  kernel: '/proc/sys/kernel/osrelease',
  kernel_version: '/proc/sys/kernel/version',
  comm: '/proc/1/comm',
  mem: '/proc/meminfo',
  // The reader's own status: `Cpus_allowed_list` is what `nproc` counts (Ansible: sched_getaffinity).
  status: '/proc/self/status',
  passwd: '/etc/passwd',
} as const;

const SVC_PROBES = [
  // Ansible reads /sbin/init's link only when PID 1 is unnamed, `init` or a shell.
  `c=; { read -r c < /proc/1/comm; } 2>/dev/null; case "$c" in ''|init|*sh) printf 'init_link=%s\\n' "$(readlink /sbin/init 2>/dev/null)";; esac`,
  'command -v systemctl >/dev/null 2>&1 && echo systemctl=yes',
  '{ [ -d /run/systemd/system ] || [ -d /dev/.run/systemd ] || [ -d /dev/.systemd ]; } && echo systemd_run=yes',
  'command -v initctl >/dev/null 2>&1 && echo initctl=yes',
  '[ -d /etc/init ] && echo etc_init=yes',
  '[ -e /sbin/openrc ] && echo openrc=yes',
  '[ -d /etc/init.d ] && echo init_d=yes',
].join('; ');

const CPU_KEYS = 'processor|vendor_id|model name|Processor|cpu|Vendor|physical id|core id|cpu cores|siblings|# processors|ncpus active';

const SECTIONS = `s files; grep -sH '' ${Object.values(FILES).join(' ')}
s fqdn; { read -r h < /proc/sys/kernel/hostname; } 2>/dev/null; set -- $(getent ahosts "$h" 2>/dev/null); [ -n "$1" ] && getent hosts "$1" 2>/dev/null
s arch; uname -m
s user; echo "\${LOGNAME:-\${USER:-\${LNAME:-\${USERNAME:-}}}}"
s svc; ${SVC_PROBES}
s pkg; for p in apt-get dnf yum zypper apk pacman; do command -v $p >/dev/null 2>&1 && echo $p; done
s cpu; grep -E '^(${CPU_KEYS})[[:space:]]*:' /proc/cpuinfo 2>/dev/null
s date; n=$(date '+%Y %m %d %H %M %S %s %w %W %Z %z %N'); echo "$n"; case "$n" in *' UTC +0000 '*) ;; *) y=\${n%% *}; date -d "$y-01-01 12:00" '+%Z %z' 2>/dev/null; date -d "$y-07-01 12:00" '+%Z %z' 2>/dev/null;; esac
s env; export -p
s python; p=/usr/bin/python3; [ -x "$p" ] || p=$(command -v python3 || command -v python); [ -n "$p" ] && { echo "$p"; "$p" --version 2>&1; }
s addr_json; ip -j addr show 2>/dev/null || { s addr_text; { ip -o addr show; ip -o link show; } 2>/dev/null; }
s route; ip -4 route show default 2>/dev/null
s route6; ip -6 route show default 2>/dev/null`;

/** `path:line` lines back into each file's text, under the FILES key naming it. */
export function splitFiles(text: string): Record<string, string> {
  const byPath = new Map<string, string[]>();
  for (const line of text.split('\n')) {
    const path = Object.values(FILES).find((p) => line.startsWith(`${p}:`));
    if (path) (byPath.get(path) ?? byPath.set(path, []).get(path)!).push(line.slice(path.length + 1));
  }
  const out: Record<string, string> = {};
  for (const [key, path] of Object.entries(FILES)) {
    const lines = byPath.get(path);
    if (lines) out[key] = lines.join('\n').trim();
  }
  if (!out.os && out.os_lib) out.os = out.os_lib;
  return out;
}

export function factsScript(marker: string): string {
  return `m=${quote(marker)}; s() { printf '\\n%s %s\\n' "$m" "$1"; }\n${SECTIONS}\nexit 0`;
}

export async function gatherFacts(conn: Connection): Promise<Record<string, unknown>> {
  const marker = `@@RUNBOOK-FACTS-${randomBytes(8).toString('hex')}`;
  const r = await conn.exec(factsScript(marker));
  if (r.code !== 0) throw new Error(`gathering facts on ${conn.host} failed: ${r.stderr.trim() || `exit code ${r.code}`}`);
  const sections = splitSections(r.stdout, marker);
  return parseFacts({ ...splitFiles(sections.files ?? ''), ...sections });
}

export function splitSections(stdout: string, marker: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of stdout.split(`\n${marker} `).slice(1)) {
    const nl = part.indexOf('\n');
    out[nl === -1 ? part : part.slice(0, nl)] = nl === -1 ? '' : part.slice(nl + 1).trim();
  }
  return out;
}

export function parseFacts(s: Record<string, string>): Record<string, unknown> {
  const arch = s.arch ?? '';
  return {
    ...distribution(s),
    ansible_system: 'Linux',
    ...names(s.node ?? '', s.fqdn),
    ansible_kernel: s.kernel ?? '',
    ansible_kernel_version: s.kernel_version ?? '',
    ansible_architecture: arch,
    ansible_machine: arch,
    ...user(s.user, s.passwd, s.status),
    ansible_service_mgr: serviceMgr(s.comm, s.svc),
    ansible_pkg_mgr: pkgMgr(s.pkg),
    ...memory(s.mem),
    ...cpu(s.cpu, s.status, arch),
    ...dateTime(s.date),
    ...env(s.env),
    ...python(s.python),
    ...network(s),
  };
}

const namespaced = new WeakMap<object, Record<string, unknown>>();

/**
 * `ansible_facts` as Ansible builds it from the fact cache (namespace_facts): the `ansible_` prefix removed
 * (`ansible_facts.os_family`, `ansible_facts['default_ipv4']`), `ansible_local` and unprefixed keys kept.
 * Computed once per facts object: variables are built per host per task.
 */
export function namespaceFacts(facts: Record<string, unknown> | undefined): Record<string, unknown> {
  if (!facts) return {};
  let out = namespaced.get(facts);
  if (!out) {
    out = {};
    for (const [k, v] of Object.entries(facts)) out[k.startsWith('ansible_') && k !== 'ansible_local' ? k.slice(8) : k] = v;
    namespaced.set(facts, out);
  }
  return out;
}
