// git: clone a repository to dest or bring it to a branch, tag or commit, as Ansible's git module. One
// command reads both sides (the checkout, and the remote via ls-remote), so a checkout already at the
// version costs one round trip and check mode knows the commit it would move to. Local modifications to
// tracked files fail the task unless force, which discards them (a change of its own).

import { posix } from 'node:path';
import { ModuleFailure } from '../../engine/errors.js';
import { argv, quote } from '../../engine/quote.js';
import { defineModule, type Change, type ModuleContext, type ResultData } from '../../engine/module-api/module.js';
import { gitEnvLines, gitStateFact, type GitRemote, type GitState } from './git-state.js';

export const git = defineModule({
  name: 'git',
  summary: 'Clone a git repository or update a checkout to a branch, tag or commit; reports before/after commits.',
  // ansible.builtin.git's argument_spec aliases.
  aliases: { name: 'repo' },
  prefetch: false,
  params: {
    type: 'object',
    additionalProperties: false,
    required: ['repo', 'dest'],
    properties: {
      repo: { type: 'string', description: 'The repository: a URL (https://, ssh://, git://, file://), user@host:path, or a path on the host.' },
      dest: { type: 'string', description: 'Absolute path of the checkout.' },
      version: { type: 'string', default: 'HEAD', description: "A branch, a tag or a commit id; HEAD: the remote's default branch." },
      remote: { type: 'string', default: 'origin', description: 'Name of the remote.' },
      force: { type: 'boolean', default: false, description: 'Discard local modifications of tracked files (otherwise they fail the task).' },
      depth: { type: 'integer', minimum: 1, description: 'Shallow clone/fetch with this many commits of history.' },
      update: { type: 'boolean', default: true, description: 'false: never move an existing checkout (only clone a missing one).' },
      clone: { type: 'boolean', default: true, description: 'false: never clone a missing dest.' },
      single_branch: { type: 'boolean', default: false, description: 'Clone only the history of the branch or tag asked for.' },
      key_file: { type: 'string', description: 'Private key (a path on the host) for ssh repositories (GIT_SSH_COMMAND ssh -i).' },
      accept_hostkey: { type: 'boolean', default: false, description: 'ssh: accept any host key (StrictHostKeyChecking=no).' },
      accept_newhostkey: { type: 'boolean', default: false, description: 'ssh: accept a host key not yet known, refuse a changed one (StrictHostKeyChecking=accept-new).' },
      ssh_opts: { type: 'string', description: 'More options for ssh, appended to its command line as written.' },
      executable: { type: 'string', default: 'git', description: 'The git program to run.' },
    },
  },
  async plan(ctx, p) {
    if (!posix.isAbsolute(p.dest)) throw new ModuleFailure(`dest must be an absolute path: ${p.dest}`);
    for (const [k, v] of [['repo', p.repo], ['version', p.version], ['remote', p.remote]] as const) {
      if (v.startsWith('-') || /[\s\0]/.test(v) || v === '') throw new ModuleFailure(`invalid ${k}: ${JSON.stringify(v)}`, {}, { hint: `${k} never starts with - and has no spaces` });
    }
    const sshCommand = sshCommandFor(p);
    const [state] = await ctx.facts(gitStateFact({ git: p.executable, repo: p.repo, dest: p.dest, remote: p.remote, version: p.version, sshCommand, askRemote: true }));
    const env = gitEnvLines(sshCommand);
    const local = state.local;
    if (local?.notRepo) throw new ModuleFailure(`destination path '${p.dest}' already exists and is not an empty directory`, {}, { hint: 'dest is a directory with files in it but no git checkout: choose another dest or remove it' });
    if (!local) {
      if (!p.clone) return { changes: [], reason: `${p.dest} is missing and clone is false`, data: { before: null, after: null } };
      const target = resolve(p.version, state, p.repo);
      return { changes: [cloneChange(ctx, p, target, env)], data: { before: null, after: target.sha, remote_url_changed: false } };
    }
    const before = local.head ?? null;
    if (!p.update) return { changes: [], reason: `${p.dest} exists and update is false (at ${short(before)})`, data: { before, after: before, remote_url_changed: false } };
    if (local.modified.length && !p.force) {
      throw new ModuleFailure(`Local modifications exist in the destination: ${p.dest} (force=no).`, { before, after: before }, { hint: `modified: ${local.modified.slice(0, 5).join(', ')}; set force: true to discard them` });
    }
    const target = resolve(p.version, state, p.repo);
    const changes: Change[] = [];
    const urlChanged = local.remoteUrl !== p.repo;
    const git = (...args: string[]) => argv([p.executable, '-C', p.dest, ...args]);
    if (urlChanged) {
      changes.push({
        summary: `${p.dest}: remote ${p.remote} ${local.remoteUrl ?? '(none)'} -> ${p.repo}`,
        run: `${git('remote', local.remoteUrl === undefined ? 'add' : 'set-url', '--', p.remote, p.repo)}`,
      });
    }
    const moves = !(before && (before === target.sha || (target.kind === 'commit' && before.startsWith(p.version))));
    if (local.modified.length && !moves) {
      changes.push({ summary: `${p.dest}: discard local modifications (${local.modified.join(', ')})`, diff: commitDiff(p.dest, `${before} + local modifications`, before), run: git('reset', '-q', '--hard', 'HEAD') });
    }
    if (moves) changes.push(updateChange(ctx, p, target, before, env));
    const data: ResultData = { before, after: target.sha, remote_url_changed: urlChanged };
    if (!changes.length) return { changes, data, reason: `${p.dest} is at ${short(before)} (${p.version})` };
    return { changes, data };
  },
});

