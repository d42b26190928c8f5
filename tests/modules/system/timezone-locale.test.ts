// timezone and locale_gen over recorded host output: what each reads, decides and runs, as
// community.general's modules do on Debian (files) and with systemd (timedatectl).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { localeGen, setLocaleLine } from '../../../src/modules/system/locale-gen.js';
import { editEtcTimezone, timezone } from '../../../src/modules/system/timezone.js';
import { failure, summaries } from '../../helpers/module-tester.js';
import { recordedHost } from '../../helpers/recorded-tester.js';

const tzHost = (out: string) => recordedHost({ facts: [['runbook-timezone', { stdout: out }]] });
const DEBIAN = (zone: string, link = `/usr/share/zoneinfo/${zone}`) => `@@etc\n${zone}\n@@link ${link}\n@@zone\n@@dpkg\n`;

test('timezone without systemd: /etc/timezone rewritten, /etc/localtime linked, dpkg-reconfigure tzdata', async () => {
  const h = tzHost(DEBIAN('Etc/UTC'));
  const plan = await h.plan(timezone, { name: 'Europe/Paris' });
  assert.equal(summaries(plan), ['time zone Etc/UTC -> Europe/Paris', '/etc/localtime -> /usr/share/zoneinfo/Europe/Paris']);
  assert.equal(plan.changes[0]!.diff, { header: 'timezone', before: 'name: Etc/UTC\n', after: 'name: Europe/Paris\n' });
  await h.apply(plan);
  assert.equal(h.commands.slice(-2), ['put /etc/timezone "Europe/Paris\\n"', 'ln -sf /usr/share/zoneinfo/Europe/Paris /etc/localtime && dpkg-reconfigure --frontend noninteractive tzdata']);
  // Files that agree: nothing, one read. A link that disagrees with /etc/timezone is drift.
  const same = tzHost(DEBIAN('Europe/Paris'));
  const { value, execs } = await same.countExecs(() => same.plan(timezone, { name: 'Europe/Paris' }));
  assert.equal([value.changes, value.reason, execs], [[], 'the time zone is Europe/Paris', 1]);
  assert.equal(summaries(await tzHost(DEBIAN('Europe/Paris', '/usr/share/zoneinfo/Etc/UTC')).plan(timezone, { name: 'Europe/Paris' }))[0], 'time zone Etc/UTC -> Europe/Paris');
  assert.is(editEtcTimezone('\nEtc/UTC\nx\n', 'Asia/Tokyo'), '\nAsia/Tokyo\n', 'every line starting with a non-space goes, the zone takes the first one\'s place');
});

test('timezone with systemd: timedatectl set-timezone; an unknown zone and hwclock fail clearly', async () => {
  const h = tzHost('@@systemd\n               Local time: Sat 2026-12-05 08:00:00 UTC\n                Time zone: Etc/UTC (UTC, +0000)\n');
  const plan = await h.plan(timezone, { name: 'America/New_York' });
  assert.equal(plan.changes.map((c) => ('run' in c ? c.run : '')), ['timedatectl set-timezone America/New_York']);
  assert.match((await failure(() => tzHost('@@etc\nEtc/UTC\n').plan(timezone, { name: 'Mars/Olympus' }))).message, 'given timezone "Mars/Olympus" is not available');
  assert.match((await failure(() => tzHost('').plan(timezone, { name: 'Etc/UTC', hwclock: 'UTC' }))).message, 'hwclock is not supported');
});

const LOCALE_GEN = '# This file lists locales\n# de_CH.UTF-8 UTF-8\n# en_US.UTF-8 UTF-8\nfr_FR.UTF-8 UTF-8\n';
const localeHost = (installed: string[], list = LOCALE_GEN, ubuntu = false) =>
  recordedHost({ facts: [['locale -a', { stdout: `${ubuntu ? '@@ubuntu\n' : ''}@@installed\n${installed.join('\n')}\n@@list\n${list}` }]] });

test('locale_gen: the line uncommented then locale-gen; present by locale -a (utf8 spelled either way); absent comments it', async () => {
  const h = localeHost(['C', 'C.utf8', 'POSIX', 'fr_FR.utf8']);
  const plan = await h.plan(localeGen, { name: 'en_US.UTF-8' });
  assert.equal(summaries(plan), ['/etc/locale.gen: enable en_US.UTF-8', 'generate locale en_US.UTF-8']);
  assert.is(plan.changes[0]!.diff!.after, '# This file lists locales\n# de_CH.UTF-8 UTF-8\nen_US.UTF-8 UTF-8\nfr_FR.UTF-8 UTF-8\n');
  const noop = await localeHost(['fr_FR.utf8']).plan(localeGen, { name: 'fr_FR.UTF-8' });
  assert.is(noop.reason, 'locale fr_FR.UTF-8 is generated');
  const off = await localeHost(['fr_FR.utf8']).plan(localeGen, { name: 'fr_FR.UTF-8', state: 'absent' });
  assert.is(off.changes[0]!.diff!.after, LOCALE_GEN.replace('fr_FR.UTF-8 UTF-8', '# fr_FR.UTF-8 UTF-8'));
  assert.is(setLocaleLine('#  en_US.UTF-8 UTF-8\n', 'en_US.UTF-8', true), 'en_US.UTF-8 UTF-8\n');
});

test('locale_gen: Ubuntu runs locale-gen NAME; a locale the system does not know fails as in Ansible', async () => {
  const u = localeHost([], 'en_US.UTF-8 UTF-8\n', true);
  const plan = await u.plan(localeGen, { name: 'en_US.UTF-8' });
  assert.equal(plan.changes.map((c) => ('run' in c ? c.run : '')), ['locale-gen en_US.UTF-8']);
  assert.is((await failure(() => localeHost([]).plan(localeGen, { name: 'xx_YY.UTF-8' }))).message, "The locale you've entered is not available on your system.");
});

test.run();
