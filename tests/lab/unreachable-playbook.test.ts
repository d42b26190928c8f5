// A host lost in the middle of a playbook run: killing h2's sshd while every host runs a slow task marks h2
// unreachable, the other hosts finish the play, and the run exits 4. Deterministic: the kill happens when
// the `ready` task has reported on all three hosts (read from --json events), i.e. during `slow`.
import * as assert from 'uvu/assert';
import { labSuite } from './fixture.js';
import { recapOf, resultsOf, runCli, writeTree } from './playbook-ssh-helpers.js';

const { add, run } = labSuite('playbook: a host becomes unreachable mid-run', { hosts: 3, systemd: 1 });

const PLAYBOOK = `
- name: three tasks
  hosts: lab
  gather_facts: false
  tasks:
    - name: ready
      command: "true"
    - name: slow
      command: sleep 3
    - name: after
      file: { path: /tmp/rb-after, state: touch }
`;

add('sshd killed during a task: that host is unreachable, the others finish, exit code 4', async (lab) => {
  const tree = writeTree({ 'pb.yaml': PLAYBOOK });
  try {
    const ready = new Set<string>();
    let killed: Promise<number[]> | undefined;
    const t0 = Date.now();
    const r = await runCli(['apply', tree.path('pb.yaml'), '-i', lab.inventoryFile, '--json'], {
      timeoutMs: 120_000,
      onEvent: (e) => {
        if (e.kind === 'host-result' && e.task.name === 'ready') ready.add(e.host);
        if (ready.size === 3 && !killed) killed = lab.killSshd('h2');
      },
    });
    assert.ok(killed, 'the kill happened');
    assert.ok((await killed!).length >= 1, 'h2 had sshd processes');
    assert.is(r.code, 4, `${r.stdout.slice(-2000)}\n${r.stderr}`);
    const recap = recapOf(r);
    assert.is(recap.h2!.unreachable, 1);
    assert.is(resultsOf(r, 'slow').h2!.status, 'unreachable');
    assert.equal(resultsOf(r, 'after').h2, undefined, 'nothing more runs on h2');
    for (const h of ['h1', 's1']) {
      assert.is(recap[h]!.unreachable + recap[h]!.failed, 0, h);
      assert.is(resultsOf(r, 'after')[h]!.status, 'changed', h);
      assert.is((await lab.run(h, 'test -e /tmp/rb-after && echo yes')).stdout.trim(), 'yes', h);
    }
    assert.ok(Date.now() - t0 < 60_000, 'bounded: no long hang on the lost host');
  } finally {
    tree.cleanup();
  }
});

run();
