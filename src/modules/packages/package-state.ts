// Reading package state in ONE command: detect the manager when facts were not gathered, optionally
// refresh the cache (update_cache, never in check mode), then ask dpkg-query / rpm -q about every name at
// once, and the candidate versions (`apt-cache policy`, local cache only) only when the plan needs them.
// Output comes in `@@tag args` sections so one parser splits it back.

import { randomBytes } from 'node:crypto';
import { argv } from '../../engine/quote.js';
import type { Fact } from '../../engine/module-api/module.js';
import type { Manager } from './package-spec.js';

export interface Installed {
  name: string;
  arch: string;
  /** dpkg's `${Status}` third word (`installed`, `config-files`, `half-configured`…); `installed` for rpm. */
  status: string;
  version: string;
}

export interface Policy {
  installed?: string;
  candidate?: string;
  /** Versions in apt's version table, newest first. */
  versions: string[];
}

export interface DebInfo {
  path: string;
  package?: string;
  version?: string;
  arch?: string;
  /** Why the file could not be read (missing, not a .deb). */
  error?: string;
  installed: Installed[];
}

export interface PkgState {
  manager: Manager | 'unknown';
  installed: Installed[];
  /** apt: by name, for the names asked about; a name apt knows nothing of is absent. */
  policy: Map<string, Policy>;
  /** dnf/yum: names with an upgrade available in the local cache. */
  upgrades: Set<string>;
  debs: DebInfo[];
  /** apt's simulated `-f install` and `autoremove` (only when asked for): what each would change. */
  fix: Simulated[];
  autoremove: Simulated[];
  cache?: { before: number; after: number; changed: boolean; error?: string };
}

export interface Simulated {
  name: string;
  before: string;
  after: string;
}

export interface ReadRequest {
  /** undefined: detect on the host. */
  manager: Manager | undefined;
  names: string[];
  /** apt-cache policy for every name (latest, version pins), only for names not installed, or none. */
  policy: 'all' | 'missing' | 'none';
  debs: string[];
  /** Refresh the package cache first when it is older than this many seconds (0: always); undefined: never. */
  updateCache?: number;
  /** apt: simulate these (apt-get -s) to learn what they would do. */
  simulate?: ('fix' | 'autoremove')[];
  /** dnf/yum: --enablerepo=/--disablerepo= options for the upgrade query (validated: no spaces). */
  repos?: string[];
}

