// apt, dnf and yum: the shared package core (package-task.ts) with what each adds — autoremove, state
// fixed, dpkg_options, default_release, a .deb from a URL; dnf/yum's enablerepo/disablerepo — over
// recorded dpkg-query / apt-get -s / rpm output.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { withEnv } from '../../../src/engine/quote.js';
import { APT_ENV } from '../../../src/modules/packages/package-commands.js';
import { apt } from '../../../src/modules/packages/apt.js';
import { dnf, yum } from '../../../src/modules/packages/dnf.js';
import { packageModule } from '../../../src/modules/packages/package.js';
import { parsePkgState } from '../../../src/modules/packages/package-state.js';
import { failure, summaries } from '../../helpers/module-tester.js';
import { recordedHost } from '../../helpers/recorded-tester.js';

const POLICY = `hello:\n  Installed: (none)\n  Candidate: 2.10-3\n  Version table:\n     2.10-3 500\n        500 file:/srv/repo ./ Packages\n`;
const aptHost = (stdout: string) => recordedHost({ facts: [['runbook-pkg', { stdout: `@@manager apt\n${stdout}` }]] });

test('apt: dpkg_options and default_release reach apt-get; install_recommends; the manager is apt without facts', async () => {
  const h = aptHost(`@@installed\n@@policy\n${POLICY}`);
  const plan = await h.plan(apt, { name: 'hello', dpkg_options: 'force-confnew', default_release: 'bookworm-backports', install_recommends: false });
  assert.match(h.factCalls[0]![0]!, / apt missing - 1 ,, '' hello$/);
  assert.equal(summaries(plan), ['install hello=2.10-3']);
  await h.apply(plan);
  assert.equal(h.commands, [
    withEnv(APT_ENV, "apt-get -y -o Dpkg::Options::=--force-confnew -o DPkg::Lock::Timeout=60 -o APT::Install-Recommends=no -t bookworm-backports install hello=2.10-3 && apt-mark manual hello >/dev/null"),
  ]);
  const bad = await failure(() => aptHost('@@installed\n@@policy\n').plan(apt, { name: 'hello', dpkg_options: 'force-x; rm -rf /' }));
  assert.match(bad.message, /invalid dpkg option/);
});

test('package on apt: allow_downgrade installs an older pin with --allow-downgrades; repository switches are refused as Ansible\'s apt refuses them', async () => {
  const policy = POLICY.replace('Installed: (none)', 'Installed: 2.10-3').replace('     2.10-3 500\n', '     2.10-3 500\n        100 /var/lib/dpkg/status\n     2.10-2 500\n        500 file:/srv/repo ./ Packages\n');
  const h = aptHost(`@@installed\nhello\tamd64\tinstall ok installed\t2.10-3\n@@policy\n${policy}`);
  const plan = await h.plan(packageModule, { name: 'hello=2.10-2', allow_downgrade: true });
  assert.equal(summaries(plan), ['install hello=2.10-2']);
  await h.apply(plan);
  assert.match(h.commands[0]!, /apt-get -y .* --allow-downgrades install hello=2\.10-2 /);
  const e = await failure(() => aptHost('@@installed\n@@policy\n').plan(packageModule, { name: 'git', enablerepo: 'epel,updates' }));
  assert.is(e.message, 'Unsupported parameters for (apt) module: enablerepo');
  const rows = '@@manager dnf\n@@installed\n';
  const d = recordedHost({ facts: [['runbook-pkg', { stdout: rows }]] });
  await d.plan(dnf, { name: 'git', enablerepo: 'epel, updates' });
  assert.match(d.factCalls[0]![0]!, /'--enablerepo=epel --enablerepo=updates'/);
  assert.match((await failure(() => d.plan(dnf, { name: 'git', allow_downgrade: true }))).message, /allow_downgrade is not supported with dnf/);
});

test('apt: autoremove alone plans what apt-get -s autoremove would remove; nothing to remove is a no-op', async () => {
  const h = aptHost('@@installed\n@@policy\n@@autoremove\nRemv libfoo1 [1.2-1]\nRemv libbar [0.9]\n');
  const plan = await h.plan(apt, { autoremove: true });
  assert.match(h.factCalls[0]![0]!, / ,autoremove, '' *$/);
  assert.equal(summaries(plan), ['autoremove libfoo1 libbar']);
  assert.equal(plan.changes[0]!.diff, { header: 'packages (apt)', before: 'libfoo1: 1.2-1\nlibbar: 0.9\n', after: 'libfoo1: absent\nlibbar: absent\n' });
  await h.apply(plan);
  assert.equal(h.commands, [withEnv(APT_ENV, 'apt-get -q -y -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold -o DPkg::Lock::Timeout=60 autoremove')]);
  const none = await aptHost('@@installed\n@@policy\n@@autoremove\n').plan(apt, { autoremove: true });
  assert.equal(summaries(none), []);
  assert.ok(none.reason);
  // With a removal, apt-get remove --auto-remove does both in one command.
  const both = aptHost('@@installed\nhello\tamd64\tinstall ok installed\t2.10-3\n@@policy\n@@autoremove\nRemv libfoo1 [1.2-1]\n');
  const p2 = await both.plan(apt, { name: 'hello', state: 'absent', autoremove: true });
  assert.equal(summaries(p2), ['remove hello']);
  await both.apply(p2);
  assert.match(both.commands[0]!, /remove --auto-remove remove hello|--auto-remove remove hello/);
});

