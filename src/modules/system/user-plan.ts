// What the user module must run, as a pure function of the asked account and its current state, following
// Ansible's user module on Linux (create_user_useradd / modify_user_usermod / remove_user_userdel): the
// same flags, the same comparisons, so the same `changed`.

import { ModuleFailure } from '../../engine/errors.js';
import type { UserState } from './user-state.js';

export interface UserWanted {
  name: string;
  state: 'present' | 'absent';
  uid?: number;
  group?: string;
  groups?: string[];
  append: boolean;
  shell?: string;
  home?: string;
  comment?: string;
  create_home: boolean;
  password?: string;
  update_password: 'always' | 'on_create';
  password_lock?: boolean;
  expires?: number;
  system: boolean;
  remove: boolean;
  force: boolean;
}

export interface UserPlan {
  /** The command to run (argv), or none when the account is as asked. */
  argv?: string[];
  summary?: string;
  before: string;
  after: string;
}

function needGroup(s: UserState, g: string) {
  const found = s.groups.get(g);
  if (!found) throw new ModuleFailure(`Group ${g} does not exist`);
  return found;
}

/** passwd-like lines for the diff; the password only as "set"/"changed", never the hash. */
function describe(fields: Record<string, string | number | undefined>): string {
  return Object.entries(fields)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}: ${v}\n`)
    .join('');
}

/** Ansible's `-e` value: '' (no expiry) for a negative time, else the UTC day (time.strftime('%Y-%m-%d')). */
function expiryDate(seconds: number): string {
  return seconds < 0 ? '' : new Date(Math.floor(seconds) * 1000).toISOString().slice(0, 10);
}

/** The `-p` value: the hash, locked (a leading `!`) when password_lock asks for it. */
function hashArg(w: UserWanted): string {
  return w.password_lock ? `!${w.password}` : w.password!;
}

/**
 * `check`: in check mode a new account is planned without looking its groups up, as Ansible's user module
 * exits "changed" before it does — a group an earlier task of the run creates does not exist yet.
 */
export function planUser(w: UserWanted, s: UserState, check = false): UserPlan {
  const u = s.user;
  if (w.state === 'absent') {
    if (!u) return { before: '', after: '' };
    return { argv: ['userdel', ...(w.force ? ['-f'] : []), ...(w.remove ? ['-r'] : []), w.name], summary: `remove user ${w.name}`, before: 'state: present\n', after: 'state: absent\n' };
  }
  const groupName = (g: string) => (check && !u && !s.groups.has(g) ? g : needGroup(s, g).name);
  const groups = w.groups?.map(groupName);
  if (!u) {
    const cmd = ['useradd'];
    if (w.uid !== undefined) cmd.push('-u', String(w.uid));
    if (w.group !== undefined) cmd.push('-g', groupName(w.group));
    // A group with the user's name exists: tell useradd not to create one (Ansible's -N / -n on RedHat).
    else if (s.ownGroup) cmd.push(s.redhat ? '-n' : '-N');
    if (groups?.length) cmd.push('-G', groups.join(','));
    if (w.comment !== undefined) cmd.push('-c', w.comment);
    if (w.home !== undefined) cmd.push('-d', w.home);
    if (w.shell !== undefined) cmd.push('-s', w.shell);
    if (w.expires !== undefined) cmd.push('-e', expiryDate(w.expires));
    if (w.password !== undefined) cmd.push('-p', hashArg(w));
    cmd.push(w.create_home ? '-m' : '-M');
    if (w.system) cmd.push('-r');
    cmd.push(w.name);
    const after = describe({ state: 'present', uid: w.uid, group: w.group, groups: groups?.join(','), shell: w.shell, home: w.home, comment: w.comment, expires: w.expires === undefined ? undefined : expiryDate(w.expires) || 'never', password: w.password && (w.password_lock ? 'set, locked' : 'set') });
    return { argv: cmd, summary: `create user ${w.name}`, before: 'state: absent\n', after };
  }
  const cmd: string[] = [];
  const before: Record<string, string | number | undefined> = {};
  const after: Record<string, string | number | undefined> = {};
  // value null: a flag without an argument (-L, -U).
  const diff = (key: string, flag: string, from: string | number, to: string | number, value: string | null = String(to)) => {
    cmd.push(flag, ...(value === null ? [] : [value]));
    before[key] = from;
    after[key] = to;
  };
  if (w.uid !== undefined && u.uid !== w.uid) diff('uid', '-u', u.uid, w.uid);
  if (w.group !== undefined) {
    const g = needGroup(s, w.group);
    if (g.gid !== u.gid) diff('gid', '-g', u.gid, g.gid);
  }
  if (groups !== undefined) {
    const current = new Set(s.memberOf);
    const wanted = new Set(groups);
    const missing = groups.filter((g) => !current.has(g));
    const extra = [...current].filter((g) => !wanted.has(g));
    if (missing.length || (!w.append && extra.length)) {
      if (w.append) cmd.push('-a');
      cmd.push('-G', groups.join(','));
      before.groups = [...current].sort().join(',');
      after.groups = (w.append ? [...new Set([...current, ...groups])] : groups).sort().join(',');
    }
  }
  if (w.comment !== undefined && u.comment !== w.comment) diff('comment', '-c', u.comment, w.comment);
  if (w.home !== undefined && u.home !== w.home) diff('home', '-d', u.home, w.home);
  if (w.shell !== undefined && u.shell !== w.shell) diff('shell', '-s', u.shell, w.shell);
  if (w.expires !== undefined) {
    // Ansible compares by UTC day: the shadow field counts days since the epoch, -1 when empty.
    const current = s.expireDays ?? -1;
    const was = current < 0 ? 'never' : expiryDate(current * 86400);
    if (w.expires < 0 ? current >= 0 : current < 0 || was !== expiryDate(w.expires)) diff('expires', '-e', was, expiryDate(w.expires) || 'never', expiryDate(w.expires));
  }
  const hash = s.hash ?? '';
  const lockWord = (locked: boolean) => (locked ? 'locked' : 'unlocked');
  if (w.password_lock === true && !hash.startsWith('!')) diff('password', '-L', lockWord(false), lockWord(true), null);
  else if (w.password_lock === false && hash.startsWith('!')) diff('password', '-U', lockWord(true), lockWord(false), null);
  if (w.update_password === 'always' && w.password !== undefined && hash.replace(/^!+/, '') !== w.password.replace(/^!+/, '')) {
    // -p and -L/-U exclude each other: a lock asked with a new hash is the hash's leading `!`.
    for (const flag of ['-L', '-U']) if (cmd.includes(flag)) cmd.splice(cmd.indexOf(flag), 1);
    diff('password', '-p', '(old)', w.password_lock ? '(changed, locked)' : '(changed)', hashArg(w));
  }
  if (!cmd.length) return { before: '', after: '' };
  return { argv: ['usermod', ...cmd, w.name], summary: `modify user ${w.name} (${Object.keys(after).join(', ')})`, before: describe(before), after: describe(after) };
}
