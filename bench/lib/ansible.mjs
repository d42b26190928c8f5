// ansible-core side: a private workspace (ansible.cfg, INI inventory, ANSIBLE_HOME, local tmp and ssh
// control sockets all inside the bench temp dir — never the user's ~/.ansible), runs, recap parsing.
// Settings: ansible-core's defaults with pipelining on, forks = host count, no host key checking,
// python3 on the hosts. Every timed run starts cold: the ssh ControlPersist masters a run leaves are
// closed (untimed) before the next, because runbook also opens its connections afresh on every run.

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { run } from './proc.mjs';

export const ANSIBLE_PLAYBOOK = '/usr/bin/ansible-playbook';

/** Refuse to start without ansible-core; the bench installs nothing itself. */
export function checkAnsible() {
  if (!existsSync(ANSIBLE_PLAYBOOK)) {
    throw new Error(`ansible-playbook not found at ${ANSIBLE_PLAYBOOK}: install ansible-core first (apt-get install ansible-core)`);
  }
}

export function ansibleWorkspace(dir, lab) {
  const home = join(dir, 'ansible-home');
  mkdirSync(join(home, 'tmp'), { recursive: true });
  mkdirSync(join(home, 'cp'), { recursive: true });
  const cfg = join(dir, 'ansible.cfg');
  const inventory = join(dir, 'inventory.ini');
  writeFileSync(cfg, [
    '[defaults]',
    `inventory = ${inventory}`,
    'host_key_checking = False',
    `home = ${home}`,
    `local_tmp = ${home}/tmp`,
    `forks = ${lab.hosts.length}`,
    'interpreter_python = /usr/bin/python3',
    'retry_files_enabled = False',
    'deprecation_warnings = False',
    'nocolor = True',
    '[ssh_connection]',
    `control_path_dir = ${home}/cp`,
    'pipelining = True',
    '',
  ].join('\n'));
  writeFileSync(inventory, [
    '[lab]',
    ...lab.hosts.map((h) => `${h.name} ansible_host=${h.ip}`),
    '[lab:vars]',
    'ansible_user=root',
    `ansible_ssh_private_key_file=${lab.state.keyFile}`,
    'ansible_python_interpreter=/usr/bin/python3',
    'ansible_ssh_common_args=-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR',
    '',
  ].join('\n'));
  const env = { ...process.env, ANSIBLE_CONFIG: cfg, ANSIBLE_HOME: home, ANSIBLE_LOCAL_TEMP: `${home}/tmp`, ANSIBLE_NOCOLOR: '1', ANSIBLE_FORCE_COLOR: '0' };
  delete env.ANSIBLE_STDOUT_CALLBACK;
  return { cfg, inventory, env, cpDir: join(home, 'cp') };
}

export async function runAnsible(ws, playbook, { rssFile, timeoutMs } = {}) {
  const r = await run(ANSIBLE_PLAYBOOK, [playbook], { env: ws.env, rssFile, timeoutMs });
  closeMasters(ws);
  return { ...r, recap: parseAnsibleRecap(r.stdout) };
}

/** `h1 : ok=50 changed=50 unreachable=0 failed=0 …` → { h1: { ok, changed, … } }. */
export function parseAnsibleRecap(stdout) {
  const at = stdout.lastIndexOf('PLAY RECAP');
  const recap = {};
  if (at === -1) return recap;
  for (const line of stdout.slice(at).split('\n').slice(1)) {
    const m = /^(\S+)\s+:\s+(.*)$/.exec(line.trim());
    if (!m) continue;
    recap[m[1]] = Object.fromEntries([...m[2].matchAll(/(\w+)=(\d+)/g)].map(([, k, v]) => [k, Number(v)]));
  }
  return recap;
}

/** Close every ssh master ansible left (ControlPersist); the socket is local, the destination is loopback. */
export function closeMasters(ws) {
  for (const sock of readdirSync(ws.cpDir)) {
    try {
      execFileSync('ssh', ['-O', 'exit', '-o', `ControlPath=${join(ws.cpDir, sock)}`, '127.0.0.1'], { stdio: 'ignore', timeout: 10_000 });
    } catch {
      // already gone
    }
  }
}

export function ansibleVersion() {
  try {
    return /core ([\d.]+)/.exec(execFileSync(ANSIBLE_PLAYBOOK, ['--version'], { encoding: 'utf8', timeout: 30_000 }))?.[1] ?? '?';
  } catch {
    return 'not installed';
  }
}