// $1 manager, $2 policy mode, $3 cache validity in seconds (`-`: no update), $4 number of names, $5 what to
// simulate (`,fix,autoremove,`), $6 dnf repository options (space-separated), then the names, then the debs
// (paths, or URLs downloaded to a temporary directory to be read, and removed again at once).
const SCRIPT = `set -f
mgr=$1 mode=$2 update=$3 n=$4 sim=$5 repos=$6; shift 6
if [ "$mgr" = auto ]; then
  if command -v apt-get >/dev/null 2>&1; then mgr=apt
  elif command -v dnf >/dev/null 2>&1; then mgr=dnf
  elif command -v yum >/dev/null 2>&1; then mgr=yum
  else mgr=unknown; fi
fi
echo "@@manager $mgr"
names=; i=0
for a do i=$((i+1)); [ $i -le $n ] && names="$names $a"; done
stamp() { stat -c %Y /var/lib/apt/periodic/update-success-stamp 2>/dev/null || stat -c %Y /var/lib/apt/lists 2>/dev/null || echo 0; }
# The lists' content (globbing back on: the script runs with set -f).
lists() { (set +f; cat /var/lib/apt/lists/*Release /var/lib/apt/lists/*_Packages* 2>/dev/null) | cksum | cut -d' ' -f1; }
case $mgr in
apt)
  export LC_ALL=C
  if [ "$update" != - ]; then
    t0=$(stamp)
    if [ $((t0 + update)) -lt "$(date +%s)" ]; then
      d0=$(lists); err=$(apt-get update -q 2>&1 >/dev/null); rc=$?; t1=$(stamp)
      echo "@@cache $t0 $t1 $rc $d0 $(lists)"; [ $rc = 0 ] || printf '%s\\n' "$err"
    else echo "@@cache $t0 $t0 0"; fi
  fi
  echo "@@installed"
  [ -z "$names" ] || dpkg-query -W -f='\${Package}\\t\${Architecture}\\t\${Status}\\t\${Version}\\n' $names 2>/dev/null
  ask=
  for p in $names; do
    case $mode in all) ask="$ask $p";; missing) dpkg-query -W -f='\${Status}\\n' "$p" 2>/dev/null | grep -q ' installed$' || ask="$ask $p";; esac
  done
  echo "@@policy"
  [ -z "$ask" ] || apt-cache policy $ask 2>/dev/null
  case $sim in *,fix,*) echo "@@fix"; apt-get -s -q -f install 2>/dev/null | grep -E '^(Inst|Remv|Purg) ';; esac
  case $sim in *,autoremove,*) echo "@@autoremove"; apt-get -s -q autoremove 2>/dev/null | grep -E '^(Remv|Purg) ';; esac
  i=0
  for f do
    i=$((i+1)); [ $i -le $n ] && continue
    echo "@@deb $f"
    d=
    case $f in http://*|https://*)
      d=$(mktemp -d) || continue
      if command -v curl >/dev/null 2>&1; then curl -fsSL --max-time 600 -o "$d/package.deb" -- "$f" 2>"$d/err"
      else wget -q -T 600 -O "$d/package.deb" -- "$f" 2>"$d/err"; fi || { echo "@@deberror download failed: $(head -n 1 "$d/err")"; rm -rf "$d"; continue; }
      f=$d/package.deb ;;
    esac
    if info=$(dpkg-deb -f "$f" Package Version Architecture 2>&1); then
      printf '%s\\n' "$info"; echo "@@debinstalled"
      dpkg-query -W -f='\${Package}\\t\${Architecture}\\t\${Status}\\t\${Version}\\n' "$(dpkg-deb -f "$f" Package)" 2>/dev/null
    else printf '@@deberror %s\\n' "$info" | head -n 1; fi
    [ -z "$d" ] || rm -rf "$d"
  done ;;
dnf|yum)
  if [ "$update" != - ]; then err=$($mgr -q makecache 2>&1 >/dev/null); rc=$?; echo "@@cache 0 1 $rc"; [ $rc = 0 ] || printf '%s\\n' "$err"; fi
  echo "@@installed"
  [ -z "$names" ] || rpm -q --qf '%{NAME}\\t%{ARCH}\\tinstalled\\t%{EPOCHNUM}:%{VERSION}-%{RELEASE}\\n' -- $names 2>/dev/null | grep -v '^package .* is not installed$'
  echo "@@upgrades"
  if [ "$mode" = all ] && [ -n "$names" ]; then
    if [ $mgr = dnf ]; then dnf -q -C $repos repoquery --upgrades --qf '%{name}' -- $names 2>/dev/null
    else yum -q -C $repos list updates -- $names 2>/dev/null | awk 'NF==3 && $1 != "Updated" {sub(/\\.[^.]*$/, "", $1); print $1}'; fi
  fi ;;
esac
exit 0`;

export function pkgStateFact(req: ReadRequest): Fact<PkgState> {
  const sim = `,${(req.simulate ?? []).join(',')},`;
  const args = [SCRIPT, 'runbook-pkg', req.manager ?? 'auto', req.policy, req.updateCache ?? '-', req.names.length, sim, (req.repos ?? []).join(' '), ...req.names, ...req.debs];
  // A cache refresh is an action, not a read: its key is unique so it is never answered from the cache.
  const nonce = req.updateCache !== undefined ? `:${randomBytes(8).toString('hex')}` : '';
  return {
    key: `pkg:${JSON.stringify([req.manager, req.policy, req.names, req.debs, sim, req.repos ?? []])}${nonce}`,
    command: `sh -c ${argv(args)}`,
    parse: (stdout, code, stderr) => {
      if (code !== 0) throw new Error(`could not read package state: ${stderr.trim() || `exit code ${code}`}`);
      return parsePkgState(stdout);
    },
  };
}

