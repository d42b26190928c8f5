// package: planning tables over recorded dpkg-query / apt-cache policy / rpm output, Debian version
// ordering, and the state-reading command run for real against this machine's dpkg (read-only).
import { existsSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { localConnection } from '../../../src/engine/connection/local.js';
import { HostFacts } from '../../../src/engine/execute/facts.js';
import { withEnv } from '../../../src/engine/quote.js';
import { APT_ENV } from '../../../src/modules/packages/package-commands.js';
import { compareDebVersions, fnmatch } from '../../../src/modules/packages/deb-version.js';
import { parseAptSpec } from '../../../src/modules/packages/package-spec.js';
import { parsePkgState, pkgStateFact } from '../../../src/modules/packages/package-state.js';
import { packageModule } from '../../../src/modules/packages/package.js';
import { summaries } from '../../helpers/module-tester.js';
import { recordedHost } from '../../helpers/recorded-tester.js';

test('Debian versions order as dpkg --compare-versions does', () => {
  const table: [string, string, number][] = [
    ['1.0', '1.0', 0],
    ['1.0-1', '1.0-2', -1],
    ['1.0~rc1', '1.0', -1],
    ['1.0', '1.0+b1', -1],
    ['1:0.9', '2.0', 1],
    ['1.10', '1.9', 1],
    ['1.0a', '1.0', 1],
    ['5.2.15-2+b8', '5.2.15-2+b13', -1],
    ['0:1.0', '1.0', 0],
    ['1.001', '1.1', 0],
  ];
  for (const [a, b, sign] of table) assert.is(Math.sign(compareDebVersions(a, b)), sign, `${a} vs ${b}`);
  assert.ok(fnmatch('1.2.3-1', '1.2*'));
  assert.not.ok(fnmatch('1.3', '1.2*'));
  assert.ok(fnmatch('1.2', '1.[12]'));
});

test('apt specs: name, pins, architecture; two = refused', () => {
  assert.equal(parseAptSpec('foo'), { spec: 'foo', name: 'foo' });
  assert.equal(parseAptSpec('foo=1.2*'), { spec: 'foo=1.2*', name: 'foo', cmp: '=', version: '1.2*' });
  assert.equal(parseAptSpec('foo>=1.2'), { spec: 'foo>=1.2', name: 'foo', cmp: '>=', version: '1.2' });
  assert.equal(parseAptSpec('libc6:i386'), { spec: 'libc6:i386', name: 'libc6', arch: 'i386' });
  assert.throws(() => parseAptSpec('foo=1=2'), /invalid package spec/);
});

const POLICY_HELLO = `hello:
  Installed: (none)
  Candidate: 2.10-3
  Version table:
     2.10-3 500
        500 file:/srv/repo ./ Packages
     2.10-2 500
        500 file:/srv/repo ./ Packages
`;

function aptHost(installed: string, policy = '', extra: Partial<NonNullable<Parameters<typeof recordedHost>[0]>> = {}) {
  return recordedHost({ vars: { ansible_pkg_mgr: 'apt' }, facts: [['runbook-pkg', { stdout: `@@manager apt\n@@installed\n${installed}@@policy\n${policy}` }]], ...extra });
}

test('apt: a missing package is installed at the candidate version, in one round trip; check mode predicts it', async () => {
  const h = aptHost('', POLICY_HELLO);
  const check = await h.plan(packageModule, { name: 'hello' }, true);
  h.facts.invalidate(); // a separate run, as check mode and apply are
  const plan = await h.plan(packageModule, { name: 'hello' });
  assert.equal(summaries(check), ['install hello=2.10-3']);
  assert.equal(summaries(plan), summaries(check));
  assert.is(h.factCalls.length, 2);
  assert.equal(plan.changes[0]!.diff, { header: 'packages (apt)', before: 'hello: absent\n', after: 'hello: 2.10-3\n' });
  assert.equal(plan.data, { cache_updated: false, cache_update_time: 0 });
  await h.apply(plan);
  assert.match(h.commands[0]!, /^env DEBIAN_FRONTEND=noninteractive .* sh -c 'apt-get -y -o Dpkg::Options::=--force-confdef .* install hello=2\.10-3 && apt-mark manual hello >\/dev\/null'$/);
});

test('apt: present, latest, pins, absent, purge — the same decisions as Ansible', async () => {
  const installed = 'hello\tamd64\tinstall ok installed\t2.10-2\n';
  const cases: [Record<string, unknown>, string, string, string[]][] = [
    [{ name: 'hello' }, installed, '', []],
    [{ name: 'hello', state: 'latest' }, installed, POLICY_HELLO.replace('(none)', '2.10-2'), ['install hello=2.10-3']],
    [{ name: 'hello', state: 'latest' }, installed.replace('2.10-2', '2.10-3'), POLICY_HELLO.replace('(none)', '2.10-3'), []],
    [{ name: 'hello=2.10-2' }, installed, POLICY_HELLO, []],
    [{ name: 'hello=2.10-3' }, installed, POLICY_HELLO, ['install hello=2.10-3']],
    // A glob pin that matches the installed version moves to the newest match (Ansible's legacy rule).
    [{ name: 'hello=2.10*' }, installed, POLICY_HELLO, ['install hello=2.10-3']],
    [{ name: 'hello>=2.10-1' }, installed, POLICY_HELLO, []],
    [{ name: 'hello>=2.11' }, installed, POLICY_HELLO, ['install hello=2.10-3']],
    [{ name: 'hello', state: 'absent' }, installed, '', ['remove hello']],
    [{ name: 'hello', state: 'absent' }, '', '', []],
    [{ name: 'hello', state: 'absent' }, 'hello\tamd64\tdeinstall ok config-files\t2.10-2\n', '', []],
    [{ name: 'hello', state: 'absent', purge: true }, 'hello\tamd64\tdeinstall ok config-files\t2.10-2\n', '', ['purge hello']],
    [{ name: 'hello=9.9', state: 'absent' }, installed, '', []],
  ];
  for (const [params, inst, policy, want] of cases) {
    const plan = await aptHost(inst, policy).plan(packageModule, params);
    assert.equal(summaries(plan), want, JSON.stringify(params));
    if (!want.length) assert.ok(plan.reason, 'a no-op says why');
  }
});

test('apt: an unknown name fails like Ansible, before anything runs', async () => {
  const h = aptHost('');
  try {
    await h.plan(packageModule, { name: 'no-such-pkg' });
    assert.unreachable();
  } catch (e) {
    assert.match((e as Error).message, /No package matching 'no-such-pkg' is available/);
  }
  assert.equal(h.commands, []);
});

test('apt: a local .deb is installed unless that very version is', async () => {
  const deb = (installedVersion?: string) =>
    recordedHost({
      vars: { ansible_pkg_mgr: 'apt' },
      facts: [['runbook-pkg', { stdout: `@@manager apt\n@@installed\n@@policy\n@@deb /tmp/x.deb\nPackage: rb-hello\nVersion: 1.0\nArchitecture: all\n@@debinstalled\n${installedVersion ? `rb-hello\tall\tinstall ok installed\t${installedVersion}\n` : ''}` }]],
    });
  let plan = await deb().plan(packageModule, { deb: '/tmp/x.deb' });
  assert.equal(summaries(plan), ['install /tmp/x.deb']);
  const h = deb();
  await h.apply(await h.plan(packageModule, { deb: '/tmp/x.deb' }));
  assert.equal(h.commands, [withEnv(APT_ENV, 'dpkg --force-confdef --force-confold -i /tmp/x.deb')]);
  plan = await deb('1.0').plan(packageModule, { deb: '/tmp/x.deb' });
  assert.equal(summaries(plan), []);
  plan = await deb('0.9').plan(packageModule, { deb: '/tmp/x.deb' });
  assert.equal(plan.changes[0]!.diff?.before, 'rb-hello: 0.9\n');
  assert.match(String(await deb().plan(packageModule, { deb: '/tmp/x.deb', name: 'x' }).catch((e: Error) => e)), /mutually exclusive: deb\|name/);
  try {
    await deb().plan(packageModule, { deb: '/tmp/x.deb', state: 'absent' });
    assert.unreachable();
  } catch (e) {
    assert.match((e as Error).message, /deb only supports state=present/);
  }
});

test('manager: from ansible_pkg_mgr, else detected by the same command; dnf decisions', async () => {
  const h = recordedHost({
    facts: [['runbook-pkg', { stdout: '@@manager dnf\n@@installed\ncurl\tx86_64\tinstalled\t0:7.76.1-26.el9\n@@upgrades\ncurl\n' }]],
  });
  const plan = await h.plan(packageModule, { name: ['curl', 'jq'], state: 'latest' });
  assert.match(h.factCalls[0]![0]!, / auto all - 2 ,, '' curl jq$/);
  assert.equal(summaries(plan), ['install jq', 'upgrade curl']);
  const data = await h.apply(plan);
  assert.equal(h.commands, [withEnv(APT_ENV, 'dnf -y install -- jq'), withEnv(APT_ENV, 'dnf -y upgrade -- curl')]);
  assert.equal(data.results, ['Upgraded: curl']);
  const none = await recordedHost({ facts: [['runbook-pkg', { stdout: '@@manager unknown\n' }]] }).plan(packageModule, { name: 'x' }).catch((e: Error) => e);
  assert.match(String(none), /could not find a supported package manager/);
});

test('update_cache: refreshed while reading (never in check mode); alone, changed only when the lists changed', async () => {
  const refreshed = aptHost('', '', { facts: [['runbook-pkg', { stdout: '@@manager apt\n@@cache 100 200 0 111 222\n@@installed\n@@policy\n' }]] });
  let plan = await refreshed.plan(packageModule, { update_cache: true });
  assert.match(refreshed.factCalls[0]![0]!, / apt missing 0 0 ,, ''$/);
  assert.equal(summaries(plan), ['package cache updated']);
  assert.equal(plan.data, { cache_updated: true, cache_update_time: 200 });
  const same = aptHost('', '', { facts: [['runbook-pkg', { stdout: '@@manager apt\n@@cache 100 100 0\n@@installed\n@@policy\n' }]] });
  plan = await same.plan(packageModule, { update_cache: true });
  assert.equal(summaries(plan), []);
  // apt touched the lists directory a second later, but the lists are the same: not a change (this was a
  // flaky lab test while the timestamp decided).
  const touched = aptHost('', '', { facts: [['runbook-pkg', { stdout: '@@manager apt\n@@cache 100 101 0 111 111\n@@installed\n@@policy\n' }]] });
  plan = await touched.plan(packageModule, { update_cache: true });
  assert.equal(summaries(plan), []);
  assert.equal(plan.data, { cache_updated: false, cache_update_time: 101 });
  const check = aptHost('');
  plan = await check.plan(packageModule, { update_cache: true }, true);
  assert.match(check.factCalls[0]![0]!, / apt missing - 0 ,, ''$/, 'no refresh in check mode');
  assert.ok(plan.unpredictable);
  const failed = aptHost('', '', { facts: [['runbook-pkg', { stdout: '@@manager apt\n@@cache 100 100 100\nE: Could not resolve deb.debian.org\n@@installed\n@@policy\n' }]] });
  const e = await failed.plan(packageModule, { name: 'x', update_cache: true }).catch((x: Error) => x);
  assert.match(String(e), /Failed to update apt cache: E: Could not resolve/);
});

test('parsePkgState splits sections; apt-cache policy parsing keeps the version table', () => {
  const s = parsePkgState(`@@manager apt\n@@installed\nbash\tamd64\tinstall ok installed\t5.2.15-2+b8\n@@policy\n${POLICY_HELLO}`);
  assert.is(s.manager, 'apt');
  assert.equal(s.installed, [{ name: 'bash', arch: 'amd64', status: 'installed', version: '5.2.15-2+b8' }]);
  assert.equal(s.policy.get('hello'), { candidate: '2.10-3', installed: undefined, versions: ['2.10-3', '2.10-2'] });
});

test('the state-reading command, run on this machine (read-only): dpkg state of bash in one exec', async () => {
  if (!existsSync('/usr/bin/dpkg-query')) return;
  const conn = localConnection();
  const facts = new HostFacts(conn);
  const [state] = await facts.fetch(pkgStateFact({ manager: undefined, names: ['bash', 'no-such-package-runbook'], policy: 'missing', debs: [] }));
  assert.is(state.manager, 'apt');
  assert.is(state.installed.find((r) => r.name === 'bash')?.status, 'installed');
  assert.not.ok(state.policy.has('no-such-package-runbook'));
  assert.is(conn.stats.execs, 1);
});

test.run();
