// Playbook level, over SSH, through the real CLI: `runbook lab up` (3 hosts, one with systemd), a playbook
// using file_template, lineinfile, copy + package (a .deb built here, nothing downloaded), systemd (a unit
// the playbook writes, daemon_reload, enabled + started) and handlers; the second run changes nothing on
// any host; become with a NOPASSWD user and with a password; `runbook lab down` leaves nothing behind.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { alive, procStart } from '../../src/lab/sh.js';
import { readState } from '../../src/lab/state.js';
import { labSkipReason, LAB_WAIT_MS, runbook } from './fixture.js';
import { buildDebs } from './debs.js';
import { labLeftovers, recapOf, resultsOf, runCli, writeTree } from './playbook-ssh-helpers.js';

const test = suite('playbook over ssh (runbook lab up / apply / lab down)');
const skip = labSkipReason();
const debs = buildDebs([{ name: 'rb-hello', version: '1.0' }]);

const SITE = `
- name: every lab host
  hosts: lab
  gather_facts: true
  tasks:
    - name: motd from a template
      file_template: { src: motd.hbs, dest: /etc/motd, mode: '0644' }
      notify: motd changed
    - name: listen address
      lineinfile: { path: /etc/rb-app.conf, line: "listen = {{ inventory_hostname }}", create: true }
    - name: the package file
      copy: { src: rb-hello_1.0_all.deb, dest: /srv/rb-hello_1.0_all.deb }
    - name: the package
      package: { deb: /srv/rb-hello_1.0_all.deb }
  handlers:
    - name: motd changed
      command: touch /root/rb-handled

- name: the systemd hosts
  hosts: systemd
  tasks:
    - name: unit file
      copy:
        dest: /etc/systemd/system/rb-web.service
        content: |
          [Unit]
          Description=runbook lab web
          [Service]
          ExecStart=/bin/sleep infinity
          [Install]
          WantedBy=multi-user.target
      notify: restart web
    - name: web enabled and started
      systemd: { name: rb-web, daemon_reload: true, enabled: true, state: started }
  handlers:
    - name: restart web
      systemd: { name: rb-web, state: restarted }
`;

const BECOME = `
- name: become over ssh
  hosts: lab
  become: true
  tasks:
    - name: who
      command: id -un
      register: who
      changed_when: false
    - name: root it is
      assert: { that: ["who.stdout == 'root'"] }
    - name: a root-only file
      copy: { content: "{{ inventory_hostname }}\\n", dest: /root/rb-become, mode: '0600' }
    - name: become_user is a template, rendered per item
      command: id -un
      become_user: "{{ item }}"
      loop: [deploy, alice]
      register: as_user
      changed_when: false
    - name: each item ran as its user
      assert: { that: ["as_user.results | map(attribute='stdout') | list == ['deploy', 'alice']"] }
`;

const tree = writeTree({
  'site.yaml': SITE,
  'templates/motd.hbs': 'Welcome to {{inventory_hostname}} ({{ansible_distribution}} {{ansible_distribution_major_version}})\n',
  'files/rb-hello_1.0_all.deb': readFileSync(join(debs.dir, 'rb-hello_1.0_all.deb')),
  'become.yaml': BECOME,
});
const inventory = tree.path('lab-inventory.yaml');
let up = false;

function becomeInventory(user: string, extra: string): string {
  const lab = readFileSync(inventory, 'utf8').replace(/^(\s+)user: root$/m, `$1user: ${user}${extra ? `\n$1${extra}` : ''}`);
  const file = tree.path(`inventory-${user}.yaml`);
  writeFileSync(file, lab);
  return file;
}

