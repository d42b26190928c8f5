import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { blockinfile } from '../../../src/modules/files/blockinfile.js';
import { copy } from '../../../src/modules/files/copy.js';
import { fileTemplate } from '../../../src/modules/files/file-template.js';
import { lineinfile } from '../../../src/modules/files/lineinfile.js';
import { replace } from '../../../src/modules/files/replace.js';
import { ansibleSkipReason } from '../../helpers/ansible.js';
import { runAnsibleTasks } from '../../helpers/ansible-oracle.js';
import { withLocal } from '../../helpers/local-tester.js';
import { failure } from '../../helpers/module-tester.js';

const SH_OK = '#!/bin/sh\necho ok\n';
const SH_BAD = '#!/bin/sh\nif then fi (\n';

test('validate: a candidate that passes replaces the file (copy, sh -n %s)', () =>
  withLocal(async (h) => {
    const dest = h.path('script.sh');
    writeFileSync(dest, 'echo old\n');
    await h.converge(copy, { dest, content: SH_OK, validate: 'sh -n %s' });
    assert.is(readFileSync(dest, 'utf8'), SH_OK);
  }));

test('validate: a candidate that fails leaves dest untouched, no temp file, and fails with the output', () =>
  withLocal(async (h) => {
    const dest = h.path('script.sh');
    writeFileSync(dest, 'echo old\n');
    const e = await failure(() => h.run(copy, { dest, content: SH_BAD, validate: 'sh -n %s' }));
    assert.match(e.message, /^failed to validate: rc:2 error:.*Syntax error/s);
    assert.is(readFileSync(dest, 'utf8'), 'echo old\n');
    assert.equal(readdirSync(h.dir), ['script.sh']);
    // A new file that fails validation is not created either.
    await failure(() => h.run(copy, { dest: h.path('new.sh'), content: SH_BAD, validate: 'sh -n %s' }));
    assert.equal(readdirSync(h.dir), ['script.sh']);
  }));

test('validate: visudo -cf %s guards a sudoers drop-in; %s inside a word; a validate without %s is refused', () =>
  withLocal(async (h) => {
    const dest = h.path('sudoers');
    writeFileSync(dest, 'root ALL=(ALL:ALL) ALL\n', { mode: 0o440 });
    const e = await failure(() => h.run(lineinfile, { path: dest, line: 'bob ALL=(ALL NOPASSWD: ALL', validate: '/usr/sbin/visudo -cf %s' }));
    assert.match(e.message, 'failed to validate');
    assert.is(readFileSync(dest, 'utf8'), 'root ALL=(ALL:ALL) ALL\n');
    await h.converge(lineinfile, { path: dest, line: 'bob ALL=(ALL) NOPASSWD: ALL', validate: '/usr/sbin/visudo -cf %s' });
    assert.is(readFileSync(dest, 'utf8'), 'root ALL=(ALL:ALL) ALL\nbob ALL=(ALL) NOPASSWD: ALL\n');
    await h.converge(replace, { path: dest, regexp: '^bob', replace: 'alice', validate: "sh -c 'case $1 in --file=/*) grep -q alice \"${1#--file=}\" ;; *) exit 1 ;; esac' x --file=%s" });
    assert.match((await failure(() => h.plan(replace, { path: dest, regexp: 'x', validate: 'visudo -c' }))).message, 'validate must contain %s: visudo -c');
  }));

test('validate: blockinfile and file_template check the candidate too', () =>
  withLocal(
    async (h) => {
      const conf = h.path('conf.sh');
      writeFileSync(conf, 'a=1\n');
      assert.match((await failure(() => h.run(blockinfile, { path: conf, block: 'fi', validate: 'sh -n %s' }))).message, 'failed to validate');
      await h.converge(blockinfile, { path: conf, block: 'b=2', validate: 'sh -n %s' });
      assert.match((await failure(() => h.run(fileTemplate, { src: 'bad.sh.hbs', dest: h.path('t.sh'), validate: 'sh -n %s' }))).message, 'failed to validate');
      await h.converge(fileTemplate, { src: 'good.sh.hbs', dest: h.path('t.sh'), validate: 'sh -n %s' });
    },
    { controllerFiles: { 'templates/bad.sh.hbs': 'if then\n', 'templates/good.sh.hbs': 'echo ok\n' } },
  ));

test('validate: the same file and outcome as ansible-core for copy, lineinfile, blockinfile and replace', async () => {
  const skip = await ansibleSkipReason();
  if (skip) return console.log(`  skipped the comparison with Ansible: ${skip}`);
  await withLocal(async (h) => {
    const cases: { name: string; module: string; params: Record<string, unknown> }[] = [];
    for (const [ok, text] of [['ok', 'echo ok'], ['bad', 'if then']] as const) {
      cases.push({ name: `copy-${ok}`, module: 'copy', params: { content: `${text}\n` } });
      cases.push({ name: `lineinfile-${ok}`, module: 'lineinfile', params: { line: text } });
      cases.push({ name: `blockinfile-${ok}`, module: 'blockinfile', params: { block: text } });
      cases.push({ name: `replace-${ok}`, module: 'replace', params: { regexp: 'old', replace: text } });
    }
    const modules = { copy, lineinfile, blockinfile, replace };
    const pathKey = (m: string) => (m === 'copy' ? 'dest' : 'path');
    for (const c of cases) writeFileSync(h.path(`ansible-${c.name}`), 'echo old\n');
    const theirs = runAnsibleTasks(cases.map((c) => ({ name: c.name, [c.module]: { [pathKey(c.module)]: h.path(`ansible-${c.name}`), validate: 'sh -n %s', ...c.params } })));
    for (const c of cases) {
      const path = h.path(`ours-${c.name}`);
      writeFileSync(path, 'echo old\n');
      let failed = false;
      try {
        await h.run(modules[c.module as keyof typeof modules], { [pathKey(c.module)]: path, validate: 'sh -n %s', ...c.params });
      } catch {
        failed = true;
      }
      const a = theirs.get(c.name)!;
      assert.is(failed, !!a.failed, `${c.name}: failed (ansible: ${String(a.msg)})`);
      assert.is(readFileSync(path, 'utf8'), readFileSync(h.path(`ansible-${c.name}`), 'utf8'), `${c.name}: bytes`);
    }
  });
});

test.run();
