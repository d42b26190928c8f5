// `runbook lab up|status|down` through the CLI, and what the machine looks like afterwards: no namespace,
// mount, process, cgroup directory or state left. Also: leftovers of a killed lab, and queueing.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { parse } from 'yaml';
import { labDown, labUp, me } from '../../src/lab/lab.js';
import { procStart, alive } from '../../src/lab/sh.js';
import { joinQueue } from '../../src/lab/queue.js';
import { planLab, STATE_DIR } from '../../src/lab/spec.js';
import { readState, type LabState } from '../../src/lab/state.js';
import { LAB_WAIT_MS, REPO, labCapability, runbook } from './fixture.js';

const test = suite('runbook lab');
const { skip, fail } = labCapability();

const namespaces = () => execFileSync('ip', ['netns', 'list']).toString().split('\n').map((l) => l.split(' ')[0]!).filter((n) => n.startsWith('rb-'));
const labMounts = () => readFileSync('/proc/mounts', 'utf8').split('\n').filter((l) => l.includes(STATE_DIR) || l.includes('/run/netns/rb-'));
const rootVethExists = () => {
  try {
    execFileSync('ip', ['link', 'show', 'rb-ctl'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

/** Everything of `state` that still exists on the machine. */
function remains(state: LabState): string[] {
  const left = [...namespaces().map((n) => `netns ${n}`), ...labMounts().map((m) => `mount ${m}`)];
  if (rootVethExists()) left.push('link rb-ctl');
  for (const r of state.resources) {
    if (r.kind === 'process' && alive(r.pid, r.start)) left.push(`pid ${r.pid}`);
    if ((r.kind === 'cgroup' || r.kind === 'file') && existsSync(r.path)) left.push(`${r.kind} ${r.path}`);
  }
  if (existsSync(STATE_DIR)) left.push(STATE_DIR);
  return left;
}

/** Run the CLI as an orphan (double fork): not a descendant of this test process. */
async function orphanRunbook(args: string[]): Promise<{ code: number; output: string }> {
  const out = `/tmp/runbook-orphan-${process.pid}`;
  rmSync(`${out}.rc`, { force: true });
  const cli = [process.execPath, '--import', 'tsx', `${REPO}src/cli/main.ts`, ...args].map((a) => `'${a}'`).join(' ');
  execFileSync('sh', ['-c', `(cd '${REPO}' && ${cli} > ${out}.txt 2>&1; echo $? > ${out}.rc) &`]);
  for (let i = 0; i < 600 && !existsSync(`${out}.rc`); i++) await new Promise((r) => setTimeout(r, 100));
  const r = { code: Number(readFileSync(`${out}.rc`, 'utf8')), output: readFileSync(`${out}.txt`, 'utf8') };
  rmSync(`${out}.rc`, { force: true });
  rmSync(`${out}.txt`, { force: true });
  return r;
}

const add = (name: string, fn: () => Promise<void>) =>
  skip
    ? test.skip(name, () => {})
    : test(name, async () => {
        if (fail) throw fail;
        try {
          await fn();
        } finally {
          await labDown({ onlyHolder: me() });
        }
      });

add('lab up (3 hosts, 1 systemd), status, a second up refused, down leaves nothing behind', async () => {
  // Our place in the queue, held to the end: no queued test run may bring its lab up before we checked.
  const place = joinQueue(undefined, process.pid);
  try {
    await lifecycle();
  } finally {
    place.leave();
  }
});

async function lifecycle() {
  const inventory = `/tmp/runbook-lab-test-${process.pid}.yaml`;
  let t0 = Date.now();
  // --wait: other test runs on this machine may hold the lab; queue behind them.
  const up = await runbook(['lab', 'up', '--hosts', '3', '--systemd', '1', '--inventory', inventory, '--owner', String(process.pid), '--wait', String(LAB_WAIT_MS / 1000)], { timeoutMs: LAB_WAIT_MS + 60_000 });
  const upMs = Date.now() - t0;
  assert.is(up.code, 0, up.stderr);
  assert.match(up.stdout, `inventory: ${inventory}`);

  const state = readState()!;
  assert.equal(state.hosts.map((h) => [h.name, h.ip, h.init]), [
    ['h1', '10.200.0.11', 'sshd'],
    ['h2', '10.200.0.12', 'sshd'],
    ['s1', '10.200.0.13', 'systemd'],
  ]);
  const procs = state.resources.filter((r) => r.kind === 'process');
  assert.is(procs.length, 6, 'a launcher and a PID 1 per host');
  assert.ok(procs.every((p) => p.kind === 'process' && alive(p.pid, p.start)));
  const cgroups = state.resources.filter((r) => r.kind === 'cgroup');
  assert.ok(cgroups.length > 0 && cgroups.every((c) => c.kind === 'cgroup' && existsSync(c.path) && c.path.includes('lab-rb-s1')));
  assert.equal(namespaces().sort(), ['rb-h1', 'rb-h2', 'rb-lab', 'rb-s1']);

  const inv = parse(readFileSync(inventory, 'utf8'));
  const lab = inv.all.children.lab;
  assert.equal(lab.children.plain.hosts, { h1: { host: '10.200.0.11' }, h2: { host: '10.200.0.12' } });
  assert.equal(lab.children.systemd.hosts, { s1: { host: '10.200.0.13' } });
  assert.equal([lab.user, lab.private_key, lab.known_hosts], ['root', state.keyFile, state.knownHosts]);
  // The project's own inventory loader reads it as HostConnection settings.
  const host = await runbook(['inventory', '-i', inventory, '--host', 's1']);
  assert.is(host.code, 0, host.stderr);
  assert.match(host.stdout, `private_key: ${state.keyFile}`);
  assert.match(host.stdout, `known_hosts: ${state.knownHosts}`);
  assert.match(host.stdout, 'user: root');

  const status = await runbook(['lab', 'status']);
  assert.is(status.code, 0, status.stdout);
  assert.match(status.stdout, /s1\s+10\.200\.0\.13\s+systemd\s+running\s+answers/);

  const again = await runbook(['lab', 'up', '--hosts', '1']);
  assert.is(again.code, 1);
  assert.match(again.stderr, /already up/);

  // Held by a live process that is not an ancestor of `lab down`: refused without --force.
  const refused = await orphanRunbook(['lab', 'down']);
  assert.is(refused.code, 1, 'a lab held by another running process is not taken down without --force');
  assert.match(refused.output, /another process is using it.*--force/);
  t0 = Date.now();
  const down = await runbook(['lab', 'down']); // our child: allowed
  const downMs = Date.now() - t0;
  assert.is(down.code, 0, down.stderr);
  assert.equal(remains(state), []);
  assert.is((await runbook(['lab', 'status'])).code, 1, 'status of no lab');
  console.log(`\n    3-host lab via CLI: up ${upMs} ms, down ${downMs} ms (each includes ~0.4 s of node+tsx start-up)`);
}

add('lab up removes what a killed lab left behind (dead owner, unrecorded namespace and cgroup)', async () => {
  // Keep our place in the queue across both lab ups, so another test run cannot clean our "leftovers" first.
  const place = joinQueue();
  try {
    await leftovers();
  } finally {
    place.leave();
  }
});

async function leftovers() {
  const short = spawn('sleep', ['30']);
  const exited = new Promise((r) => short.once('exit', r));
  const owner = { pid: short.pid!, start: procStart(short.pid!)! };
  const old = await labUp({ spec: planLab(2, 1), holder: owner, waitMs: LAB_WAIT_MS });
  short.kill('SIGKILL'); // the owner of the lab dies, as a killed test run does
  await exited;
  // What a lab killed half-way through creating its next host would leave: not in the state file.
  execFileSync('ip', ['netns', 'add', 'rb-h9']);
  execFileSync('mkdir', ['-p', '/sys/fs/cgroup/pids/lab-rb-h9/child']);

  const said: string[] = [];
  await labUp({ spec: planLab(1, 0), holder: me(), waitMs: 60_000, log: (l) => said.push(l) });
  assert.ok(said.includes('cleaning up what an earlier lab left behind'), said.join('\n'));
  for (const r of old.resources) if (r.kind === 'process') assert.not.ok(alive(r.pid, r.start), `old pid ${r.pid}`);
  assert.equal(namespaces().sort(), ['rb-h1', 'rb-lab']);
  assert.not.ok(existsSync('/sys/fs/cgroup/pids/lab-rb-h9'));
  assert.not.ok(existsSync('/sys/fs/cgroup/pids/lab-rb-s1'));
  const down = await runbook(['lab', 'down']);
  assert.is(down.code, 0, down.stderr);
  assert.equal(remains(readState() ?? old), []);
}

add('a second lab up while a test lab is live waits (bounded) for it, then builds', async () => {
  const first = await labUp({ spec: planLab(1, 0), holder: me(), waitMs: LAB_WAIT_MS });
  let secondDone = false;
  const second = labUp({ spec: planLab(2, 0), holder: me(), waitMs: LAB_WAIT_MS }).then((s) => ((secondDone = true), s));
  await new Promise((r) => setTimeout(r, 1500));
  assert.not.ok(secondDone, 'still waiting while the first lab is up');
  assert.equal(readState()!.createdAt, first.createdAt);
  await labDown({ onlyHolder: me() });
  const s = await second;
  assert.is(s.hosts.length, 2);
  await assert.not.throws(() => s);
  const short = await labUp({ spec: planLab(1, 0), holder: me(), waitMs: 300 }).catch((e: Error) => e);
  assert.instance(short, Error);
  assert.match((short as Error).message, /already up.*waited/);
});

test.run();
