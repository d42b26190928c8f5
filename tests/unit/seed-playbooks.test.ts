// The shipped seed playbooks with the shipped inventory, through the real CLI: they validate, and the
// --list-* views show the plays, roles and tags the README promises. No host is touched.

import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

const REPO = fileURLToPath(new URL('../../', import.meta.url));

function runbook(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: REPO, timeout: 60_000 }, (err, stdout, stderr) => {
      const code = typeof (err as { code?: unknown } | null)?.code === 'number' ? (err as { code: number }).code : err ? 1 : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

test('validate: site, verify and dns-records with inventory.yaml', async () => {
  const r = await runbook(['validate', 'playbooks/site.yaml', 'playbooks/verify.yaml', 'playbooks/dns-records.yaml', '-i', 'inventory.yaml']);
  assert.is(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /playbooks\/site\.yaml: ok \(4 plays, \d+ tasks\)/);
  assert.match(r.stdout, /playbooks\/verify\.yaml: ok/);
  assert.match(r.stdout, /playbooks\/dns-records\.yaml: ok/);
});

test('--list-tasks: every role under its tag, hosts from inventory.yaml', async () => {
  const r = await runbook(['apply', 'playbooks/site.yaml', '-i', 'inventory.yaml', '--list-tasks']);
  assert.is(r.code, 0, r.stderr);
  for (const [role, tag] of [['host-network', 'network'], ['vagrant-vm', 'vm'], ['docker-machine', 'machine'], ['bridge-docker1', 'bridge'], ['dnsmasq', 'dns']]) {
    assert.match(r.stdout, new RegExp(`${role} : .*TAGS: \\[${tag}\\]`), `${role} tagged ${tag}`);
  }
  assert.match(r.stdout, /play #1 \(workstation\)/);
  assert.match(r.stdout, /play #2 \(docker_vms\)/);
  assert.match(r.stdout, /HTTP straight to the container +TAGS: \[verify\]/);
});

test('--list-tasks -t dns: only the dnsmasq role', async () => {
  const r = await runbook(['apply', 'playbooks/site.yaml', '-i', 'inventory.yaml', '--list-tasks', '-t', 'dns']);
  assert.is(r.code, 0, r.stderr);
  const tasks = r.stdout.split('\n').filter((l) => /TAGS: \[/.test(l) && !/^\s*play #/.test(l));
  assert.ok(tasks.length >= 7);
  assert.ok(tasks.every((l) => l.trim().startsWith('dnsmasq : ')), tasks.join('\n'));
});

test('--list-tags and the schema header editors read', async () => {
  const r = await runbook(['apply', 'playbooks/site.yaml', '-i', 'inventory.yaml', '--list-tags']);
  assert.is(r.code, 0, r.stderr);
  for (const t of ['network', 'vm', 'machine', 'bridge', 'dns', 'verify']) assert.match(r.stdout, new RegExp(`\\b${t}\\b`));
  for (const f of ['site', 'verify', 'dns-records']) {
    assert.match(readFileSync(`${REPO}playbooks/${f}.yaml`, 'utf8'), /^# yaml-language-server: \$schema=\.\.\/schemas\/playbook\.schema\.json\n/);
  }
});

test.run();
