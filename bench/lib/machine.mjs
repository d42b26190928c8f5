// The machine and the versions a result was measured with, for RESULTS.md.

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { ansibleVersion } from './ansible.mjs';

function tryRun(file, args) {
  try {
    return execFileSync(file, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 30_000 }).trim();
  } catch (e) {
    return (e.stderr ?? '').toString().trim() || 'not found';
  }
}

export function machine() {
  const cpu = os.cpus()[0]?.model ?? '?';
  return {
    cpu: `${cpu.trim()} (${os.cpus().length} cores)`,
    ram: `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    kernel: `${os.type()} ${os.release()}`,
    os: (/PRETTY_NAME="([^"]+)"/.exec(readFileSync('/etc/os-release', 'utf8'))?.[1]) ?? '?',
  };
}

export function versions() {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
  // ssh -V prints on stderr.
  const ssh = tryRun('sh', ['-c', 'ssh -V 2>&1']);
  const commit = tryRun('git', ['-C', new URL('../..', import.meta.url).pathname, 'rev-parse', '--short', 'HEAD']);
  const dirty = tryRun('git', ['-C', new URL('../..', import.meta.url).pathname, 'status', '--porcelain', '--', 'src']) ? ' + uncommitted changes in src/' : '';
  return {
    node: process.version,
    runbook: `${pkg.version} (commit ${commit}${dirty})`,
    ansible: ansibleVersion(),
    python: tryRun('/usr/bin/python3', ['--version']),
    openssh: ssh,
  };
}
