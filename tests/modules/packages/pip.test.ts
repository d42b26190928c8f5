// pip on this machine: a virtualenv made by the module (python3 -m venv), wheels made by the test in a
// local directory (--no-index --find-links: no index is ever asked), names, version, requirements,
// latest, absent; each converges.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { pip } from '../../../src/modules/packages/pip.js';
import { parsePipState } from '../../../src/modules/packages/pip-state.js';
import { withLocal } from '../../helpers/local-tester.js';
import { failure, summaries } from '../../helpers/module-tester.js';
import { buildWheels } from '../../helpers/pkgs-wheels.js';

const hasVenv = (() => {
  try {
    execFileSync('/usr/bin/python3', ['-c', 'import venv, ensurepip'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

test('a virtualenv is created, names installed at what pip resolves (dependencies too); rerun a no-op; latest; absent', async () => {
  if (!hasVenv) {
    // src/lab/prerequisites.ts lists python3-venv for the tests: CI has it.
    if (process.env.CI === 'true') throw new Error('python3-venv is not installed, and CI=true forbids skipping the pip test');
    return void console.log('    skipped: python3-venv is not installed');
  }
  await withLocal(async (h) => {
    const wheels = h.path('wheels');
    mkdirSync(wheels);
    buildWheels(wheels, [{ name: 'rb-lib', version: '1.0' }, { name: 'rb-app', version: '1.0', requires: ['rb-lib>=1.0'] }, { name: 'rb-app', version: '2.0', requires: ['rb-lib>=1.0'] }]);
    const venv = h.path('venv');
    const common = { virtualenv: venv, virtualenv_command: '/usr/bin/python3 -m venv', extra_args: `--no-index --find-links ${wheels}` };
    const c = await h.converge(pip, { ...common, name: 'rb-app', version: '1.0' });
    assert.equal(summaries(c.first), [`create virtualenv ${venv}`, 'install rb-app==1.0']);
    const v = () => execFileSync(`${venv}/bin/python`, ['-c', 'import rb_app, rb_lib; print(rb_app.VERSION, rb_lib.VERSION)']).toString().trim();
    assert.is(v(), '1.0 1.0');
    const latest = await h.converge(pip, { ...common, name: ['rb-app'], state: 'latest' });
    assert.equal(summaries(latest.first), ['install rb-app==2.0']);
    assert.equal(latest.first.changes[0]!.diff, { header: 'python packages (pip)', before: 'rb-app: 1.0\n', after: 'rb-app: 2.0\n' });
    assert.is(v(), '2.0 1.0');
    // extra_args reach uninstall too (as in Ansible): install-only options stay out of an absent task.
    const gone = await h.converge(pip, { virtualenv: venv, name: 'rb-app', state: 'absent' });
    assert.equal(summaries(gone.first), ['uninstall rb-app']);
    // requirements: a file on the host, resolved by pip the same way.
    writeFileSync(h.path('requirements.txt'), '# pinned\nrb-app==2.0\n');
    const req = await h.converge(pip, { ...common, requirements: 'requirements.txt', chdir: h.dir });
    assert.equal(summaries(req.first), ['install rb-app==2.0']);
    const missing = await failure(() => h.plan(pip, { ...common, name: 'rb-nothing' }));
    assert.match(missing.message, /pip could not resolve rb-nothing/);
  });
});

test('arguments: version needs one name; options are not names; executable excludes virtualenv', () =>
  withLocal(async (h) => {
    assert.match((await failure(() => h.plan(pip, { name: ['a', 'b'], version: '1' }))).message, /single name/);
    assert.match((await failure(() => h.plan(pip, { name: '--index-url=http://evil' }))).message, /invalid package spec/);
    assert.match((await failure(() => h.plan(pip, { name: 'a', executable: 'pip3', virtualenv: '/v' }))).message, /mutually exclusive/);
    assert.match((await failure(() => h.plan(pip, {}))).message, /one of the following is required/);
  }));

test('pip list and the dry-run report parse', () => {
  const s = parsePipState('@@list\n[{"name": "Foo_Bar", "version": "1.2"}]\n\n@@report\n{"version": "1", "install": [{"metadata": {"name": "baz", "version": "3.0"}}]}\n');
  assert.is(s.installed.get('foo-bar'), '1.2');
  assert.equal(s.wouldInstall, [{ name: 'baz', version: '3.0' }]);
  assert.is(parsePipState('@@novenv\n').noVenv, true);
});

test.run();
