// git on this machine: a repository made by the test (a path as repo), cloned and moved between a branch,
// a tag and a commit; converge each time, local modifications refused or discarded, update/clone false.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { git } from '../../../src/modules/scm/git.js';
import { parseGitState } from '../../../src/modules/scm/git-state.js';
import { withLocal, type LocalTester } from '../../helpers/local-tester.js';
import { failure, summaries } from '../../helpers/module-tester.js';

const G = ['-c', 'user.name=t', '-c', 'user.email=t@runbook.invalid', '-c', 'init.defaultBranch=main', '-c', 'tag.gpgSign=false', '-c', 'commit.gpgSign=false'];
const sh = (cwd: string, ...args: string[]) => execFileSync('git', [...G, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] }).toString().trim();

/** An origin with two commits on main (v1 tagged at the first) and a branch `dev`. */
function origin(h: LocalTester): { dir: string; commit(msg: string, branch?: string): string } {
  const dir = h.path('origin');
  execFileSync('git', [...G, 'init', '-q', dir]);
  const commit = (msg: string, branch = 'main') => {
    if (sh(dir, 'symbolic-ref', '--short', 'HEAD') !== branch) sh(dir, 'checkout', '-q', branch);
    writeFileSync(`${dir}/app.txt`, `${msg}\n`);
    sh(dir, 'add', 'app.txt');
    sh(dir, 'commit', '-q', '-m', msg);
    return sh(dir, 'rev-parse', 'HEAD');
  };
  commit('one');
  sh(dir, 'tag', '-a', '-m', 'release 1', 'v1');
  sh(dir, 'branch', 'dev');
  commit('two');
  return { dir, commit };
}

test('clone the default branch, rerun no-op in one round trip; upstream moves → update; before/after', () =>
  withLocal(async (h) => {
    const o = origin(h);
    const dest = h.path('co');
    const head = sh(o.dir, 'rev-parse', 'main');
    const c = await h.converge(git, { repo: o.dir, dest });
    assert.equal(summaries(c.first), [`clone ${o.dir} to ${dest} at ${head.slice(0, 12)} (branch main)`]);
    assert.equal(c.first.data, { before: null, after: head, remote_url_changed: false });
    assert.is(c.result.after, head);
    assert.is(readFileSync(`${dest}/app.txt`, 'utf8'), 'two\n');
    assert.equal(c.second.data, { before: head, after: head, remote_url_changed: false });
    const three = o.commit('three');
    const u = await h.converge(git, { repo: o.dir, dest });
    assert.equal(summaries(u.first), [`update ${dest}: ${head.slice(0, 12)} -> ${three.slice(0, 12)} (branch main)`]);
    assert.equal(u.first.changes[0]!.diff, { header: `git ${dest}`, before: `${head}\n`, after: `${three}\n` });
    assert.is(readFileSync(`${dest}/app.txt`, 'utf8'), 'three\n');
  }));

test('a tag (annotated: its commit), a branch, a commit id; depth', () =>
  withLocal(async (h) => {
    const o = origin(h);
    const dest = h.path('co');
    const v1 = sh(o.dir, 'rev-parse', 'v1^{commit}');
    const t = await h.converge(git, { repo: `file://${o.dir}`, dest, version: 'v1', depth: 1 });
    assert.match(t.first.changes[0]!.summary, /\(tag v1\)$/);
    assert.is(sh(dest, 'rev-parse', 'HEAD'), v1);
    const dev = o.commit('on dev', 'dev');
    const b = await h.converge(git, { repo: `file://${o.dir}`, dest, version: 'dev' });
    assert.match(b.first.changes[0]!.summary, /-> .* \(branch dev\)$/);
    assert.is(sh(dest, 'rev-parse', 'HEAD'), dev);
    assert.is(sh(dest, 'symbolic-ref', '--short', 'HEAD'), 'dev');
    const main = sh(o.dir, 'rev-parse', 'main');
    await h.converge(git, { repo: `file://${o.dir}`, dest, version: main });
    assert.is(sh(dest, 'rev-parse', 'HEAD'), main);
    // A short commit id that is already checked out: nothing to do.
    h.facts.invalidate();
    assert.equal(summaries(await h.plan(git, { repo: `file://${o.dir}`, dest, version: main.slice(0, 10) })), []);
  }));

test('local modifications: refused without force, discarded with force (drift repaired); update: false leaves it', () =>
  withLocal(async (h) => {
    const o = origin(h);
    const dest = h.path('co');
    await h.run(git, { repo: o.dir, dest });
    writeFileSync(`${dest}/app.txt`, 'edited by hand\n');
    h.facts.invalidate();
    const e = await failure(() => h.plan(git, { repo: o.dir, dest }));
    assert.match(e.message, /Local modifications exist in the destination: .* \(force=no\)\./);
    const c = await h.converge(git, { repo: o.dir, dest, force: true });
    assert.equal(summaries(c.first), [`${dest}: discard local modifications (app.txt)`]);
    assert.is(readFileSync(`${dest}/app.txt`, 'utf8'), 'two\n');
    o.commit('three');
    h.facts.invalidate();
    const frozen = await h.plan(git, { repo: o.dir, dest, update: false });
    assert.equal(summaries(frozen), []);
    assert.match(String(frozen.reason), /update is false/);
  }));

test('a new repo URL is set on the remote; a missing version and an unreachable repo fail, naming them', () =>
  withLocal(async (h) => {
    const o = origin(h);
    const dest = h.path('co');
    await h.run(git, { repo: o.dir, dest });
    const c = await h.converge(git, { repo: `file://${o.dir}`, dest });
    assert.equal(summaries(c.first), [`${dest}: remote origin ${o.dir} -> file://${o.dir}`]);
    assert.is(c.first.data!.remote_url_changed, true);
    h.facts.invalidate();
    assert.match((await failure(() => h.plan(git, { repo: o.dir, dest, version: 'nope' }))).message, /Failed to find version nope/);
    assert.match((await failure(() => h.plan(git, { repo: h.path('nowhere'), dest: h.path('x') }))).message, /Failed to reach/);
    assert.match((await failure(() => h.plan(git, { repo: '--upload-pack=touch /tmp/x', dest: h.path('x') }))).message, /invalid repo/);
    writeFileSync(h.path('file-in-dir'), '');
    assert.match((await failure(() => h.plan(git, { repo: o.dir, dest: h.dir }))).message, /already exists and is not an empty directory/);
  }));

test('ls-remote output parses: the remote HEAD branch, peeled tags', () => {
  const s = parseGitState(`@@remote\nref: refs/heads/main\tHEAD\n${'a'.repeat(40)}\tHEAD\n${'b'.repeat(40)}\trefs/tags/v1\n${'c'.repeat(40)}\trefs/tags/v1^{}\n`);
  assert.is(s.remote!.headBranch, 'main');
  assert.is(s.remote!.refs.get('refs/tags/v1^{}'), 'c'.repeat(40));
  assert.is(s.local, undefined);
});

test.run();
