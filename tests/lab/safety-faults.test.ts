// Fault injection (issue 10), part two, each stating what must hold afterwards: a full disk during a write
// (the task fails with "no space", the old file intact), a command that hangs (command_timeout fires,
// the host fails, the others finish, nothing is left running), two applies at once against one host (the
// second fails naming the first; --wait-lock waits), six hosts editing one file through delegate_to (no
// reported change is lost), and --ask-become-pass typed on a terminal for a sudo that needs it.

import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HostConnection } from '../../src/engine/inventory/types.js';
import { REPO, labSuite, type LabHandle } from './fixture.js';
import { hostRoot, noTempFiles, pause, startRunbook } from './safety-helpers.js';

const { add, run } = labSuite('fault injection: disk full, hangs, concurrent runs', { hosts: 3 });
const work = mkdtempSync(join(tmpdir(), 'runbook-faults-'));

/** An inventory of lab hosts under other names (`as` → lab host), with extra settings per host. */
function inventory(lab: LabHandle, hosts: Record<string, { as: string } & Partial<HostConnection> & { vars?: object }>): string {
  const file = join(work, `inv-${Object.keys(hosts).join('-')}.yaml`);
  const body = Object.fromEntries(Object.entries(hosts).map(([name, { as, ...over }]) => [name, { ...lab.settings(as), ...over }]));
  writeFileSync(file, JSON.stringify({ all: { hosts: body } }));
  return file;
}
const playbook = (name: string, text: string) => (writeFileSync(join(work, name), text), join(work, name));

add('disk full during a write: the task fails with "no space", the old file is intact, no temp file', async (lab) => {
  const r0 = await lab.run('h2', "mkdir -p /mnt/small && mount -t tmpfs -o size=1m tmpfs /mnt/small && printf 'old\\n' > /mnt/small/f");
  assert.is(r0.code, 0, r0.stderr);
  writeFileSync(join(work, 'three-mb'), Buffer.alloc(3 << 20, 1));
  const inv = inventory(lab, { h2: { as: 'h2' } });
  const pb = playbook('full.yaml', `- hosts: h2\n  gather_facts: false\n  tasks:\n    - name: big\n      copy: {src: ${join(work, 'three-mb')}, dest: /mnt/small/f}\n`);
  const r = await startRunbook(['apply', pb, '-i', inv]).done;
  assert.is(r.code, 2, r.stdout + r.stderr);
  assert.match(r.stdout, /no space left on device/i);
  const small = `${hostRoot(lab.init('h2'))}/mnt/small`;
  assert.is(readFileSync(`${small}/f`, 'utf8'), 'old\n');
  assert.ok(await noTempFiles(small, 5000));
});