test('apt: state fixed repairs what apt-get -s -f install names, and installs name', async () => {
  const h = aptHost('@@installed\n@@policy\n@@fix\nInst libdep (1.0 local [all])\nRemv broken [0.1]\n');
  const plan = await h.plan(apt, { state: 'fixed' });
  assert.equal(summaries(plan), ['fix broken packages: libdep broken']);
  assert.equal(plan.changes[0]!.diff?.after, 'libdep: 1.0\nbroken: absent\n');
  await h.apply(plan);
  assert.match(h.commands[0]!, /apt-get -q -y .* -f install'$/);
  assert.equal(summaries(await aptHost('@@installed\n@@policy\n@@fix\n').plan(apt, { state: 'fixed' })), []);
});

test('apt: a .deb from a URL is read on the host (downloaded, then removed) and downloaded again by the install', async () => {
  const url = 'http://10.200.0.11:8000/rb-hello_1.0_all.deb';
  const h = aptHost(`@@installed\n@@policy\n@@deb ${url}\nPackage: rb-hello\nVersion: 1.0\nArchitecture: all\n@@debinstalled\n`);
  const plan = await h.plan(apt, { deb: url });
  assert.equal(summaries(plan), [`install ${url}`]);
  await h.apply(plan);
  assert.is(h.commands.length, 1);
  assert.match(h.commands[0]!, /curl -sS -L --max-time 600 -f -o "\$f" -- http:\/\/10\.200\.0\.11:8000\/rb-hello_1\.0_all\.deb/);
  assert.match(h.commands[0]!, /dpkg --force-confdef --force-confold -i "\$d\/0\.deb"/);
  const failed = aptHost(`@@installed\n@@policy\n@@deb ${url}\n@@deberror download failed: curl: (22) 404\n`);
  assert.match((await failure(() => failed.plan(apt, { deb: url }))).message, /download failed: curl: \(22\) 404/);
  assert.match((await failure(() => failed.plan(apt, { deb: 'ftp://x/y.deb' }))).message, /only http:\/\/ and https:\/\//);
});

test('apt: Ansible\'s aliases and state names (pkg, installed, removed)', async () => {
  const h = aptHost('@@installed\nhello\tamd64\tinstall ok installed\t2.10-3\n@@policy\n');
  // Compile renames aliases (tests/unit covers that); here: apt declares Ansible's.
  assert.equal(apt.aliases, { pkg: 'name', package: 'name', 'update-cache': 'update_cache', 'install-recommends': 'install_recommends', 'default-release': 'default_release', 'allow-downgrade': 'allow_downgrade', allow_downgrades: 'allow_downgrade', 'allow-downgrades': 'allow_downgrade' });
  assert.equal(summaries(await h.plan(apt, { name: ['hello'], state: 'removed' })), ['remove hello']);
  h.facts.invalidate();
  assert.equal(summaries(await h.plan(apt, { name: 'hello', state: 'installed' })), []);
});

test('dnf/yum: enablerepo/disablerepo on the query and the command; yum upgrades with update', async () => {
  const rows = '@@manager dnf\n@@installed\ncurl\tx86_64\tinstalled\t0:7.76.1-26.el9\n@@upgrades\ncurl\n';
  const h = recordedHost({ facts: [['runbook-pkg', { stdout: rows }]] });
  const plan = await h.plan(dnf, { name: ['curl', 'jq'], state: 'latest', enablerepo: ['epel'], disablerepo: ['*'] });
  assert.match(h.factCalls[0]![0]!, / dnf all - 2 ,, '--disablerepo=\* --enablerepo=epel' curl jq$/);
  assert.equal(summaries(plan), ['install jq', 'upgrade curl']);
  await h.apply(plan);
  assert.equal(h.commands, [withEnv(APT_ENV, "dnf -y '--disablerepo=*' --enablerepo=epel install -- jq"), withEnv(APT_ENV, "dnf -y '--disablerepo=*' --enablerepo=epel upgrade -- curl")]);
  const y = recordedHost({ facts: [['runbook-pkg', { stdout: rows.replace('dnf', 'yum') }]] });
  await y.apply(await y.plan(yum, { name: 'curl', state: 'latest' }));
  assert.equal(y.commands, [withEnv(APT_ENV, 'yum -y update -- curl')]);
  const gone = recordedHost({ facts: [['runbook-pkg', { stdout: rows }]] });
  assert.equal(summaries(await gone.plan(dnf, { name: 'curl', state: 'removed' })), ['remove curl']);
  assert.match((await failure(() => gone.plan(dnf, { name: 'x', enablerepo: ['--setopt=x'] }))).message, /invalid repository id/);
  const missing = recordedHost({ facts: [['runbook-pkg', { stdout: '@@manager unknown\n' }]] });
  assert.match((await failure(() => missing.plan(dnf, { name: 'x' }))).message, /dnf: could not find a supported package manager \(dnf\)/);
});

test('apt-get -s lines parse into before/after', () => {
  const s = parsePkgState('@@manager apt\n@@fix\nInst a [1.0] (1.1 Debian:12 [all])\nInst b (2.0 local [all])\nPurg c [3]\nConf a (1.1)\n');
  assert.equal(s.fix, [
    { name: 'a', before: '1.0', after: '1.1' },
    { name: 'b', before: 'absent', after: '2.0' },
    { name: 'c', before: '3', after: 'purged' },
  ]);
});

test.run();
