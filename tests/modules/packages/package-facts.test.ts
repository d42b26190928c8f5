// package_facts: dpkg, rpm and apk listings in Ansible's shapes (recorded output), and on this machine the
// same packages as `ansible localhost -m package_facts`, in one round trip. apt's `origin` aside (runbook does
// not read it) and its `category` compared only in kind: runbook gives the section dpkg recorded at install,
// python-apt the archive's current one, and archives override a few (16 of 737 packages on the machine
// this was written on).

import { execFileSync } from 'node:child_process';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { packageFacts } from '../../../src/modules/packages/package-facts.js';
import { parsePackages } from '../../../src/modules/packages/package-facts-state.js';
import { failure } from '../../helpers/module-tester.js';
import { withLocal } from '../../helpers/local-tester.js';
import { ansibleLocal, ansibleSkipReason } from '../../helpers/ansible.js';

const S = '--runbook-package-facts';

test('dpkg: installed only, foreign architectures named name:arch, epoch kept in the version', () => {
  const out = parsePackages([
    `${S} apt`,
    'amd64',
    'ii \tbash\t5.2.15-2+b7\tamd64\tshells',
    'rc \told-thing\t1.0\tamd64\tutils',
    'ii \tlibc6\t2.36-9\ti386\tlibs',
    'hi \tperl-base\t5.36.0-7\tamd64\tperl',
    'ii \tadduser\t3.134\tall\tadmin',
    'ii \tlibsmth\t1:2.0-1\tamd64\tlibs',
  ].join('\n'));
  assert.equal(out.apt!.map((p) => p.name), ['bash', 'libc6:i386', 'perl-base', 'adduser', 'libsmth']);
  assert.equal(out.apt![0], { name: 'bash', version: '5.2.15-2+b7', arch: 'amd64', category: 'shells', source: 'apt' });
  assert.is(out.apt![4]!.version, '1:2.0-1');
});

test('rpm: epoch null when (none); apk: name-version-release split at the last two dashes', () => {
  const out = parsePackages([`${S} rpm`, 'bash\t5.1.8\t6.el9\t(none)\tx86_64', 'openssl\t3.0.7\t27.el9\t1\tx86_64', `${S} apk`, 'musl-utils-1.2.4-r2'].join('\n'));
  assert.equal(out.rpm![0], { name: 'bash', version: '5.1.8', release: '6.el9', epoch: null, arch: 'x86_64', source: 'rpm' });
  assert.is(out.rpm![1]!.epoch, '1');
  assert.equal(out.apk, [{ name: 'musl-utils', version: '1.2.4', release: 'r2', source: 'apk' }]);
});

test('an unknown manager is refused, as Ansible refuses it', async () => {
  await withLocal(async (h) => {
    const e = await failure(() => h.plan(packageFacts, { manager: ['apt', 'winget'] }));
    assert.match(e.message, /Unsupported package managers requested: winget/);
  });
});

/** An interpreter with python-apt, which Ansible's package_facts needs on Debian (the default may lack it). */
function pythonWithApt(): string | undefined {
  for (const py of ['/usr/bin/python3', 'python3']) {
    try {
      return execFileSync(py, ['-c', 'import apt, sys; print(sys.executable)'], { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
    } catch {
      // not this one
    }
  }
  return undefined;
}

test('this machine: the packages ansible-core lists, in one round trip, as ansible_facts.packages', async () => {
  const skip = await ansibleSkipReason();
  if (skip) return console.log(`  skipped the comparison with Ansible: ${skip}`);
  const py = pythonWithApt();
  const dpkg = (() => { try { execFileSync('dpkg-query', ['--version'], { stdio: 'ignore' }); return true; } catch { return false; } })();
  if (!dpkg || !py) return console.log('  skipped the comparison with Ansible: no dpkg, or no Python with python-apt for Ansible');
  const theirs = ((await ansibleLocal('package_facts', { extraVars: { ansible_python_interpreter: py } })).ansible_facts as { packages: Record<string, Record<string, unknown>[]> }).packages;
  await withLocal(async (h) => {
    const { value: plan, execs } = await h.countExecs(() => h.plan(packageFacts, { manager: 'auto' }));
    assert.is(execs, 1);
    const ours = (plan.hostFacts as { packages: Record<string, Record<string, unknown>[]> }).packages;
    const comparable = (list: Record<string, unknown>[]) => list.map(({ origin: _o, category, ...rest }) => ({ ...rest, category: typeof category }));
    assert.equal(Object.keys(ours).sort(), Object.keys(theirs).sort());
    for (const name of Object.keys(theirs)) assert.equal(comparable(ours[name]!), comparable(theirs[name]!), name);
  });
});

test.run();