add('a command that hangs: command_timeout fires, that host fails, the others finish, no process is left', async (lab) => {
  const inv = inventory(lab, {
    h1: { as: 'h1', command_timeout: 2, vars: { cmd: 'sleep 311' } },
    h2: { as: 'h2', vars: { cmd: 'true' } },
    h3: { as: 'h3', vars: { cmd: 'true' } },
  });
  const pb = playbook('hang.yaml', '- hosts: all\n  gather_facts: false\n  tasks:\n    - name: run\n      command: "{{ cmd }}"\n    - name: after\n      command: "true"\n');
  const r = await startRunbook(['apply', pb, '-i', inv, '--json']).done;
  assert.is(r.code, 2, r.stdout + r.stderr);
  assert.match(r.stdout, /"host":"h1","status":"failed","result":\{[^\n]*timed out after 2000 ms on h1/);
  for (const h of ['h2', 'h3']) assert.match(r.stdout, new RegExp(`"name":"after"[^\\n]*"host":"${h}","status":"changed"`));
  let left: number[] = [];
  for (let i = 0; i < 50 && (left = await lab.pids('h1', 'sleep')).length > 0; i++) await pause(100);
  assert.equal(left, [], 'the hung command was stopped on the host');
});

add('two applies at once against one host: the second fails at once naming the first; --wait-lock waits', async (lab) => {
  const inv = inventory(lab, { h3: { as: 'h3' } });
  // The first run holds the host until the test releases it (bounded): no timing decides the outcome.
  const pb = playbook('hold.yaml', "- hosts: h3\n  gather_facts: false\n  tasks:\n    - shell: 'for i in $(seq 600); do [ -e /tmp/release ] && exit 0; sleep 0.1; done; exit 1'\n");
  const root = hostRoot(lab.init('h3'));
  const lock = `${root}/run/runbook.lock`;
  const env = { RUNBOOK_LOCK_FILE: '' }; // the real place, /run/runbook.lock on the host
  const first = startRunbook(['apply', pb, '-i', inv], env);
  for (let i = 0; i < 200 && !existsSync(lock); i++) await pause(50);
  assert.match(readFileSync(lock, 'utf8'), new RegExp(`^run=[0-9a-f]{16} user=root controller=\\S+ pid=${first.child.pid} started=\\S+ \\n$`));
  const waiting = startRunbook(['apply', pb, '-i', inv, '--wait-lock', '60'], env);
  const second = await startRunbook(['apply', pb, '-i', inv, '--json'], env).done;
  assert.is(second.code, 2, second.stdout + second.stderr);
  assert.match(second.stdout, `h3 is locked by another run: user root on`);
  assert.match(second.stdout, `(pid ${first.child.pid})`);
  writeFileSync(`${root}/tmp/release`, '');
  assert.is((await first.done).code, 0);
  assert.is((await waiting.done).code, 0, 'the waiting run ran once the first was done');
  assert.not.ok(existsSync(lock), 'released');
});

add('six hosts editing one file through delegate_to: every reported change is in the file; a rerun completes it', async (lab) => {
  const names = ['w1', 'w2', 'w3', 'w4', 'w5', 'w6'];
  const inv = inventory(lab, { h1: { as: 'h1' }, ...Object.fromEntries(names.map((n, i) => [n, { as: `h${(i % 3) + 1}` }])) });
  const pb = playbook('shared.yaml', '- hosts: w*\n  gather_facts: false\n  tasks:\n    - name: my line\n      lineinfile: {path: /tmp/shared, line: "{{ inventory_hostname }}", create: true}\n      delegate_to: h1\n');
  const shared = `${hostRoot(lab.init('h1'))}/tmp/shared`;
  const r = await startRunbook(['apply', pb, '-i', inv, '--json']).done;
  const lines = readFileSync(shared, 'utf8').split('\n');
  for (const n of names) {
    const m = new RegExp(`"name":"my line"[^\\n]*"host":"${n}","status":"(\\w+)"[^\\n]*`).exec(r.stdout);
    assert.ok(m, `${n} reported`);
    if (m![1] === 'changed') assert.ok(lines.includes(n), `${n} reported a change that is not in the file`);
    else assert.match(m![0], 'changed since read', `${n}: ${m![1]}`);
  }
  assert.is((await startRunbook(['apply', pb, '-i', inv, '-f', '1']).done).code, 0);
  assert.equal(readFileSync(shared, 'utf8').split('\n').filter(Boolean).sort(), names);
  const again = await startRunbook(['apply', pb, '-i', inv, '--json']).done;
  assert.match(again.stdout, /"changed":0/);
  assert.not.match(again.stdout, /"changed":[1-9]/);
});

add('--ask-become-pass over SSH: typed once on a terminal, sudo gets it (alice needs her password)', async (lab) => {
  const inv = inventory(lab, { h2: { as: 'h2', user: 'alice', become: true } });
  const pb = playbook('become.yaml', '- hosts: h2\n  gather_facts: false\n  tasks:\n    - name: who\n      command: id -un\n');
  const args = ['--import', 'tsx', `${REPO}src/cli/main.ts`, 'apply', pb, '-i', inv, '-K', '--json'].map((a) => `'${a}'`).join(' ');
  const child = spawn('script', ['-qec', `${process.execPath} ${args}`, '/dev/null'], { cwd: REPO, env: { ...process.env, CI: 'true' } });
  let out = '';
  child.stdout.on('data', (b: Buffer) => {
    const before = out;
    out += b.toString('utf8');
    if (!before.includes('BECOME password:') && out.includes('BECOME password:')) child.stdin.write('alice-pw\r');
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
  const code = await new Promise((res) => child.on('exit', res));
  clearTimeout(timer);
  assert.is(code, 0, out.slice(-3000));
  assert.match(out, /"host":"h2","status":"changed","result":\{[^\n]*"stdout":"root"/);
  assert.not.match(out, 'alice-pw');
});

run();
