// The user module's view of an account, read in ONE command: its passwd entry, its password hash (shadow,
// readable as root), the supplementary groups it is a member of, and every group the task names (to check
// they exist and to compare by gid), plus whether a group shares the user's name.

import { argv } from '../../engine/quote.js';
import type { Fact } from '../../engine/module-api/module.js';

export interface Passwd {
  name: string;
  uid: number;
  gid: number;
  comment: string;
  home: string;
  shell: string;
}

export interface GroupEntry {
  name: string;
  gid: number;
}

export interface UserState {
  user?: Passwd;
  /** The shadow hash; undefined when it could not be read (not root). */
  hash?: string;
  /** The shadow expiry in days since the epoch; undefined when empty or unreadable. */
  expireDays?: number;
  /** Supplementary groups the user is listed in. */
  memberOf: string[];
  /** The groups asked about that exist, by the name or gid they were asked as. */
  groups: Map<string, GroupEntry>;
  /** A group named like the user exists (useradd would otherwise try to create it). */
  ownGroup: boolean;
  redhat: boolean;
}

// $1 user, then the groups to look up.
const SCRIPT = `u=$1; shift
echo "@@passwd"; getent passwd "$u"
echo "@@shadow"; getent shadow "$u" 2>/dev/null | cut -d: -f2,8
echo "@@member"; getent group | awk -F: -v u="$u" '{ n = split($4, m, ","); for (i = 1; i <= n; i++) if (m[i] == u) print $1 }'
for g do echo "@@group $g"; getent group "$g"; done
echo "@@own"; getent group "$u" >/dev/null && echo yes
echo "@@redhat"; [ -e /etc/redhat-release ] && echo yes
exit 0`;

export function userStateFact(name: string, groups: string[]): Fact<UserState> {
  const unique = [...new Set(groups)];
  return {
    key: `user:${JSON.stringify([name, unique])}`,
    command: `sh -c ${argv([SCRIPT, 'runbook-user', name, ...unique])}`,
    parse: (stdout, code, stderr) => {
      if (code !== 0) throw new Error(`could not read user ${name}: ${stderr.trim() || `exit code ${code}`}`);
      return parseUserState(stdout);
    },
  };
}

export function parseUserState(stdout: string): UserState {
  const state: UserState = { memberOf: [], groups: new Map(), ownGroup: false, redhat: false };
  let tag = '';
  let arg = '';
  for (const line of stdout.split('\n')) {
    const m = /^@@(\w+)(?: (.*))?$/.exec(line);
    if (m) {
      tag = m[1]!;
      arg = m[2] ?? '';
      continue;
    }
    if (line === '') continue;
    if (tag === 'passwd') {
      const [name, , uid, gid, comment, home, shell] = line.split(':');
      state.user = { name: name!, uid: Number(uid), gid: Number(gid), comment: comment ?? '', home: home ?? '', shell: shell ?? '' };
    } else if (tag === 'shadow') {
      const [hash, expire] = line.split(':');
      state.hash = hash;
      if (expire) state.expireDays = Number(expire);
    }
    else if (tag === 'member') state.memberOf.push(line);
    else if (tag === 'group') {
      const [name, , gid] = line.split(':');
      state.groups.set(arg, { name: name!, gid: Number(gid) });
    } else if (tag === 'own') state.ownGroup = line === 'yes';
    else if (tag === 'redhat') state.redhat = line === 'yes';
  }
  return state;
}
