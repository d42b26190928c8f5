// locale_gen: a locale generated (or not) — community.general.locale_gen: on Debian its line in
// /etc/locale.gen is uncommented (or commented) and locale-gen runs; on Ubuntu (/var/lib/locales/supported.d)
// `locale-gen NAME`. Whether it is there is `locale -a`, read with the file in one command.

import { createHash } from 'node:crypto';
import { ModuleFailure } from '../../engine/errors.js';
import { argv } from '../../engine/quote.js';
import type { Fact } from '../../engine/module-api/module.js';
import { defineModule } from '../../engine/module-api/module.js';

interface LocaleState {
  ubuntu: boolean;
  /** /etc/locale.gen (Debian), or /usr/share/i18n/SUPPORTED (Ubuntu); null when neither is there. */
  list: string | null;
  installed: string[];
}

const SCRIPT = `if [ -d /var/lib/locales/supported.d ]; then echo @@ubuntu; f=/usr/share/i18n/SUPPORTED; else f=/etc/locale.gen; fi
echo @@installed; locale -a 2>/dev/null
if [ -f "$f" ]; then echo @@list; cat "$f"; fi
exit 0`;

const localeFact: Fact<LocaleState> = {
  key: 'locale_gen',
  command: `sh -c ${argv([SCRIPT])}`,
  parse: (stdout) => {
    const list = stdout.indexOf('@@list\n');
    const inst = /@@installed\n([\s\S]*?)(?=@@list\n|$)/.exec(stdout)?.[1] ?? '';
    return { ubuntu: stdout.startsWith('@@ubuntu'), list: list === -1 ? null : stdout.slice(list + 7), installed: inst.split('\n').filter(Boolean) };
  },
};

const NORMALIZE: [string, string][] = [['.utf8', '.UTF-8'], ['.eucjp', '.EUC-JP'], ['.iso885915', '.ISO-8859-15'], ['.cp1251', '.CP1251'], ['.koi8r', '.KOI8-R'], ['.armscii8', '.ARMSCII-8'], ['.euckr', '.EUC-KR'], ['.gbk', '.GBK'], ['.gb18030', '.GB18030'], ['.euctw', '.EUC-TW']];
/** fix_case: locale -a writes en_US.utf8 for en_US.UTF-8. */
const fixCase = (n: string) => NORMALIZE.reduce((s, [a, b]) => s.split(a).join(b), n);
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** set_locale: the name's line (commented or not) rewritten enabled or commented, in every line it occurs. */
export function setLocaleLine(text: string, name: string, enabled: boolean): string {
  const re = new RegExp(`#?\\s*${escapeRe(name)} (.+)`);
  return text.split(/(?<=\n)/).map((l) => l.replace(re, (_, charset: string) => `${enabled ? '' : '# '}${name} ${charset}`)).join('');
}

export const localeGen = defineModule({
  name: 'locale_gen',
  summary: 'Generate or remove a locale (/etc/locale.gen and locale-gen), as community.general.locale_gen.',
  params: {
    type: 'object',
    additionalProperties: false,
    required: ['name'],
    properties: {
      name: { type: 'string', description: 'The locale with its encoding, e.g. de_CH.UTF-8.' },
      state: { enum: ['present', 'absent'], default: 'present', description: 'Whether the locale should be generated.' },
    },
  },
  async plan(ctx, p) {
    const [s] = await ctx.facts(localeFact);
    if (s.list === null) throw new ModuleFailure('/etc/locale.gen and /var/lib/locales/supported.d/local are missing. Is the package "locales" installed?');
    const line = s.ubuntu ? /^(\S+_\S+) (\S+)\s*$/ : /^#?\s*(\S+_\S+) (\S+)\s*$/;
    if (!s.list.split('\n').some((l) => line.exec(l)?.[1] === p.name)) throw new ModuleFailure("The locale you've entered is not available on your system.");
    const present = s.installed.some((l) => fixCase(l) === fixCase(p.name));
    const data = { name: p.name, msg: 'OK' };
    if (present === (p.state === 'present')) return { changes: [], data, reason: `locale ${p.name} is ${present ? '' : 'not '}generated` };
    const summary = `${p.state === 'present' ? 'generate' : 'remove'} locale ${p.name}`;
    if (s.ubuntu) {
      const run = p.state === 'present'
        ? argv(['locale-gen', p.name])
        : `${argv(['sed', '-i', `/^${escapeRe(p.name).replace(/\//g, '\\/')} /d`, '/var/lib/locales/supported.d/local'])} && locale-gen --purge`;
      return { changes: [{ summary, run, failure: 'locale.gen failed to execute' }], data };
    }
    const after = setLocaleLine(s.list, p.name, p.state === 'present');
    return {
      changes: [
        { summary: `/etc/locale.gen: ${p.state === 'present' ? 'enable' : 'disable'} ${p.name}`, diff: { header: '/etc/locale.gen', before: s.list, after }, apply: async () => void (await ctx.conn.put('/etc/locale.gen', after, { expect: createHash('sha256').update(s.list!).digest('hex') })) },
        { summary, run: 'locale-gen', failure: 'locale.gen failed to execute' },
      ],
      data,
    };
  },
});