function installedRow(line: string): Installed | undefined {
  const [name, arch, status, version] = line.split('\t');
  if (!name || status === undefined || version === undefined) return undefined;
  return { name, arch: arch ?? '', status: status.split(' ').pop() ?? '', version };
}

/** `apt-cache policy` blocks: `name:` then `  Installed:`, `  Candidate:`, `  Version table:` rows. */
export function parsePolicy(lines: string[]): Map<string, Policy> {
  const out = new Map<string, Policy>();
  let cur: Policy | undefined;
  for (const line of lines) {
    const head = /^(\S+):$/.exec(line);
    if (head) out.set(head[1]!, (cur = { versions: [] }));
    else if (!cur) continue;
    else if (/^ {2}Installed: /.test(line)) cur.installed = none(line.slice(13).trim());
    else if (/^ {2}Candidate: /.test(line)) cur.candidate = none(line.slice(13).trim());
    else {
      const v = /^ (?:\*\*\*| {3}) (\S+) -?\d+$/.exec(line);
      if (v) cur.versions.push(v[1]!);
    }
  }
  return out;
}

/** apt-get -s lines: `Inst foo [1.0] (1.1 Debian:12 [all])`, `Inst foo (1.1 …)`, `Remv foo [1.0]`. */
function simulatedRow(line: string): Simulated | undefined {
  const m = /^(Inst|Remv|Purg) (\S+)(?: \[([^\]]+)\])?(?: \((\S+))?/.exec(line);
  if (!m) return undefined;
  const [, verb, name, before, after] = m;
  return { name: name!, before: before ?? 'absent', after: verb === 'Inst' ? (after ?? 'present') : verb === 'Purg' ? 'purged' : 'absent' };
}

const none = (v: string) => (v === '(none)' ? undefined : v);

export function parsePkgState(stdout: string): PkgState {
  const state: PkgState = { manager: 'unknown', installed: [], policy: new Map(), upgrades: new Set(), debs: [], fix: [], autoremove: [] };
  let tag = '';
  let lines: string[] = [];
  const flush = () => {
    if (tag === 'installed') state.installed = lines.map(installedRow).filter((r): r is Installed => !!r);
    else if (tag === 'policy') state.policy = parsePolicy(lines);
    else if (tag === 'fix' || tag === 'autoremove') state[tag] = lines.map(simulatedRow).filter((r): r is Simulated => !!r);
    else if (tag === 'upgrades') state.upgrades = new Set(lines.map((l) => l.trim()).filter(Boolean));
    else if (tag === 'cache' && state.cache && lines.length) state.cache.error = lines.join('\n').trim();
    else if (tag === 'deb') {
      const deb = state.debs[state.debs.length - 1]!;
      for (const l of lines) {
        const m = /^(Package|Version|Architecture): (.*)$/.exec(l);
        if (m) deb[m[1] === 'Package' ? 'package' : m[1] === 'Version' ? 'version' : 'arch'] = m[2]!;
      }
    } else if (tag === 'debinstalled') state.debs[state.debs.length - 1]!.installed = lines.map(installedRow).filter((r): r is Installed => !!r);
    lines = [];
  };
  for (const line of stdout.split('\n')) {
    const m = /^@@(\w+)(?: (.*))?$/.exec(line);
    if (!m) {
      if (line !== '') lines.push(line);
      continue;
    }
    flush();
    tag = m[1]!;
    const rest = m[2] ?? '';
    if (tag === 'manager') state.manager = rest as PkgState['manager'];
    else if (tag === 'cache') {
      const [before, after, rc, listsBefore, listsAfter] = rest.split(' ');
      state.cache = {
        before: Number(before ?? 0),
        after: Number(after ?? 0),
        // The lists' content, not a timestamp, tells whether a refresh changed anything: apt touches the
        // lists directory on every update, so a timestamp made a second unchanged refresh a change when it
        // fell in another second.
        changed: listsBefore === undefined ? before !== after : listsBefore !== listsAfter,
        ...(Number(rc) ? { error: `exit code ${rc}` } : {}),
      };
    } else if (tag === 'deb') state.debs.push({ path: rest, installed: [] });
    else if (tag === 'deberror') state.debs[state.debs.length - 1]!.error = rest;
  }
  flush();
  return state;
}