interface Target {
  kind: 'branch' | 'tag' | 'commit';
  /** The branch or tag name. */
  name: string;
  sha: string;
}

/** The branch, tag or commit `version` names on the remote, as ls-remote told it. */
function resolve(version: string, state: GitState, repo: string): Target {
  const remote: GitRemote = state.remote ?? { refs: new Map() };
  if (remote.error) throw new ModuleFailure(`Failed to reach ${repo}: ${remote.error}`, {}, { hint: 'is the repository right, and can the host reach it (key_file, accept_hostkey)?' });
  if (version === 'HEAD') {
    const sha = remote.refs.get('HEAD');
    if (!sha) throw new ModuleFailure(`${repo} has no HEAD (an empty repository?)`);
    return { kind: 'branch', name: remote.headBranch ?? 'HEAD', sha };
  }
  const branch = remote.refs.get(`refs/heads/${version}`);
  if (branch) return { kind: 'branch', name: version, sha: branch };
  const tag = remote.refs.get(`refs/tags/${version}^{}`) ?? remote.refs.get(`refs/tags/${version}`);
  if (tag) return { kind: 'tag', name: version, sha: tag };
  if (/^[0-9a-f]{7,64}$/i.test(version)) return { kind: 'commit', name: version, sha: state.local?.hasCommit ?? version.toLowerCase() };
  throw new ModuleFailure(`Failed to find version ${version} in ${repo}: no such branch or tag, and not a commit id`);
}

const short = (sha: string | null | undefined) => (sha ? sha.slice(0, 12) : 'nothing');

function commitDiff(dest: string, before: string | null, after: string | null) {
  return { header: `git ${dest}`, before: `${before ?? 'absent'}\n`, after: `${after ?? 'absent'}\n` };
}

type GitParams = { repo: string; dest: string; remote: string; depth?: number; single_branch: boolean; executable: string; version: string };

function depthArgs(p: GitParams): string[] {
  return p.depth ? ['--depth', String(p.depth)] : [];
}

/** Run the lines with the module's git environment; the new HEAD is the result's `after`. */
async function runGit(ctx: ModuleContext, env: string, lines: string[], p: GitParams, what: string): Promise<ResultData> {
  const r = await ctx.conn.exec([env, 'set -e', ...lines, argv([p.executable, '-C', p.dest, 'rev-parse', 'HEAD'])].join('\n'), { signal: ctx.signal });
  if (r.code !== 0) throw new ModuleFailure(`${what} failed: ${r.stderr.trim() || `exit code ${r.code}`}`, { rc: r.code, stdout: r.stdout, stderr: r.stderr });
  return { after: r.stdout.trim().split('\n').pop() };
}

