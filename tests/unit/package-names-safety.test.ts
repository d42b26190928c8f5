// rpm/dnf/yum names never reach the command line as options: a name starting with `-` is refused, and `--`
// ends the options of every command that takes names.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ModuleFailure } from '../../src/engine/errors.js';
import { rpmCommand } from '../../src/modules/packages/package-commands.js';
import { parseRpmSpec } from '../../src/modules/packages/package-spec.js';
import { pkgStateFact } from '../../src/modules/packages/package-state.js';

test('an rpm name starting with - is refused, with a hint', () => {
  for (const name of ['--setopt=tsflags=noscripts', '-y', ' --installroot=/tmp/x']) {
    try {
      parseRpmSpec(name);
      assert.unreachable(`${name} was accepted`);
    } catch (e) {
      assert.instance(e, ModuleFailure);
      assert.match((e as ModuleFailure).message, 'starts with -');
    }
  }
  assert.is(parseRpmSpec('foo-1.2-3.el9').name, 'foo-1.2-3.el9');
});

test('dnf and yum get -- before the names', () => {
  const a = (arg: string) => ({ arg, name: arg, before: 'absent', after: 'present' });
  assert.is(rpmCommand('dnf', 'install', [a('jq')]), 'dnf -y install -- jq');
  assert.is(rpmCommand('yum', 'upgrade', [a('curl')]), 'yum -y update -- curl');
  assert.is(rpmCommand('dnf', 'remove', [a('-x')]), "dnf -y remove -- -x");
});

test('the state read passes -- to rpm -q, dnf repoquery and yum list', () => {
  const { command } = pkgStateFact({ manager: 'dnf', policy: 'all', names: ['jq'], debs: [] });
  // The script is single-quoted inside the command line: match around its quotes.
  assert.match(command, /rpm -q --qf \S+ -- \$names 2>\/dev\/null \| grep/);
  assert.match(command, /repoquery --upgrades --qf \S+ -- \$names/);
  assert.match(command, 'list updates -- $names');
});

test.run();