if (skip) {
  test.skip('playbook over ssh', () => {});
} else {
  // uvu swallows a before hook's exception: keep it and fail every test with it instead.
  let failure: Error | undefined;
  test.before(async () => {
    const r = await runbook(['lab', 'up', '--hosts', '3', '--systemd', '1', '--inventory', inventory, '--owner', String(process.pid), '--wait', String(LAB_WAIT_MS / 1000)], {
      timeoutMs: LAB_WAIT_MS + 120_000,
    });
    if (r.code !== 0) failure = new Error(`runbook lab up failed (exit ${r.code}): ${r.stderr}${r.stdout}`);
    else up = true;
  });
  test.before.each(() => {
    if (failure) throw failure;
  });

  test.after(async () => {
    tree.cleanup();
    debs.cleanup();
    // Only ever take down our own lab (another run's lab may be up when ours failed to come up).
    if (up && readState()?.holder?.pid === process.pid) await runbook(['lab', 'down'], { timeoutMs: 120_000 });
  });

  test('first run changes every host and runs the handlers; the second run changes nothing anywhere', async () => {
    const first = await runCli(['apply', tree.path('site.yaml'), '-i', inventory, '--json'], { timeoutMs: 180_000 });
    assert.is(first.code, 0, `${first.stdout.slice(-3000)}\n${first.stderr}`);
    const r1 = recapOf(first);
    assert.equal(Object.keys(r1).sort(), ['h1', 'h2', 's1']);
    for (const h of ['h1', 'h2', 's1']) assert.ok(r1[h]!.changed >= 5, `${h} changed ${r1[h]!.changed}`);
    assert.equal(Object.keys(resultsOf(first, 'motd changed')).sort(), ['h1', 'h2', 's1']);
    assert.equal(Object.keys(resultsOf(first, 'restart web')), ['s1']);
    assert.equal(resultsOf(first, 'web enabled and started').s1!.result.changes, ['enable rb-web', 'start rb-web']);

    const second = await runCli(['apply', tree.path('site.yaml'), '-i', inventory, '--json'], { timeoutMs: 180_000 });
    assert.is(second.code, 0, second.stderr);
    for (const [h, s] of Object.entries(recapOf(second))) {
      assert.is(s.changed, 0, `${h}: ${JSON.stringify(s)}`);
      assert.is(s.failed + s.unreachable, 0);
    }
    assert.equal(resultsOf(second, 'motd changed'), {});
  });

  test('become over ssh: a NOPASSWD sudo user, a password user (become_password), a wrong password fails the task', async () => {
    const deploy = await runCli(['apply', tree.path('become.yaml'), '-i', becomeInventory('deploy', ''), '--json'], { timeoutMs: 120_000 });
    assert.is(deploy.code, 0, `${deploy.stdout.slice(-2000)}\n${deploy.stderr}`);
    for (const s of Object.values(recapOf(deploy))) assert.is(s.failed, 0);
    const alice = await runCli(['apply', tree.path('become.yaml'), '-i', becomeInventory('alice', 'become_password: alice-pw'), '--json'], { timeoutMs: 120_000 });
    assert.is(alice.code, 0, `${alice.stdout.slice(-2000)}\n${alice.stderr}`);
    // The file was made by the first (deploy) run: the alice run finds it as asked.
    for (const [h, s] of Object.entries(recapOf(alice))) assert.is(s.changed, 0, h);
    const wrong = await runCli(['apply', tree.path('become.yaml'), '-i', becomeInventory('alice', 'become_password: nope'), '--json'], { timeoutMs: 120_000 });
    assert.is(wrong.code, 2);
    const who = resultsOf(wrong, 'who');
    for (const h of ['h1', 'h2', 's1']) assert.match(String(who[h]?.result.msg), /password|sudo/i, h);
  });

  test('runbook lab down leaves no namespace, mount or process', async () => {
    const state = readState();
    assert.is(state?.holder?.pid, process.pid);
    const ns = execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' }).split('\n').map((l) => l.split(' ')[0]!).filter((n) => n.startsWith('rb-'));
    const labPids = ns
      .flatMap((n) => execFileSync('ip', ['netns', 'pids', n], { encoding: 'utf8' }).split(/\s+/).filter(Boolean).map(Number))
      .map((pid) => ({ pid, start: procStart(pid) }));
    assert.ok(labPids.length >= 3, `lab processes: ${labPids}`);
    const down = await runbook(['lab', 'down'], { timeoutMs: 120_000 });
    assert.is(down.code, 0, down.stderr);
    up = false;
    const after = execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' }).split('\n').map((l) => l.split(' ')[0]!);
    assert.equal(labLeftovers(after), []);
    assert.equal(labPids.filter((p) => alive(p.pid, p.start)), [], 'every lab process is gone');
  });
}

test.run();
