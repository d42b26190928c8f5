// mount: a file system's fstab entry and its live mount — ansible.posix.mount on Linux: the same states,
// the fstab bytes and `changed` of mount-fstab.ts, mount/umount/remount as Ansible runs them (mount -T FSTAB
// for another fstab than /etc/fstab). The fstab and /proc/self/mountinfo are read in one round trip.

import { ModuleFailure } from '../../engine/errors.js';
import { argv, cmd } from '../../engine/quote.js';
import type { Change, ModuleContext } from '../../engine/module-api/module.js';
import { defineModule } from '../../engine/module-api/module.js';
import { contentFact, statFact } from '../files/file-state.js';
import { readTextFile, type TextFile } from '../files/text-file.js';
import { writeFile } from '../files/write-file.js';
import { setFstabEntry, unsetFstabEntry } from './mount-fstab.js';
import { liveMountFact } from './mount-state.js';

export const mount = defineModule({
  name: 'mount',
  summary: 'Manage a mount point: its fstab entry and whether it is mounted (ansible.posix.mount).',
  aliases: { name: 'path' },
  params: {
    type: 'object',
    additionalProperties: false,
    required: ['path', 'state'],
    properties: {
      path: { type: 'string', description: 'The mount point, e.g. /mnt/data.' },
      src: { type: 'string', description: 'What to mount: a device, UUID=..., a remote share, tmpfs. Required for mounted and present.' },
      fstype: { type: 'string', description: 'File system type (ext4, xfs, tmpfs, nfs...). Required for mounted and present.' },
      opts: { type: 'string', description: 'Mount options, comma-separated (default: defaults).' },
      dump: { type: ['string', 'integer'], default: '0', description: 'fstab dump field.' },
      passno: { type: ['string', 'integer'], default: '0', description: 'fstab fsck pass field.' },
      state: {
        enum: ['mounted', 'present', 'unmounted', 'absent', 'absent_from_fstab', 'remounted'],
        description:
          'mounted: in fstab and mounted (the directory created; remounted when the entry changed). present: in fstab only. unmounted: not mounted, fstab untouched. absent: out of fstab, unmounted and its directory removed. absent_from_fstab: out of fstab only. remounted: remount now (always a change).',
      },
      fstab: { type: 'string', description: 'The fstab file to edit (default /etc/fstab); mount is then run with -T FILE.' },
      boot: { type: 'boolean', default: true, description: 'Mount at boot; false adds noauto to the options (unless they are defaults).' },
      backup: { type: 'boolean', default: false, description: 'Keep a timestamped copy of the fstab before changing it (returned as backup_file).' },
    },
  },
  async plan(ctx, p) {
    const fstab = p.fstab ?? '/etc/fstab';
    if ((p.state === 'mounted' || p.state === 'present') && (p.src === undefined || p.fstype === undefined)) {
      throw new ModuleFailure(`state is ${p.state} but all of the following are missing: ${[p.src === undefined && 'src', p.fstype === undefined && 'fstype'].filter(Boolean).join(', ')}`);
    }
    let opts = p.opts ?? 'defaults';
    const optList = opts.split(',');
    if (optList.includes('noauto')) ctx.warn("Ignore the 'boot' due to 'opts' contains 'noauto'.");
    else if (!p.boot) {
      if (optList.includes('defaults')) ctx.warn("Ignore the 'boot' due to 'opts' contains 'defaults'.");
      else opts = [...optList, 'noauto'].join(',');
    }
    const entry = { name: p.path, src: p.src, fstype: p.fstype, opts, dump: String(p.dump), passno: String(p.passno) };
    const [, , live] = await ctx.facts(statFact(fstab, { follow: true }), contentFact(fstab), liveMountFact(p.path));
    const file = await readTextFile(ctx, fstab);
    const data = { name: p.path, src: p.src, fstype: p.fstype, opts, dump: entry.dump, passno: entry.passno, fstab, boot: p.boot ? 'yes' : 'no', backup_file: '' };
    const fsArgs = fstab === '/etc/fstab' ? [] : ['-T', fstab];
    const mountCmd = argv(['mount', ...fsArgs, p.path]);
    const changes: Change[] = [];
    const editFstab = (edit: { text: string; changed: boolean }, summary: string) => {
      if (edit.changed) changes.push(fstabChange(ctx, file, edit.text, summary, p.backup));
    };
    switch (p.state) {
      case 'present':
        editFstab(setFstabEntry(file.text ?? '', entry), `${fstab}: entry for ${p.path}`);
        break;
      case 'absent_from_fstab':
      case 'absent': {
        const edit = unsetFstabEntry(file.text ?? '', entry);
        editFstab(edit, `${fstab}: remove ${p.path}`);
        if (edit.changed && p.state === 'absent') {
          if (live.mounted) changes.push({ summary: `unmount ${p.path}`, run: argv(['umount', p.path]), failure: `Error unmounting ${p.path}` });
          if (live.exists) changes.push({ summary: `remove the directory ${p.path}`, run: argv(['rmdir', '--', p.path]), failure: `Error rmdir ${p.path}` });
        }
        break;
      }
      case 'unmounted':
        if (live.mounted) changes.push({ summary: `unmount ${p.path}`, run: argv(['umount', p.path]), failure: `Error unmounting ${p.path}` });
        break;
      case 'remounted':
        changes.push({ summary: `remount ${p.path}`, run: remountCommand(p.path, opts === 'defaults' ? [] : [opts], fsArgs, mountCmd, true), failure: `Error remounting ${p.path}` });
        break;
      case 'mounted': {
        const edit = setFstabEntry(file.text ?? '', entry);
        editFstab(edit, `${fstab}: entry for ${p.path}`);
        if (!live.mounted) {
          const mkdir = live.exists ? '' : `${cmd`mkdir -p -- ${p.path}`} && `;
          changes.push({ summary: `mount ${p.path}${live.exists ? '' : ' (directory created)'}`, diff: { header: `mount ${p.path}`, before: 'unmounted\n', after: `${p.src} on ${p.path} type ${p.fstype} (${opts})\n` }, run: `${mkdir}${mountCmd}`, failure: `Error mounting ${p.path}` });
        } else if (edit.changed) {
          changes.push({ summary: `remount ${p.path} (its entry changed)`, run: remountCommand(p.path, [], fsArgs, mountCmd, false), failure: `Error mounting ${p.path}` });
        }
        break;
      }
    }
    return { changes, data, reason: changes.length ? undefined : noChange(p.state, p.path, fstab) };
  },
});

