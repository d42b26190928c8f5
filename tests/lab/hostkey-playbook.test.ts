// At playbook level, a host whose SSH key changed since it was recorded is refused: unreachable (exit 4),
// and nothing runs on it — its marker file is never created — while the other hosts run the play. The key
// really changes: s1 (systemd) gets new host keys and its sshd restarts.
import { readFileSync, writeFileSync } from 'node:fs';
import * as assert from 'uvu/assert';
import { labSuite } from './fixture.js';
import { recapOf, resultsOf, runCli, writeTree } from './playbook-ssh-helpers.js';

const { add, run } = labSuite('playbook: changed host key', { hosts: 2, systemd: 1 });

const PLAYBOOK = `
- name: mark every host
  hosts: lab
  gather_facts: false
  tasks:
    - name: marker
      file: { path: /root/rb-marker, state: touch }
`;

add('a host with a changed key is refused and nothing runs on it; the others run', async (lab) => {
  const tree = writeTree({ 'pb.yaml': PLAYBOOK });
  try {
    // Record every host's current key (accept-new), in a known_hosts of this test's own.
    const knownHosts = tree.path('known_hosts');
    writeFileSync(knownHosts, '');
    const inventory = tree.path('inventory.yaml');
    writeFileSync(inventory, readFileSync(lab.inventoryFile, 'utf8').replace(/known_hosts: .*/, `known_hosts: ${knownHosts}`));
    const first = await runCli(['apply', tree.path('pb.yaml'), '-i', inventory, '--json'], { timeoutMs: 120_000 });
    assert.is(first.code, 0, first.stderr);
    await lab.run('s1', 'rm -f /root/rb-marker');

    const regen = await lab.run('s1', 'rm -f /etc/ssh/ssh_host_*key* && ssh-keygen -A >/dev/null && systemctl restart ssh');
    assert.is(regen.code, 0, regen.stderr);

    const r = await runCli(['apply', tree.path('pb.yaml'), '-i', inventory, '--json'], { timeoutMs: 120_000 });
    assert.is(r.code, 4, `${r.stdout.slice(-2000)}\n${r.stderr}`);
    const recap = recapOf(r);
    assert.is(recap.s1!.unreachable, 1);
    const s1 = resultsOf(r, 'marker').s1!;
    assert.is(s1.status, 'unreachable');
    assert.match(String(s1.result.msg), /host key|changed/i);
    assert.is((await lab.run('s1', 'test -e /root/rb-marker && echo yes || echo no')).stdout.trim(), 'no', 'nothing ran on s1');
    assert.is(recap.h1!.unreachable, 0);
    assert.is((await lab.run('h1', 'test -e /root/rb-marker && echo yes')).stdout.trim(), 'yes');
  } finally {
    tree.cleanup();
  }
});

run();
