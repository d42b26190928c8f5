// What the git module reads, in ONE command on the host: the checkout at dest (HEAD commit, branch, the
// remote's URL, tracked local modifications) and what the remote has for the version asked for
// (`git ls-remote --symref`: its HEAD branch, the branch or tag, an annotated tag's commit).

import { argv, cmd } from '../../engine/quote.js';
import { randomBytes } from 'node:crypto';
import type { Fact } from '../../engine/module-api/module.js';

export interface GitLocal {
  head?: string;
  branch?: string;
  remoteUrl?: string;
  /** `git status --porcelain` of tracked files: non-empty means local modifications. */
  modified: string[];
  /** dest exists but is not a git checkout. */
  notRepo?: boolean;
  /** The commit asked for exists locally (version given as a commit id). */
  hasCommit?: string;
}

export interface GitRemote {
  /** The branch the remote's HEAD points to. */
  headBranch?: string;
  refs: Map<string, string>;
  error?: string;
}

export interface GitState {
  local?: GitLocal;
  remote?: GitRemote;
}

export interface GitRead {
  git: string;
  repo: string;
  dest: string;
  remote: string;
  version: string;
  /** GIT_SSH_COMMAND for key_file / accept_hostkey / ssh_opts. */
  sshCommand?: string;
  /** Skip asking the remote (update: false, or clone: false on a missing dest). */
  askRemote: boolean;
}

/** Environment lines every git command of the module starts with: no prompt ever waits for a terminal. */
export function gitEnvLines(sshCommand: string | undefined): string {
  return ['GIT_TERMINAL_PROMPT=0; export GIT_TERMINAL_PROMPT', ...(sshCommand ? [cmd`GIT_SSH_COMMAND=${sshCommand}; export GIT_SSH_COMMAND`] : [])].join('\n');
}

export function gitStateFact(r: GitRead): Fact<GitState> {
  const git = r.git;
  const lines = [
    gitEnvLines(r.sshCommand),
    'export LC_ALL=C',
    cmd`if [ -e ${r.dest} ]; then`,
    cmd`  if g=$(${git} -C ${r.dest} rev-parse --git-dir 2>/dev/null) && [ "$(${git} -C ${r.dest} rev-parse --show-toplevel 2>/dev/null)" = "$(cd ${r.dest} && pwd -P)" ]; then`,
    '    echo "@@local"',
    cmd`    echo "head $(${git} -C ${r.dest} rev-parse --verify -q HEAD)"`,
    cmd`    echo "branch $(${git} -C ${r.dest} symbolic-ref -q --short HEAD)"`,
    cmd`    echo "url $(${git} -C ${r.dest} config --get ${`remote.${r.remote}.url`})"`,
    cmd`    ${git} -C ${r.dest} cat-file -e ${`${r.version}^{commit}`} 2>/dev/null && echo "has $(${git} -C ${r.dest} rev-parse ${`${r.version}^{commit}`})"`,
    cmd`    ${git} -C ${r.dest} status --porcelain --untracked-files=no | sed 's/^/mod /'`,
    cmd`  elif [ -n "$(ls -A ${r.dest})" ]; then echo "@@notrepo"; fi`,
    'fi',
  ];
  if (r.askRemote) {
    lines.push(
      'echo "@@remote"',
      `${argv([git, 'ls-remote', '--symref', '--', r.repo, 'HEAD', `refs/heads/${r.version}`, `refs/tags/${r.version}`, `refs/tags/${r.version}^{}`])} 2>&1 || echo "@@error"`,
    );
  }
  return {
    // ls-remote asks the remote now: its answer is never reused from an earlier task.
    key: `git:${JSON.stringify([r.repo, r.dest, r.version])}${r.askRemote ? `:${randomBytes(8).toString('hex')}` : ''}`,
    command: lines.join('\n'),
    parse(stdout, code, stderr) {
      if (code !== 0) throw new Error(`could not read the git state of ${r.dest}: ${stderr.trim() || `exit code ${code}`}`);
      return parseGitState(stdout);
    },
  };
}

export function parseGitState(stdout: string): GitState {
  const s: GitState = {};
  let section = '';
  const remoteLines: string[] = [];
  for (const line of stdout.split('\n')) {
    if (line === '@@local') (section = 'local'), (s.local = { modified: [] });
    else if (line === '@@notrepo') s.local = { modified: [], notRepo: true };
    else if (line === '@@remote') (section = 'remote'), (s.remote = { refs: new Map() });
    else if (line === '@@error' && s.remote) s.remote.error = remoteLines.join('\n').trim() || 'git ls-remote failed';
    else if (section === 'local' && s.local) {
      const [k, ...rest] = line.split(' ');
      const v = rest.join(' ');
      if (k === 'head' && v) s.local.head = v;
      else if (k === 'branch' && v) s.local.branch = v;
      else if (k === 'url' && v) s.local.remoteUrl = v;
      else if (k === 'has' && v) s.local.hasCommit = v;
      // porcelain: two status letters, a space, the path.
      else if (k === 'mod') s.local.modified.push(v.slice(3));
    } else if (section === 'remote' && s.remote && line) {
      remoteLines.push(line);
      const sym = /^ref: refs\/heads\/(\S+)\tHEAD$/.exec(line);
      if (sym) s.remote.headBranch = sym[1];
      const ref = /^([0-9a-f]{40,64})\t(\S+)$/.exec(line);
      if (ref) s.remote.refs.set(ref[2]!, ref[1]!);
    }
  }
  return s;
}
