import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatProblem, InvalidInputError } from '../../src/engine/errors.js';
import { loadConfig } from '../../src/engine/config/index.js';

async function dirWith(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'runbook-config-'));
  for (const [name, text] of Object.entries(files)) {
    await mkdir(join(dir, name, '..'), { recursive: true });
    await writeFile(join(dir, name), text);
  }
  return dir;
}

const ANSIBLE_CFG = `[defaults]
inventory = hosts, more/inv.yaml
roles_path = roles:/opt/roles
forks = 12
remote_user = deploy
host_key_checking = False
timeout = 20   ; seconds
vault_password_file = ~/.vault_pass

[privilege_escalation]
become = yes
become_user = admin
become_method = sudo
`;

test('ansible.cfg in the current directory: every supported setting, paths relative to the file', async () => {
  const cwd = await dirWith({ 'ansible.cfg': ANSIBLE_CFG });
  const c = await loadConfig({}, cwd, '/nonexistent-home');
  assert.is(c.file, join(cwd, 'ansible.cfg'));
  assert.equal(c.inventory, [join(cwd, 'hosts'), join(cwd, 'more/inv.yaml')]);
  assert.equal(c.rolesPath, [join(cwd, 'roles'), '/opt/roles']);
  assert.is(c.forks, 12);
  assert.is(c.vaultPasswordFile, '/nonexistent-home/.vault_pass');
  assert.equal(c.connection, { user: 'deploy', host_key_checking: 'off', timeout: 20, become: true, become_user: 'admin' });
});

test('the first config found is used alone: RUNBOOK_CONFIG, ANSIBLE_CONFIG, ./runbook.cfg, ./ansible.cfg, ~', async () => {
  const cwd = await dirWith({ 'ansible.cfg': '[defaults]\nforks = 2\n', 'runbook.cfg': '[defaults]\nforks = 3\n', 'other.cfg': '[defaults]\nforks = 4\n' });
  const home = await dirWith({ '.ansible.cfg': '[defaults]\nforks = 5\nremote_user = home\n' });
  assert.is((await loadConfig({}, cwd, home)).forks, 3, 'runbook.cfg before ansible.cfg');
  assert.is((await loadConfig({ ANSIBLE_CONFIG: join(cwd, 'other.cfg') }, cwd, home)).forks, 4);
  assert.is((await loadConfig({ ANSIBLE_CONFIG: join(cwd, 'other.cfg'), RUNBOOK_CONFIG: join(cwd, 'ansible.cfg') }, cwd, home)).forks, 2);
  const fromHome = await loadConfig({}, home, home);
  assert.equal([fromHome.forks, fromHome.connection.user], [5, 'home']);
  assert.is((await loadConfig({}, cwd, home)).connection.user, undefined, 'files are not merged');
});

test('the environment beats the file (RUNBOOK_ before ANSIBLE_); relative env paths are relative to the cwd', async () => {
  const cwd = await dirWith({ 'ansible.cfg': ANSIBLE_CFG });
  const c = await loadConfig({ ANSIBLE_FORKS: '7', RUNBOOK_REMOTE_USER: 'me', ANSIBLE_REMOTE_USER: 'them', ANSIBLE_INVENTORY: 'x.ini' }, cwd, '/h');
  assert.is(c.forks, 7);
  assert.is(c.connection.user, 'me');
  assert.equal(c.inventory, [join(cwd, 'x.ini')]);
});

test('bad values are located in the file, all at once', async () => {
  const cwd = await dirWith({ 'ansible.cfg': '[defaults]\nforks = many\nhost_key_checking = maybe\n[privilege_escalation]\nbecome_method = su\n' });
  try {
    await loadConfig({}, cwd, '/h');
    assert.unreachable();
  } catch (e) {
    assert.instance(e, InvalidInputError);
    const lines = (e as InvalidInputError).problems.map((p) => formatProblem({ ...p, hint: undefined }).replace(`${cwd}/`, ''));
    assert.equal(lines, [
      'ansible.cfg:2:9: forks must be a whole number of at least 1, not "many"',
      'ansible.cfg:3:21: host_key_checking must be true or false, not "maybe"',
      'ansible.cfg:5:17: become_method su is not supported',
    ]);
  }
});

test('runbook inventory reads the inventory and connection defaults from the config; -i wins', async () => {
  const dir = await dirWith({
    'ansible.cfg': '[defaults]\ninventory = hosts\nremote_user = deploy\n',
    hosts: '[web]\nw1\nw2 ansible_user=root\n',
    'other.ini': '[db]\nd1\n',
  });
  const env = { ...process.env, RUNBOOK_CONFIG: join(dir, 'ansible.cfg'), HOME: dir };
  const cli = (...args: string[]) => execFileSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'inventory', ...args], { env }).toString();
  assert.match(cli('--host', 'w1'), /connection:\n(?:.*\n)*  user: deploy/);
  assert.match(cli('--host', 'w2'), '  user: root', 'the inventory beats the config');
  assert.match(cli('--graph'), '@web:');
  assert.match(cli('-i', join(dir, 'other.ini'), '--graph'), '@db:');
  assert.not.match(cli('-i', join(dir, 'other.ini'), '--graph'), '@web:');
  assert.match(cli('-i', join(dir, 'other.ini'), '-i', join(dir, 'hosts'), '--graph'), /@db:[\s\S]*@web:/);
});

test.run();
