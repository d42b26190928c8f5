// Issue 13, roles from git, pinned: a role in a `file://` bare repository is installed, locked, stays at
// its locked commit when the branch moves upstream (also when installed again from nothing), moves with
// --update; apply and validate refuse (exit 1, naming `runbook roles install`) an installed role that is
// not at its locked commit; a bad requirements file gets located problems.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { formatProblem, InvalidInputError } from '../../src/engine/errors.js';
import { installRoles } from '../../src/engine/requirements/install.js';
import { installedCommit } from '../../src/engine/requirements/git.js';
import { loadRequirements } from '../../src/engine/requirements/requirements-file.js';
import { tempDir } from './execute-harness.js';

const gitIn = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.org', ...args], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();

/** A bare repository and a work clone to push commits from; each commit writes the role's message. */
async function upstream() {
  const root = await tempDir();
  const bare = join(root, 'web.git');
  const work = join(root, 'work');
  gitIn(root, 'init', '--quiet', '--bare', '-b', 'main', bare);
  gitIn(root, 'clone', '--quiet', bare, work);
  const commit = (message: string, tag?: string) => {
    mkdirSync(join(work, 'tasks'), { recursive: true });
    writeFileSync(join(work, 'tasks', 'main.yaml'), `- name: say\n  debug: {msg: ${JSON.stringify(message)}}\n`);
    gitIn(work, 'add', '-A');
    gitIn(work, 'commit', '--quiet', '-m', message);
    if (tag) gitIn(work, 'tag', tag);
    gitIn(work, 'push', '--quiet', '--tags', 'origin', 'HEAD:main');
    return gitIn(work, 'rev-parse', 'HEAD');
  };
  return { bare, commit };
}

async function project(bare: string) {
  const dir = await tempDir();
  writeFileSync(
    join(dir, 'requirements.yaml'),
    `roles:\n  - name: web\n    src: file://${bare}\n    scm: git\n    version: main\n  - name: pinned\n    src: git+file://${bare}\n    version: v1\n`,
  );
  writeFileSync(join(dir, 'site.yaml'), '- hosts: localhost\n  gather_facts: false\n  roles: [web, pinned]\n');
  writeFileSync(join(dir, 'inventory.yaml'), 'all:\n  hosts:\n    localhost: {connection: local}\n');
  return dir;
}

const lockOf = (dir: string) => parse(readFileSync(join(dir, 'requirements.lock.yaml'), 'utf8')).roles as Record<string, { commit: string; src: string }>;

/** The built CLI (npm test builds first), as CI runs it. */
function cli(dir: string, ...args: string[]) {
  return spawnSync(process.execPath, ['bin/runbook.js', ...args], { encoding: 'utf8', env: { ...process.env, CI: 'true' } });
}

