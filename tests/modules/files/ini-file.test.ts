// ini_file against community.general.ini_file itself: each case's file edited by Ansible's module (run
// directly with python3, as its action would) and by runbook's edit, compared byte for byte with the same
// changed flag and msg; then the module end to end through converge() (check predicts, rerun changes nothing).
// Without the collection (outside CI) the comparison is skipped with a message; under CI=true that fails.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { editIni, type IniParams } from '../../../src/modules/files/ini-file-plan.js';
import { iniFile } from '../../../src/modules/files/ini-file.js';
import { withLocal } from '../../helpers/local-tester.js';
import { failure } from '../../helpers/module-tester.js';

const PYTHON = '/usr/bin/python3'; // the system's, which has Debian's ansible packages
const MODULE = 'ansible_collections.community.general.plugins.modules.ini_file';

function collectionMissing(): string | undefined {
  try {
    execFileSync(PYTHON, ['-c', `import ${MODULE}`], { stdio: 'ignore' });
    return undefined;
  } catch {
    const why = 'community.general is not installed (Debian: apt-get install ansible)';
    if (process.env.CI === 'true') throw new Error(`${why}, and CI=true forbids skipping the comparison with Ansible`);
    return why;
  }
}

type Case = [name: string, before: string | null, params: Record<string, unknown>];
const CONF = '# main settings\n[server]\nport = 80\nhost=a\n\n[client]\n;timeout = 5\nretries = 3\n';
const CASES: Case[] = [
  ['new file', null, { section: 'server', option: 'port', value: '8080' }],
  ['change a value', CONF, { section: 'server', option: 'port', value: '8080' }],
  ['same value, other spacing', CONF, { section: 'server', option: 'host', value: 'a' }],
  ['no_extra_spaces', CONF, { section: 'server', option: 'user', value: 'www', no_extra_spaces: true }],
  ['commented option is replaced', CONF, { section: 'client', option: 'timeout', value: '10' }],
  ['new section appended', CONF, { section: 'logging', option: 'level', value: 'info' }],
  ['option before any section', CONF, { section: null, option: 'debug', value: 'true' }],
  ['option absent', CONF, { section: 'server', option: 'port', state: 'absent' }],
  ['section absent', CONF, { section: 'client', state: 'absent' }],
  ['several values', CONF, { section: 'client', option: 'server', values: ['a', 'b'] }],
  ['no trailing newline', '[a]\nx = 1', { section: 'a', option: 'x', value: '1' }],
  ['allow_no_value', CONF, { section: 'server', option: 'skip-name-resolve', allow_no_value: true }],
  ['boolean value written as Python does', '', { section: 'x', option: 'enabled', value: true }],
  ['duplicate options made one', '[a]\nk = 1\nk = 2\n', { section: 'a', option: 'k', value: '3' }],
];

function ansible(before: string | null, params: Record<string, unknown>): { text: string; changed: boolean; msg: string } {
  const dir = mkdtempSync(join(tmpdir(), 'runbook-ini-'));
  try {
    const path = join(dir, 'f.ini');
    if (before !== null) writeFileSync(path, before);
    const args = JSON.stringify({ ANSIBLE_MODULE_ARGS: { path, ...params } });
    const out = JSON.parse(execFileSync(PYTHON, ['-m', MODULE, args], { cwd: dir }).toString()) as { changed: boolean; msg: string };
    return { text: existsSync(path) ? readFileSync(path, 'utf8') : '', changed: out.changed, msg: out.msg };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function mine(before: string | null, params: Record<string, unknown>) {
  const value = params.value !== undefined ? [params.value] : ((params.values as unknown[]) ?? []);
  const p: IniParams = {
    section: (params.section as string | null) ?? null,
    option: params.option as string | undefined,
    values: value.map((v) => (typeof v === 'boolean' ? (v ? 'True' : 'False') : String(v))),
    state: (params.state as 'present' | 'absent') ?? 'present',
    exclusive: (params.exclusive as boolean) ?? true,
    no_extra_spaces: (params.no_extra_spaces as boolean) ?? false,
    ignore_spaces: (params.ignore_spaces as boolean) ?? false,
    allow_no_value: (params.allow_no_value as boolean) ?? false,
    modify_inactive_option: (params.modify_inactive_option as boolean) ?? true,
  };
  const r = editIni(before, p);
  return { text: r.changed || before === null ? r.text : before, changed: r.changed, msg: r.msg };
}

test('ini_file edits files as community.general.ini_file does: bytes, changed, msg', () => {
  const skip = collectionMissing();
  if (skip) return console.log(`  skipped the comparison with Ansible: ${skip}`);
  for (const [name, before, params] of CASES) assert.equal(mine(before, params), ansible(before, params), name);
});

test('ini_file: the options of later community.general versions (ignore_spaces, modify_inactive_option)', () => {
  assert.equal(mine(CONF, { section: 'server', option: 'host', value: 'a', ignore_spaces: true }), { text: CONF, changed: false, msg: 'OK' });
  const kept = mine(CONF, { section: 'client', option: 'timeout', value: '10', modify_inactive_option: false });
  assert.is(kept.text, CONF.replace('retries = 3\n', 'retries = 3\ntimeout = 10\n'));
});

test('ini_file: converge on a real file (check predicts, rerun changes nothing); a missing file with create: false fails', () =>
  withLocal(async (h) => {
    const path = h.path('app.ini');
    writeFileSync(path, CONF);
    const r = await h.converge(iniFile, { path, section: 'server', option: 'port', value: 8080, mode: '0640' });
    assert.is(readFileSync(path, 'utf8'), CONF.replace('port = 80', 'port = 8080'));
    assert.is(r.result.msg, 'option changed and ownership, perms or SE linux context changed');
    const e = await failure(() => h.plan(iniFile, { path: h.path('none.ini'), section: 's', option: 'o', value: 'v', create: false }));
    assert.match(e.message, /none\.ini does not exist/);
  }));

test.run();
