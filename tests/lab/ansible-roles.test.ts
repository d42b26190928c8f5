// Ansible content run unchanged: the two roles of tests/fixtures/ansible-roles (FQCN module names, .j2
// templates with filters, {% if %}/{% for %}, ansible_facts['os_family'], with_items, with_first_found +
// include_vars, include_tasks over a fact with task files for other OS families that use modules runbook
// lacks, handlers, omit, default, ternary, group_vars beside the playbook) over an INI inventory.
// ansible-playbook applies them to h1, runbook to h2: every file they manage is the same on both hosts
// (path, bytes, mode, owner); runbook's second run changes nothing.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { execFile } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as assert from 'uvu/assert';
import { ANSIBLE_ENV, ansibleSkipReason } from '../helpers/ansible.js';
import { labSuite, REPO, type LabHandle } from './fixture.js';
import { recapOf, runCli } from './playbook-ssh-helpers.js';

const { add, run } = labSuite('Ansible roles run unchanged (ansible-playbook on h1, runbook on h2)', { hosts: 2 });

const PLAYBOOK = join(REPO, 'tests/fixtures/ansible-roles/site.yml');

/** Every path the roles manage; `-` marks one that must not exist (never reached: another OS family). */
const PATHS = [
  '/etc/motd',
  '/etc/issue.net',
  '/etc/site-family',
  '/etc/site-motd.d',
  '/etc/site-motd.d/10-welcome',
  '/etc/site-motd.d/20-backup',
  '/var/tmp/site-motd.stamp',
  '/opt/demo',
  '/opt/demo/conf',
  '/opt/demo/data',
  '/opt/demo/log',
  '/opt/demo/conf/demo.ini',
  '/opt/demo/conf/settings.json',
  '/opt/demo/conf/logrotate.conf',
  '/opt/demo/conf/env',
  '/opt/demo/VERSION',
  '/opt/demo/restarted',
];

/** Ansible over SSH to lab hosts: their key, no host key recorded anywhere, no master connection left behind. */
const SSH_ENV = { ...ANSIBLE_ENV, ANSIBLE_HOST_KEY_CHECKING: 'False', ANSIBLE_SSH_ARGS: '-o ControlMaster=no -o UserKnownHostsFile=/dev/null -o ConnectTimeout=10', ANSIBLE_RETRY_FILES_ENABLED: 'False' };

function inventory(lab: LabHandle, dir: string): string {
  const file = join(dir, 'hosts.ini');
  writeFileSync(
    file,
    [
      '# the lab hosts, as an Ansible user writes an inventory',
      '[webservers]',
      ...['h1', 'h2'].map((h) => `${h} ansible_host=${lab.host(h).ip}`),
      '',
      '[webservers:vars]',
      'ansible_user=root',
      `ansible_ssh_private_key_file=${lab.keyFile}`,
      '',
    ].join('\n'),
  );
  return file;
}

function ansiblePlaybook(args: string[], cwd: string): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile('ansible-playbook', args, { cwd, timeout: 300_000, killSignal: 'SIGKILL', maxBuffer: 64 << 20, env: { ...process.env, ...SSH_ENV } }, (err, stdout, stderr) =>
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, out: stdout + stderr }),
    );
  });
}

/** Type, mode, owner, group and sha256 (files) of each path on the host, one line each. */
async function snapshot(lab: LabHandle, host: string): Promise<string[]> {
  const script = PATHS.map((p) => `if [ -e ${p} ]; then s=$(stat -c '%F %a %U:%G' ${p}); if [ -f ${p} ]; then s="$s $(sha256sum < ${p} | cut -c1-64)"; fi; echo "${p} $s"; else echo "${p} missing"; fi`).join('\n');
  const r = await lab.run(host, script);
  assert.is(r.code, 0, r.stderr);
  return r.stdout.trim().split('\n');
}

add('ansible-playbook on h1 and runbook on h2 leave the same files; runbook reruns with changed=0', async (lab) => {
  const skip = await ansibleSkipReason();
  const dir = mkdtempSync(join(tmpdir(), 'runbook-roles-'));
  try {
    const inv = inventory(lab, dir);
    const env = { ANSIBLE_HOST_KEY_CHECKING: 'False' };
    const validate = await runCli(['validate', PLAYBOOK, '-i', inv], { env });
    assert.is(validate.code, 0, validate.stdout + validate.stderr);
    assert.match(validate.stdout, /note: include_tasks "\{\{ ansible_os_family \}\}\.yml" is resolved on each host when reached/);

    const first = await runCli(['apply', PLAYBOOK, '-i', inv, '--limit', 'h2', '--json'], { env, timeoutMs: 300_000 });
    assert.is(first.code, 0, `${first.stdout.slice(-3000)}\n${first.stderr}`);
    assert.ok(recapOf(first).h2!.changed > 0);
    const again = await runCli(['apply', PLAYBOOK, '-i', inv, '--limit', 'h2', '--json'], { env, timeoutMs: 300_000 });
    assert.is(again.code, 0, again.stderr);
    assert.equal([recapOf(again).h2!.changed, recapOf(again).h2!.failed], [0, 0]);

    const mine = await snapshot(lab, 'h2');
    assert.ok(!mine.some((l) => l.endsWith(' missing')), mine.join('\n'));
    if (skip) return console.log(`  skipped the comparison with ansible-playbook: ${skip}`);
    const theirs = await ansiblePlaybook(['-i', inv, PLAYBOOK, '--limit', 'h1'], dir);
    assert.is(theirs.code, 0, theirs.out.slice(-4000));
    const ansibles = await snapshot(lab, 'h1');
    // On a difference, show both versions of each differing file: the message says what to fix.
    const differing = PATHS.filter((_, i) => mine[i] !== ansibles[i]);
    const shown = await Promise.all(differing.map(async (p) => `${p}\n--- ansible (h1):\n${(await lab.run('h1', `cat ${p}`)).stdout}\n--- runbook (h2):\n${(await lab.run('h2', `cat ${p}`)).stdout}`));
    assert.equal(mine, ansibles, shown.join('\n'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

run();