/**
 * Ansible's remount(): mount -o remount[,OPTS]; when that fails, umount + mount — except for remounted with
 * options, where it refuses rather than remount with other options than asked.
 */
function remountCommand(path: string, opts: string[], fsArgs: string[], mountCmd: string, strict: boolean): string {
  const remount = argv(['mount', '-o', ['remount', ...opts].join(','), ...fsArgs, path]);
  if (strict && opts.length) return remount;
  return `${remount} || { ${argv(['umount', path])} && ${mountCmd}; }`;
}

function fstabChange(ctx: ModuleContext, file: TextFile, text: string, summary: string, backup: boolean): Change {
  return {
    summary,
    diff: { header: file.path, before: file.text ?? '', after: text },
    apply: async () => {
      // Ansible creates a missing fstab (0644 under its umask 022) and rewrites an existing one in place.
      const r = await writeFile(ctx.conn, { path: file.st?.realpath ?? file.path, content: text, want: file.st ? {} : { mode: '0644' }, st: file.st, backup, parents: !file.st, expect: file.read });
      return { backup_file: r.backupFile ?? '' };
    },
  };
}

function noChange(state: string, path: string, fstab: string): string {
  if (state === 'unmounted') return `${path} is not mounted`;
  if (state === 'mounted') return `${path} is mounted as in ${fstab}`;
  if (state === 'present') return `${path} is in ${fstab} as asked`;
  return `${path} is not in ${fstab}`;
}
