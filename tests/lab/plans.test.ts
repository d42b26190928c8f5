// Check-mode predictions and saved plans over SSH, on two lab hosts (h1 plain, s1 systemd): --check on
// fresh hosts runs a dir -> file -> line chain and a .deb -> its unit chain without a failure (the unit is
// "depends on an earlier pending change"); plan then apply PLANFILE converges both hosts (the next --check
// has nothing pending); a hand edit on one host after planning → exit 5 naming it, both hosts untouched.

import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildDebs } from './debs.js';
import { labSuite, type LabHandle } from './fixture.js';
import { recapOf, resultsOf, runCli, writeTree } from './playbook-ssh-helpers.js';

const UNIT = '[Unit]\nDescription=runbook plan test\n[Service]\nExecStart=/bin/sleep infinity\n[Install]\nWantedBy=multi-user.target\n';
const debs = buildDebs([{ name: 'rb-planweb', version: '1.0', files: { '/lib/systemd/system/rb-planweb.service': UNIT } }]);

const SITE = `
- name: every host
  hosts: lab
  gather_facts: false
  tasks:
    - name: app directory
      file: { path: /srv/rb-plan, state: directory, mode: "0750" }
    - name: app config
      copy: { dest: /srv/rb-plan/app.conf, content: "name = app\\n", force: false }
    - name: listen
      lineinfile: { path: /srv/rb-plan/app.conf, search_string: "listen = ", line: "listen = {{ inventory_hostname }}:{{ port | default(8080) }}" }

- name: the systemd host
  hosts: systemd
  gather_facts: false
  tasks:
    - name: the package file
      copy: { src: rb-planweb_1.0_all.deb, dest: /srv/rb-planweb_1.0_all.deb }
    - name: the package
      package: { deb: /srv/rb-planweb_1.0_all.deb }
    - name: web started
      systemd: { name: rb-planweb, daemon_reload: true, state: started }
`;

const tree = writeTree({ 'site.yaml': SITE, 'files/rb-planweb_1.0_all.deb': readFileSync(join(debs.dir, 'rb-planweb_1.0_all.deb')) });
const { add, run } = labSuite('saved plans and check-mode predictions over ssh', { hosts: 2, systemd: 1 });
const TIMEOUT = { timeoutMs: 240_000 };

/** What runbook manages on a host: modes, owners and sha256 of everything under /srv/rb-plan. */
async function snapshot(lab: LabHandle, host: string): Promise<string> {
  const r = await lab.run(host, 'cd /srv/rb-plan && for f in $(ls -A | sort); do stat -c "%n %a %U" "$f"; sha256sum < "$f"; done');
  assert.is(r.code, 0, r.stderr);
  return r.stdout;
}

add('--check on fresh hosts: exit 3, failed=0; the unit of a package still to install depends on it', async (lab) => {
  const check = await runCli(['apply', tree.path('site.yaml'), '-i', lab.inventoryFile, '--check', '--json'], TIMEOUT);
  assert.is(check.code, 3, `${check.stdout.slice(-3000)}\n${check.stderr}`);
  for (const [h, s] of Object.entries(recapOf(check))) assert.is(s.failed, 0, h);
  assert.equal(resultsOf(check, 'listen').h1!.result.changes, ['/srv/rb-plan/app.conf: line added']);
  const web = resultsOf(check, 'web started').s1!;
  assert.is(web.status, 'skipped');
  assert.match(String(web.result.skip_reason), /^check mode: depends on an earlier pending change \(Could not find the requested service rb-planweb/);
});

add('plan then apply PLANFILE converges both hosts; the next --check has nothing pending', async (lab) => {
  const file = tree.path('site.plan');
  const planned = await runCli(['plan', tree.path('site.yaml'), '-i', lab.inventoryFile, '-o', file], TIMEOUT);
  assert.is(planned.code, 3, planned.stderr);
  const applied = await runCli(['apply', file, '--json'], TIMEOUT);
  assert.is(applied.code, 0, `${applied.stdout.slice(-3000)}\n${applied.stderr}`);
  assert.equal(resultsOf(applied, 'web started').s1!.result.changes, ['start rb-planweb']);
  assert.is((await lab.run('s1', 'systemctl is-active rb-planweb')).stdout.trim(), 'active');
  for (const h of ['h1', 's1']) assert.is(recapOf(applied)[h]!.failed, 0);
  const again = await runCli(['apply', tree.path('site.yaml'), '-i', lab.inventoryFile, '--check', '--json'], TIMEOUT);
  assert.is(again.code, 0, again.stderr);
});

add('a hand edit on h1 after planning: exit 5 naming h1, and neither host changed', async (lab) => {
  const file = tree.path('port.plan');
  const planned = await runCli(['plan', tree.path('site.yaml'), '-i', lab.inventoryFile, '-e', 'port=9090', '-o', file], TIMEOUT);
  assert.is(planned.code, 3, planned.stderr);
  const edited = await lab.run('h1', 'echo "# edited by hand" >> /srv/rb-plan/app.conf');
  assert.is(edited.code, 0);
  const before = { h1: await snapshot(lab, 'h1'), s1: await snapshot(lab, 's1') };
  const r = await runCli(['apply', file], TIMEOUT);
  assert.is(r.code, 5, `${r.stdout.slice(-2000)}\n${r.stderr}`);
  assert.match(r.stderr, /nothing was changed on any host/);
  assert.match(r.stderr, /h1: task "app config" \(site\.yaml:\d+:\d+\): the host moved since the plan/);
  assert.not.match(r.stderr, /s1:/);
  assert.equal({ h1: await snapshot(lab, 'h1'), s1: await snapshot(lab, 's1') }, before);
});

add('cleanup', async () => {
  tree.cleanup();
  debs.cleanup();
});

run();
