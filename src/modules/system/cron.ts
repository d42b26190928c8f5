// cron: one job (or environment variable) in a user's crontab (crontab -l / crontab -) or in a file of
// /etc/cron.d — Ansible's cron module: the same arguments and aliases, the same `#Ansible: NAME` markers and
// bytes (cron-plan.ts ports its CronTab), the same `changed`. The crontab is read in one round trip.

import { ModuleFailure } from '../../engine/errors.js';
import { cmd } from '../../engine/quote.js';
import type { Change, ModuleContext } from '../../engine/module-api/module.js';
import { defineModule } from '../../engine/module-api/module.js';
import { readTextFile } from '../files/text-file.js';
import { writeFile } from '../files/write-file.js';
import { editCron, type CronEdit } from './cron-plan.js';
import { crontabCommand, userCrontabFact } from './cron-state.js';

// Ansible's type is str, which takes a YAML number too (`minute: 0`).
const timeField = (what: string) => ({ type: ['string', 'integer'], default: '*', description: `${what} when the job runs (crontab syntax: *, 5, */10, 1-5, 1,3).` }) as const;

export const cron = defineModule({
  name: 'cron',
  summary: "Manage a cron job or variable in a user's crontab or in /etc/cron.d, with Ansible's #Ansible: markers.",
  aliases: { value: 'job', dom: 'day', dow: 'weekday' },
  params: {
    type: 'object',
    additionalProperties: false,
    required: ['name'],
    properties: {
      name: { type: 'string', description: 'Name of the job (the `#Ansible: NAME` marker above it), or of the variable with env.' },
      user: { type: 'string', description: 'Whose crontab to edit (default: the user running the task). With cron_file: the user the job runs as (required).' },
      job: { type: 'string', description: 'The command to run (state=present), or the variable\'s value with env.' },
      cron_file: { type: 'string', description: 'Edit this file in /etc/cron.d (a bare name) or this absolute path instead of a user\'s crontab. Removed when state=absent leaves it empty.' },
      state: { enum: ['present', 'absent'], default: 'present', description: 'Whether the job (or variable) should be there.' },
      backup: { type: 'boolean', default: false, description: 'Before a change, save the crontab to a temporary file on the host (its path is returned as backup_file).' },
      minute: timeField('Minute'),
      hour: timeField('Hour'),
      day: timeField('Day of the month'),
      month: timeField('Month'),
      weekday: timeField('Day of the week'),
      special_time: { enum: ['reboot', 'yearly', 'annually', 'monthly', 'weekly', 'daily', 'hourly'], description: 'Run at @reboot, @daily... instead of at the time fields (which must then stay *).' },
      disabled: { type: 'boolean', default: false, description: 'Keep the job but comment it out (state=present).' },
      env: { type: 'boolean', default: false, description: 'Manage an environment variable NAME="job" (at the top of the crontab) instead of a job.' },
      insertafter: { type: 'string', description: 'env=yes: put a new variable after the variable of this name.' },
      insertbefore: { type: 'string', description: 'env=yes: put a new variable before the variable of this name.' },
    },
  },
  async plan(ctx, p) {
    if (p.cron_file === '/etc/crontab') throw new ModuleFailure('Will not manage /etc/crontab via cron_file, see documentation.');
    const path = p.cron_file === undefined ? undefined : p.cron_file.startsWith('/') ? p.cron_file : `/etc/cron.d/${p.cron_file}`;
    if (path && !/^[A-Z0-9_-]+$/i.test(path.slice(path.lastIndexOf('/') + 1))) {
      ctx.warn(`Filename portion of cron_file ("${path.slice(path.lastIndexOf('/') + 1)}") should consist solely of upper- and lower-case letters, digits, underscores, and hyphens`);
    }
    const time = { minute: String(p.minute), hour: String(p.hour), day: String(p.day), month: String(p.month), weekday: String(p.weekday) };
    const wanted = { ...p, ...time, cronFile: path !== undefined };
    const file = path === undefined ? undefined : await readTextFile(ctx, path);
    const existing = file ? (file.text ?? '') : (await ctx.facts(userCrontabFact(p.user)))[0];
    const edit = editCron(wanted, existing);
    for (const w of edit.warnings) ctx.warn(w);
    const header = path ?? (p.user ? `crontab for user "${p.user}"` : 'crontab');
    const data = { jobs: edit.jobs, envs: edit.envs, ...(p.cron_file !== undefined ? { cron_file: p.cron_file } : {}) };
    if (!edit.changed || (edit.removeFile && !file?.st)) return { changes: [], data, reason: noChange(p, header) };
    const backup = p.backup ? backupChange(ctx, existing) : [];
    const what = p.env ? `variable ${p.name}` : `job ${JSON.stringify(p.name)}`;
    if (edit.removeFile) {
      return {
        changes: [...backup, { summary: `remove ${what}: ${path} is left empty and removed`, diff: { header: path!, before: existing, after: '' }, run: cmd`rm -f -- ${path!}` }],
        data: { cron_file: p.cron_file, state: p.state },
      };
    }
    const summary = `${header}: ${p.state === 'absent' ? 'remove' : 'set'} ${what}`;
    return { changes: [...backup, writeChange(ctx, edit, { header, summary, existing, user: p.user, file })], data };
  },
});

function writeChange(ctx: ModuleContext, edit: CronEdit, o: { header: string; summary: string; existing: string; user?: string; file?: Awaited<ReturnType<typeof readTextFile>> }): Change {
  const diff = { header: o.header, before: o.existing, after: edit.after };
  const f = o.file;
  if (f) {
    // Ansible writes with umask 022 as the user running it: a new file is 0644; an existing one keeps its mode.
    return { summary: o.summary, diff, apply: async () => void (await writeFile(ctx.conn, { path: f.st?.realpath ?? f.path, content: edit.after, want: f.st ? {} : { mode: '0644' }, st: f.st, expect: f.read })) };
  }
  return { summary: o.summary, diff, apply: async () => {
    const r = await ctx.conn.exec(crontabCommand(o.user, '-'), { stdin: edit.after, signal: ctx.signal });
    if (r.code !== 0) throw new ModuleFailure(r.stderr.trim() || `crontab failed with exit code ${r.code}`, { rc: r.code });
  } };
}

/** Ansible's backup: the crontab as it was, in a temporary file of the host. */
function backupChange(ctx: ModuleContext, existing: string): Change[] {
  return [{ summary: 'back up the crontab', apply: async () => {
    const r = await ctx.conn.exec('f=$(mktemp /tmp/crontab.XXXXXXXX) && cat > "$f" && printf %s "$f"', { stdin: existing, signal: ctx.signal });
    if (r.code !== 0) throw new ModuleFailure(`could not back up the crontab: ${r.stderr.trim()}`);
    return { backup_file: r.stdout.trim() };
  } }];
}

function noChange(p: { name: string; state: string; env: boolean }, header: string): string {
  const what = p.env ? `variable ${p.name}` : `job ${JSON.stringify(p.name)}`;
  return p.state === 'absent' ? `${header}: no ${what}` : `${header}: ${what} already as asked`;
}