function cloneChange(ctx: ModuleContext, p: GitParams, t: Target, env: string): Change {
  const named = t.kind !== 'commit' && t.name !== 'HEAD';
  const lines = [argv([p.executable, 'clone', '-q', '--origin', p.remote, ...depthArgs(p), ...(named ? ['--branch', t.name] : []), ...(p.single_branch ? ['--single-branch'] : []), '--', p.repo, p.dest])];
  if (t.kind === 'commit') {
    // A shallow clone may not hold the commit: fetch it by id, then check it out.
    if (p.depth) lines.push(`${argv([p.executable, '-C', p.dest, 'fetch', '-q', ...depthArgs(p), '--', p.remote, t.sha])} || true`);
    lines.push(argv([p.executable, '-C', p.dest, '-c', 'advice.detachedHead=false', 'checkout', '-q', '--detach', t.sha]));
  }
  return {
    summary: `clone ${p.repo} to ${p.dest} at ${short(t.sha)} (${t.kind} ${t.name})`,
    diff: commitDiff(p.dest, null, t.sha),
    apply: () => runGit(ctx, env, lines, p, `git clone of ${p.repo}`),
  };
}

function updateChange(ctx: ModuleContext, p: GitParams & { force: boolean }, t: Target, before: string | null, env: string): Change {
  const git = (...args: string[]) => argv([p.executable, '-C', p.dest, ...args]);
  const lines: string[] = [];
  if (t.kind === 'branch') {
    lines.push(git('fetch', '-q', ...depthArgs(p), '--', p.remote, `+refs/heads/${t.name}:refs/remotes/${p.remote}/${t.name}`));
    lines.push(git('checkout', '-q', ...(p.force ? ['-f'] : []), '-B', t.name, `refs/remotes/${p.remote}/${t.name}`, '--'));
  } else if (t.kind === 'tag') {
    lines.push(git('fetch', '-q', ...depthArgs(p), '--', p.remote, `+refs/tags/${t.name}:refs/tags/${t.name}`));
    lines.push(git('-c', 'advice.detachedHead=false', 'checkout', '-q', ...(p.force ? ['-f'] : []), '--detach', `refs/tags/${t.name}^{commit}`));
  } else {
    lines.push(`${git('fetch', '-q', ...depthArgs(p), '--tags', '--', p.remote, `+refs/heads/*:refs/remotes/${p.remote}/*`)}`);
    lines.push(git('-c', 'advice.detachedHead=false', 'checkout', '-q', ...(p.force ? ['-f'] : []), '--detach', t.sha));
  }
  return {
    summary: `update ${p.dest}: ${short(before)} -> ${short(t.sha)} (${t.kind} ${t.name})`,
    diff: commitDiff(p.dest, before, t.sha),
    apply: () => runGit(ctx, env, lines, p, `git update of ${p.dest}`),
  };
}

/** GIT_SSH_COMMAND from key_file / accept_hostkey / accept_newhostkey / ssh_opts, or undefined. */
function sshCommandFor(p: { key_file?: string; accept_hostkey: boolean; accept_newhostkey: boolean; ssh_opts?: string }): string | undefined {
  const parts: string[] = [];
  if (p.key_file) parts.push('-i', quote(p.key_file), '-o', 'IdentitiesOnly=yes');
  if (p.accept_hostkey) parts.push('-o', 'StrictHostKeyChecking=no');
  else if (p.accept_newhostkey) parts.push('-o', 'StrictHostKeyChecking=accept-new');
  // ssh_opts is the user's own ssh option string, as Ansible takes it (git runs GIT_SSH_COMMAND through a shell).
  if (p.ssh_opts) parts.push(p.ssh_opts);
  return parts.length ? `ssh ${parts.join(' ')}` : undefined;
}
