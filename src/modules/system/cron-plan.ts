// What the cron module does to a crontab's lines, as a pure function: a line-for-line port of Ansible's
// CronTab class (ansible/modules/cron.py), quirks included, so the same input gives the same bytes and the
// same `changed`: the `#Ansible: NAME` marker before each job, a job already there without its marker gets
// one, every entry of the name is replaced, env lines are `NAME="value"` at the top (or after/before another),
// and a file not ending in a newline is rewritten.

import { ModuleFailure } from '../../engine/errors.js';

export const MARKER = '#Ansible: ';

export interface CronWanted {
  name: string;
  /** The crontab's user: in a cron_file it is the job line's user field. */
  user?: string;
  job?: string;
  cronFile: boolean;
  state: 'present' | 'absent';
  minute: string;
  hour: string;
  day: string;
  month: string;
  weekday: string;
  special_time?: string;
  disabled: boolean;
  env: boolean;
  insertafter?: string;
  insertbefore?: string;
}

export interface CronEdit {
  changed: boolean;
  /** The crontab as it will be written (Ansible's render()). */
  after: string;
  /** cron_file only: the file is left empty by state=absent and is removed instead. */
  removeFile: boolean;
  jobs: string[];
  envs: string[];
  warnings: string[];
}

/** Ansible's render(): lines joined, trailing line breaks trimmed, one newline at the end (nothing for none). */
export function renderCron(lines: string[]): string {
  const text = lines.join('\n');
  return text ? `${text.replace(/[\r\n]+$/, '')}\n` : '';
}

/** Python's str.splitlines() for the line breaks a crontab can hold. */
export function splitLines(text: string): string[] {
  const lines = text.split(/\r\n|\r|\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The job line as Ansible writes it (get_cron_job). */
export function cronJobLine(w: CronWanted): string {
  const job = (w.job ?? '').replace(/^[\r\n]+|[\r\n]+$/g, '');
  const prefix = w.disabled ? '#' : '';
  const user = w.cronFile ? ` ${w.user}` : '';
  if (w.special_time) return `${prefix}@${w.special_time}${user} ${job}`;
  return `${prefix}${w.minute} ${w.hour} ${w.day} ${w.month} ${w.weekday}${user} ${job}`;
}

/** find_job: [marker, job] of the first entry named `name`; with `job`, an unmarked identical line is adopted. */
function findJob(lines: string[], name: string, job?: string): string[] {
  let comment: string | null = null;
  for (const l of lines) {
    if (comment !== null) {
      if (comment === name) return [comment, l];
      comment = null;
    } else if (l.startsWith(MARKER)) comment = l.slice(MARKER.length);
  }
  if (job !== undefined) {
    for (let i = 0; i < lines.length; i++) {
      if (lines[i] !== job) continue;
      // lines[-1] in Python is the last line: the same quirk for a job on the first line.
      const prev = lines.at(i - 1) ?? '';
      if (!prev.startsWith(MARKER)) {
        lines.splice(i, 0, MARKER + name);
        return [lines[i]!, job, 'adopted'];
      }
      if (prev === `${MARKER}None`) {
        lines[(i - 1 + lines.length) % lines.length] = MARKER + name;
        return [MARKER + name, job, 'adopted'];
      }
    }
  }
  return [];
}

/** _update_job: every `#Ansible: name` and the line after it are replaced by the new pair (or dropped). */
function updateJob(lines: string[], name: string, job: string | null): string[] {
  const out: string[] = [];
  let comment: string | null = null;
  for (const l of lines) {
    if (comment !== null) {
      if (job !== null) out.push(comment, job);
      comment = null;
    } else if (l === MARKER + name) comment = l;
    else out.push(l);
  }
  return out;
}

function findEnv(lines: string[], name: string): [number, string] | [] {
  const re = new RegExp(`^${escapeRe(name)}=`);
  const i = lines.findIndex((l) => re.test(l));
  return i === -1 ? [] : [i, lines[i]!];
}

function checkWanted(w: CronWanted): void {
  const timed = [w.minute, w.hour, w.day, w.month, w.weekday].some((x) => x !== '*');
  if (w.special_time && timed) throw new ModuleFailure('You must specify time and date fields or special time.');
  if (w.state !== 'present') return;
  if (w.cronFile && !w.user) throw new ModuleFailure('To use cron_file=... parameter you must specify user=... as well');
  if (w.job === undefined) throw new ModuleFailure("You must specify 'job' to install a new cron job or variable");
  if ((w.insertafter || w.insertbefore) && !w.env) throw new ModuleFailure('Insertafter and insertbefore parameters are valid only with env=yes');
  if (w.insertafter && w.insertbefore) throw new ModuleFailure('parameters are mutually exclusive: insertafter|insertbefore');
}

/** The edit of a crontab whose current text is `existing` ('' for none). */
export function editCron(w: CronWanted, existing: string): CronEdit {
  checkWanted(w);
  let lines = splitLines(existing);
  const warnings: string[] = [];
  let changed = false;
  const present = w.state === 'present';
  if (w.env) {
    if (w.name.includes(' ')) throw new ModuleFailure('Invalid name for environment variable');
    const decl = `${w.name}="${w.job}"`;
    const old = findEnv(lines, w.name);
    const re = new RegExp(`^${escapeRe(w.name)}=`);
    if (present && old.length === 0) {
      const other = w.insertafter ?? w.insertbefore;
      if (other === undefined) lines.unshift(decl);
      else {
        const at = findEnv(lines, other);
        if (at.length === 0) throw new ModuleFailure(`Variable named '${other}' not found.`);
        lines.splice(w.insertafter ? at[0] + 1 : at[0], 0, decl);
      }
      changed = true;
    } else if (present && old[1] !== decl) {
      lines = lines.map((l) => (re.test(l) ? decl : l));
      changed = true;
    } else if (!present && old.length > 0) {
      lines = lines.filter((l) => !re.test(l));
      changed = true;
    }
  } else if (present) {
    if (/[\r\n]/.test(w.job!.replace(/^[\r\n]+|[\r\n]+$/g, ''))) warnings.push('Job should not contain line breaks');
    const job = cronJobLine(w);
    const old = findJob(lines, w.name, job);
    if (old.length === 0) {
      lines.push(MARKER + w.name, job);
      changed = true;
    } else if (old[1] !== job || old.length > 2) {
      lines = updateJob(lines, w.name, job);
      changed = true;
    }
  } else if (findJob(lines, w.name).length > 0) {
    lines = updateJob(lines, w.name, null);
    changed = true;
    if (w.cronFile && lines.every((l) => !l.trim())) return { changed, after: '', removeFile: true, jobs: [], envs: [], warnings };
  }
  // A crontab not ending with a line break is rewritten (Ansible's last check).
  if (!changed && existing !== '' && !/[\r\n]$/.test(existing)) changed = true;
  return {
    changed,
    after: renderCron(lines),
    removeFile: false,
    jobs: lines.filter((l) => l.startsWith(MARKER)).map((l) => l.slice(MARKER.length)),
    envs: lines.filter((l) => /^\S+=/.test(l)).map((l) => l.split('=')[0]!),
    warnings,
  };
}
