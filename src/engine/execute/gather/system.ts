// Facts about the host's identity, user, clock, environment and Python, as ansible-core 2.14 names and
// shapes them. Everything comes from shell tools (getent, id, date, /proc): the host needs no Python,
// and when it has one its version is read from `python --version`.

/** `uname -n`; Python's socket.getfqdn(): the first name with a dot among the reverse lookup's names. */
export function names(node: string, fqdnSection: string | undefined): Record<string, unknown> {
  const hostnames = (fqdnSection ?? '').split('\n')[0]!.trim().split(/\s+/).slice(1);
  const fqdn = hostnames.find((n) => n.includes('.')) ?? hostnames[0] ?? node;
  return {
    ansible_nodename: node,
    ansible_hostname: node.split('.')[0] ?? '',
    ansible_fqdn: fqdn,
    ansible_domain: fqdn.includes('.') ? fqdn.slice(fqdn.indexOf('.') + 1) : '',
  };
}

/**
 * The user as Python's getpass.getuser() names it — LOGNAME, USER, LNAME or USERNAME (`envName`), else the
 * passwd name of the real uid — with its /etc/passwd entry (by name, else by uid) and the ids from
 * /proc/self/status (`Uid: real effective saved fs`). Users known only to LDAP/NSS get no passwd fields.
 */
export function user(envName: string | undefined, passwd: string | undefined, status: string | undefined): Record<string, unknown> {
  const entries = (passwd ?? '').split('\n').map((l) => l.split(':')).filter((f) => f.length >= 7);
  const ids = (key: string) => (new RegExp(`^${key}:\\s*(\\d+)\\s+(\\d+)`, 'm').exec(status ?? '') ?? []).slice(1).map(Number);
  const [ruid, euid] = ids('Uid');
  const [rgid] = ids('Gid');
  const byUid = entries.find((f) => f[2] === String(ruid));
  const name = envName?.trim() || byUid?.[0] || '';
  const f = entries.find((e) => e[0] === name) ?? byUid;
  return {
    ansible_user_id: name,
    ...(f ? { ansible_user_uid: Number(f[2]), ansible_user_gid: Number(f[3]), ansible_user_gecos: f[4], ansible_user_dir: f[5], ansible_user_shell: f[6] } : {}),
    ansible_real_user_id: ruid ?? null,
    ansible_effective_user_id: euid ?? null,
    ansible_real_group_id: rgid ?? null,
    // Ansible reports os.getgid() here too (not the effective gid): kept for equal output.
    ansible_effective_group_id: rgid ?? null,
  };
}

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/**
 * Section: `date '+%Y %m %d %H %M %S %s %w %W %Z %z %N'` (local time), then `%Z %z` on 1 January and
 * 1 July this year. UTC fields come from the epoch; tz_dst is Python's time.tzname[1], the zone's
 * daylight-saving name: the one of the two dates with the larger offset (the standard name when equal).
 */
export function dateTime(section: string | undefined): Record<string, unknown> {
  const [now = '', jan = '', jul = ''] = (section ?? '').split('\n').map((l) => l.trim());
  const [Y, m, d, H, M, S, epoch, w, W, tz, off, nanos] = now.split(/\s+/);
  if (!Y || !epoch || !/^\d+$/.test(epoch)) return {};
  const micro = /^\d{9}$/.test(nanos ?? '') ? nanos!.slice(0, 6) : '000000';
  const utc = new Date(Number(epoch) * 1000);
  const p2 = (n: number) => String(n).padStart(2, '0');
  const ud = `${utc.getUTCFullYear()}-${p2(utc.getUTCMonth() + 1)}-${p2(utc.getUTCDate())}`;
  const ut = `${p2(utc.getUTCHours())}:${p2(utc.getUTCMinutes())}:${p2(utc.getUTCSeconds())}`;
  const [janName, janOff = ''] = jan.split(/\s+/);
  const [julName, julOff = ''] = jul.split(/\s+/);
  const dst = !janName || !julName ? tz : Number(julOff) > Number(janOff) ? julName : janName;
  return {
    ansible_date_time: {
      year: Y, month: m, weekday: WEEKDAYS[Number(w)] ?? '', weekday_number: w, weeknumber: W, day: d,
      hour: H, minute: M, second: S, epoch, epoch_int: epoch, date: `${Y}-${m}-${d}`, time: `${H}:${M}:${S}`,
      iso8601_micro: `${ud}T${ut}.${micro}Z`, iso8601: `${ud}T${ut}Z`,
      iso8601_basic: `${Y}${m}${d}T${H}${M}${S}${micro}`, iso8601_basic_short: `${Y}${m}${d}T${H}${M}${S}`,
      tz, tz_dst: dst, tz_offset: off,
    },
  };
}

/**
 * The shell's exported variables from `export -p` (a builtin, so no program is started): dash and busybox
 * write `export NAME='v'` with `'"'"'` for a quote, bash `export NAME="v"` or `declare -x NAME="v"` with
 * backslash escapes; values may span lines. A variable exported without a value is left out, as the
 * environment a program sees has none.
 */
export function env(section: string | undefined): Record<string, unknown> {
  const text = section ?? '';
  const out: Record<string, string> = {};
  const head = /(?:^|\n)(?:export|declare -x) ([A-Za-z_][A-Za-z0-9_]*)(=?)/y;
  let i = 0;
  while (i < text.length) {
    head.lastIndex = i;
    const m = head.exec(text);
    if (!m) break;
    i = head.lastIndex;
    if (!m[2]) continue;
    let value = '';
    while (i < text.length && text[i] !== '\n') {
      const c = text[i]!;
      if (c === "'") {
        const end = text.indexOf("'", i + 1);
        value += text.slice(i + 1, end === -1 ? undefined : end);
        i = end === -1 ? text.length : end + 1;
      } else if (c === '"') {
        for (i++; i < text.length && text[i] !== '"'; i++) {
          if (text[i] === '\\' && '$`"\\\n'.includes(text[i + 1] ?? '')) i++;
          value += text[i];
        }
        i++;
      } else if (c === '\\') {
        value += text[i + 1] ?? '';
        i += 2;
      } else {
        value += c;
        i++;
      }
    }
    out[m[1]!] = value;
  }
  return { ansible_env: out };
}

const LEVELS: Record<string, string> = { a: 'alpha', b: 'beta', rc: 'candidate' };

/** Section: the interpreter's path, then its `--version` ("Python 3.11.2", "Python 3.13.0rc1"). */
export function python(section: string | undefined): Record<string, unknown> {
  const [executable = '', version = ''] = (section ?? '').split('\n').map((l) => l.trim());
  const v = /^Python (\d+)\.(\d+)\.(\d+)(?:(a|b|rc)(\d+))?/.exec(version);
  if (!executable || !v) return {};
  const [major, minor, micro] = [Number(v[1]), Number(v[2]), Number(v[3])];
  const releaselevel = v[4] ? LEVELS[v[4]]! : 'final';
  const serial = v[5] ? Number(v[5]) : 0;
  return {
    ansible_python: {
      executable,
      // What `ssl.SSLContext` availability would say on any Python still supported (2.7.9+).
      has_sslcontext: true,
      type: 'cpython',
      version: { major, minor, micro, releaselevel, serial },
      version_info: [major, minor, micro, releaselevel, serial],
    },
    ansible_python_version: v[0].slice('Python '.length),
  };
}