test('install, lock, upstream moves, reinstall keeps the lock, --update moves it, a mismatch is refused', async () => {
  const { bare, commit } = await upstream();
  const a = commit('first', 'v1');
  const dir = await project(bare);
  const first = await installRoles(join(dir, 'requirements.yaml'));
  assert.equal(first.map((r) => [r.name, r.commit, r.action]), [['web', a, 'installed'], ['pinned', a, 'installed']]);
  assert.equal(lockOf(dir).web, { commit: a, src: `file://${bare}`, version: 'main' });
  assert.is(installedCommit(join(dir, '.runbook/roles/web')), a);
  assert.ok(existsSync(join(dir, '.runbook/roles/web/tasks/main.yaml')));
  assert.is(readFileSync(join(dir, '.runbook/.gitignore'), 'utf8'), '*\n');

  const b = commit('second');
  const again = await installRoles(join(dir, 'requirements.yaml'));
  assert.equal(again.map((r) => [r.commit, r.action]), [[a, 'unchanged'], [a, 'unchanged']], 'the branch moved; the lock did not');
  rmSync(join(dir, '.runbook'), { recursive: true });
  const fresh = await installRoles(join(dir, 'requirements.yaml'));
  assert.equal(fresh.map((r) => r.commit), [a, a], 'installed from nothing: still the locked commit');
  assert.match(readFileSync(join(dir, '.runbook/roles/web/tasks/main.yaml'), 'utf8'), 'first');

  const updated = await installRoles(join(dir, 'requirements.yaml'), { update: true });
  assert.equal(updated.map((r) => [r.name, r.commit, r.action]), [['web', b, 'updated'], ['pinned', a, 'unchanged']], 'the tag stays');
  assert.is(updated[0]!.previous, a);
  assert.is(lockOf(dir).web!.commit, b);
  assert.match(readFileSync(join(dir, '.runbook/roles/web/tasks/main.yaml'), 'utf8'), 'second');

  // Installed and locked agree: validate and apply use the installed role.
  const valid = cli(dir, 'validate', join(dir, 'site.yaml'), '-i', join(dir, 'inventory.yaml'));
  assert.is(valid.status, 0, valid.stdout + valid.stderr);
  const applied = cli(dir, 'apply', join(dir, 'site.yaml'), '-i', join(dir, 'inventory.yaml'));
  assert.is(applied.status, 0, applied.stdout + applied.stderr);
  assert.match(applied.stdout, 'second');

  // The lock moves back (a teammate's lock pulled with git) but the installed role stays: refused.
  const lockText = readFileSync(join(dir, 'requirements.lock.yaml'), 'utf8');
  writeFileSync(join(dir, 'requirements.lock.yaml'), lockText.replace(b, a));
  for (const cmd of ['validate', 'apply']) {
    const r = cli(dir, cmd, join(dir, 'site.yaml'), '-i', join(dir, 'inventory.yaml'));
    assert.is(r.status, 1, `${cmd}: ${r.stdout}${r.stderr}`);
    const out = r.stdout + r.stderr;
    assert.match(out, `role "web" is installed at ${b.slice(0, 12)} but requirements.lock.yaml pins ${a.slice(0, 12)}`);
    assert.match(out, 'runbook roles install');
    assert.match(out, /requirements\.lock\.yaml:\d+:\d+/);
    assert.not.match(out, 'second', 'no task ran');
  }
  // `roles install` (no --update) brings the role to the lock; the run is accepted again.
  const restored = cli(dir, 'roles', 'install', '-r', join(dir, 'requirements.yaml'));
  assert.is(restored.status, 0, restored.stderr);
  assert.match(restored.stdout, new RegExp(`web\\s+${a.slice(0, 12)}\\s+updated`));
  assert.is(installedCommit(join(dir, '.runbook/roles/web')), a);
  const ok = cli(dir, 'apply', join(dir, 'site.yaml'), '-i', join(dir, 'inventory.yaml'));
  assert.is(ok.status, 0, ok.stdout + ok.stderr);
  assert.match(ok.stdout, 'first');

  // A locked role that is missing is refused too.
  rmSync(join(dir, '.runbook/roles/pinned'), { recursive: true });
  const missing = cli(dir, 'validate', join(dir, 'site.yaml'), '-i', join(dir, 'inventory.yaml'));
  assert.is(missing.status, 1);
  assert.match(missing.stdout, `role "pinned" is locked at ${a.slice(0, 12)} but not installed`);
});

test('a version that does not exist: exit 1, the requirement located, nothing installed', async () => {
  const { bare, commit } = await upstream();
  commit('first');
  const dir = await tempDir();
  writeFileSync(join(dir, 'requirements.yaml'), `- src: file://${bare}\n  version: nope\n`);
  const r = cli(dir, 'roles', 'install', '-r', join(dir, 'requirements.yaml'));
  assert.is(r.status, 1, r.stdout + r.stderr);
  assert.match(r.stderr, `${join(dir, 'requirements.yaml')}:1:3: role "web": `);
  assert.match(r.stderr, 'no branch, tag or commit "nope"');
  assert.not.ok(existsSync(join(dir, '.runbook/roles/web')));
  assert.not.ok(existsSync(join(dir, 'requirements.lock.yaml')));
});

test('a bad requirements file: every problem at its line and column', async () => {
  const dir = await tempDir();
  const file = join(dir, 'requirements.yaml');
  writeFileSync(
    file,
    'roles:\n  - name: a\n    src: https://example.org/a.git\n    scm: hg\n  - name: b\n    version: 1.0\n  - name: c\n    src: ./c\n    verison: main\n  - name: a/b\n    src: ./x\nextra: 1\n',
  );
  try {
    await loadRequirements(file);
    assert.unreachable('accepted');
  } catch (e) {
    if (!(e instanceof InvalidInputError)) throw e;
    const lines = e.problems.map(formatProblem).map((l) => l.replace(`${file}:`, ''));
    assert.equal(lines.map((l) => l.split('\n')[0]), [
      '12:1: unknown key "extra" in a requirements file',
      '4:10: scm "hg" is not supported',
      '5:5: a role requirement needs a src',
      '6:14: version 1 is a number, not a tag name',
      '9:5: unknown key "verison" in a role requirement',
      '10:11: role name "a/b" cannot be a directory name',
    ]);
  }
});

test.run();
