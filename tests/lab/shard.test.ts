// --shard over SSH: 4 slices of 40 lab hosts run as 4 concurrent processes (as 4 CI jobs or 4 pods of an
// Indexed Job would), their --json streams merged by `runbook events merge`, compared with the run over all
// hosts from the same starting state: the same recap, host by host, and the same exit code — on a first run
// (changes, one host failing) and on the rerun (nothing to change).

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as assert from 'uvu/assert';
import { labSuite, runbook, type LabHandle } from './fixture.js';

const HOSTS = 40;
const { add, run } = labSuite('sliced runs (--shard, events merge)', { hosts: HOSTS });

const PLAYBOOK = `- hosts: lab
  gather_facts: false
  tasks:
    - file: { path: /srv/rbshard, state: directory, mode: "0755" }
    - lineinfile: { path: /srv/rbshard/host.conf, line: "name = {{ inventory_hostname }}", create: true }
    - command: { cmd: touch /srv/rbshard/stamp, creates: /srv/rbshard/stamp }
    - fail: { msg: "h3 fails on purpose" }
      when: inventory_hostname == 'h3'
`;

const recapOf = (out: string) => {
  const line = out.split('\n').find((l) => l.includes('"kind":"recap"'));
  assert.ok(line, `a recap event in:\n${out.slice(-2000)}`);
  return (JSON.parse(line) as { stats: Record<string, unknown> }).stats;
};

async function reset(lab: LabHandle) {
  await Promise.all(lab.hosts.map((h) => lab.run(h.name, 'rm -rf /srv/rbshard')));
}

add('4 slices as 4 processes merge into the unsliced run, first run and rerun', async (lab) => {
  const dir = mkdtempSync(join(tmpdir(), 'runbook-shard-lab-'));
  try {
    const pb = join(dir, 'pb.yaml');
    writeFileSync(pb, PLAYBOOK);
    const apply = (extra: string[]) => runbook(['apply', pb, '-i', lab.inventoryFile, '--json', ...extra], { timeoutMs: 600_000 });
    const sliced = async (phase: string) => {
      const runs = await Promise.all([1, 2, 3, 4].map((k) => apply(['--shard', `${k}/4`])));
      const files = runs.map((r, i) => {
        const f = join(dir, `${phase}-${i + 1}.ndjson`);
        writeFileSync(f, r.stdout);
        return f;
      });
      const sizes = runs.map((r) => Object.keys(recapOf(r.stdout)).length);
      assert.is(sizes.reduce((a, b) => a + b, 0), HOSTS, `every host in exactly one slice (${sizes.join('+')})`);
      return runbook(['events', 'merge', ...files, '--json']);
    };
    for (const phase of ['first', 'rerun']) {
      if (phase === 'first') await reset(lab);
      const merged = await sliced(phase);
      if (phase === 'first') await reset(lab);
      const whole = await apply([]);
      assert.is(whole.code, 2, `${phase}: h3 fails`);
      assert.is(merged.code, whole.code, `${phase}: merged exit code`);
      assert.equal(recapOf(merged.stdout), recapOf(whole.stdout), `${phase}: merged recap`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

run();
