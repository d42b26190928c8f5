import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { command } from '../../../src/modules/commands/command.js';
import { argWord, shlexSplit } from '../../../src/modules/commands/command-line.js';
import { splitLines } from '../../../src/modules/commands/run-command.js';
import { shell } from '../../../src/modules/commands/shell.js';
import { withLocal } from '../../helpers/local-tester.js';
import { failure } from '../../helpers/module-tester.js';

// shlex.split cases, as Python gives them.
const splits: [string, string[]][] = [
  ['ls -l /tmp', ['ls', '-l', '/tmp']],
  [`echo 'a b' "c d"`, ['echo', 'a b', 'c d']],
  [`echo a\\ b`, ['echo', 'a b']],
  [`echo "a\\"b" "x\\ny"`, ['echo', 'a"b', 'x\\ny']],
  [`echo ''`, ['echo', '']],
  [`echo a#b # c`, ['echo', 'a#b', '#', 'c']],
  [`echo a;b`, ['echo', 'a;b']],
];

test('command lines are split like Python shlex.split', () => {
  for (const [line, words] of splits) assert.equal(shlexSplit(line), words, line);
  assert.throws(() => shlexSplit(`echo 'open`), /No closing quotation/);
});

test('python str.splitlines for stdout_lines', () => {
  assert.equal(splitLines('a\nb\r\nc\rd\n'), ['a', 'b', 'c', 'd']);
  assert.equal(splitLines(''), []);
  assert.equal(splitLines('\n'), ['']);
});

test('command: creates lets check mode decide; the second run is skipped with Ansible\'s message', () =>
  withLocal(async (h) => {
    const marker = h.path('done');
    const r = await h.converge(command, { cmd: `touch ${marker}`, creates: marker });
    assert.is(r.predicted.unpredictable, undefined);
    assert.equal(r.result.cmd, ['touch', marker]);
    assert.is(r.result.rc, 0);
    assert.match(String(r.result.start), /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}$/);
    assert.match(String(r.result.delta), /^0:00:0\d\.\d{6}$/);
    assert.is(r.second.reason, `Did not run command since '${marker}' exists`);
    assert.is(r.second.data!.stdout, `skipped, since ${marker} exists`);
  }));

test('command: removes and globs relative to chdir; check mode says "Would not run"', () =>
  withLocal(async (h) => {
    writeFileSync(h.path('a.tmp'), '');
    const r = await h.converge(command, { argv: ['rm', 'a.tmp'], chdir: h.dir, removes: '*.tmp' });
    assert.is(r.second.reason, `Did not run command since '*.tmp' does not exist`);
    const check = await h.plan(command, { argv: ['rm', 'a.tmp'], chdir: h.dir, removes: '*.tmp' }, true);
    assert.is(check.reason, `Would not run command since '*.tmp' does not exist`);
  }));

test('command: no shell — ; | $( ) are plain characters; $VAR and ~ are expanded, unset ones kept', () =>
  withLocal(async (h) => {
    const plan = await h.plan(command, { cmd: `echo a; touch ${h.path('x')} | $(id) $HOME \${RUNBOOK_SURELY_UNSET} ~ ~/y` });
    assert.ok(plan.unpredictable, 'a command without creates/removes is unpredictable in check mode');
    const r = await h.apply(plan);
    assert.is(r.stdout, `a; touch ${h.path('x')} | $(id) ${process.env.HOME} \${RUNBOOK_SURELY_UNSET} ${process.env.HOME} ${process.env.HOME}/y`);
    assert.not.ok(existsSync(h.path('x')));
    const raw = await h.apply(await h.plan(command, { argv: ['echo', '$HOME'], expand_argument_vars: false }));
    assert.is(raw.stdout, '$HOME');
  }));

test('argWord: expansion words are quoted everywhere else', () => {
  assert.is(argWord("it's $X!", true), `'it'\\''s '"\${X-\\$X}"'!'`);
  assert.is(argWord('~root/x', true), '~root/x');
  assert.is(argWord('a~', true), "'a~'");
});

test('a non-zero exit fails with the whole result; chdir that does not exist fails before running', () =>
  withLocal(async (h) => {
    const e = await failure(async () => h.apply(await h.plan(shell, { cmd: 'echo out; echo err >&2; exit 3' })));
    assert.is(e.message, 'non-zero return code');
    assert.equal([e.data.rc, e.data.stdout, e.data.stderr, e.data.stdout_lines], [3, 'out', 'err', ['out']]);
    const c = await failure(async () => h.apply(await h.plan(command, { cmd: 'true', chdir: h.path('missing') })));
    assert.match(c.message, 'Unable to change directory before execution');
  }));

test('shell: pipes, chdir, stdin (newline added), strip_empty_ends, executable', () =>
  withLocal(async (h) => {
    mkdirSync(h.path('work'));
    const r = await h.apply(await h.plan(shell, { cmd: 'pwd; tr a-z A-Z | rev', chdir: h.path('work'), stdin: 'abc' }));
    assert.is(r.stdout, `${h.path('work')}\nCBA`);
    assert.equal(r.stdout_lines, [h.path('work'), 'CBA']);
    const kept = await h.apply(await h.plan(shell, { cmd: 'printf "x\\n\\n"', strip_empty_ends: false }));
    assert.is(kept.stdout, 'x\n\n');
    const bash = await h.apply(await h.plan(shell, { cmd: 'echo $BASH_VERSION | cut -c1', executable: '/bin/bash' }));
    assert.match(String(bash.stdout), /^\d$/);
    assert.is(bash.cmd, 'echo $BASH_VERSION | cut -c1');
  }));

test('shell: creates makes it converge', () =>
  withLocal(async (h) => {
    await h.converge(shell, { cmd: `echo hi > ${h.path('out')}`, creates: h.path('out') });
  }));

test('the task environment reaches facts, commands and their $VAR arguments (as the executor applies it)', () =>
  withLocal(
    async (h) => {
      writeFileSync(h.path('a'), '');
      const r = await h.converge(command, { argv: ['sh', '-c', `echo "$1 $RB_ENV" > ${h.path('out')}`, 'sh', '$RB_ENV'], chdir: h.dir, creates: 'out' });
      assert.is(r.result.rc, 0);
      assert.is(readFileSync(h.path('out'), 'utf8'), 'from env from env\n');
    },
    { env: { RB_ENV: 'from env' } },
  ));

test.run();
