// The seed lab for a test file: brought up once (queueing behind another lab, bounded), torn down in
// `after`, leftovers checked. Helpers run runbook inside the workstation (--json events parsed), commands
// inside the Docker VM, and the seed's two end-to-end checks from outside runbook.

import { execFile } from 'node:child_process';
import { suite } from 'uvu';
import type { RunEvent } from '../../src/engine/events.js';
import { labDown, me } from '../../src/lab/lab.js';
import { applySeed, inWorkstation, type Ran } from '../../src/lab/seed/run.js';
import { seedUp, type SeedLab } from '../../src/lab/seed/up.js';
import { readState } from '../../src/lab/state.js';
import { LAB_WAIT_MS, labSkipReason } from './fixture.js';

export interface Applied extends Ran {
  events: RunEvent[];
}

export interface SeedHandle {
  lab: SeedLab;
  /** runbook apply <playbook> -i <lab inventory> --json …extra, in the workstation. */
  apply(extra?: string[], playbook?: string): Promise<Applied>;
  /** A shell script inside the Docker VM (its namespaces, via nsenter: not SSH, not runbook). */
  vm(script: string): Promise<{ code: number; stdout: string; stderr: string }>;
  /** A command in the workstation namespace. */
  ws(args: string[]): Promise<Ran>;
}

export function parseEvents(stdout: string): RunEvent[] {
  return stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as RunEvent);
}

function vmPid(): number {
  const vm = readState()?.hosts.find((h) => h.groups?.includes('docker_vms'));
  if (!vm?.pid1) throw new Error('the Docker VM is not running (did vagrant up run?)');
  return vm.pid1;
}

const handle = (lab: SeedLab): SeedHandle => ({
  lab,
  async apply(extra = [], playbook) {
    const r = await applySeed('src', ['--json', ...extra], playbook);
    // Timings for the record (CI logs): how long each run took.
    console.log(`    apply ${playbook ?? 'site.yaml'} ${extra.join(' ')}: exit ${r.code} in ${(r.ms / 1000).toFixed(1)} s`);
    return { ...r, events: parseEvents(r.stdout) };
  },
  vm: (script) =>
    new Promise((resolve) => {
      execFile('nsenter', ['-t', String(vmPid()), '-m', '-u', '-n', '-p', '--', 'sh', '-c', script], { timeout: 60_000, killSignal: 'SIGKILL' }, (err, stdout, stderr) => {
        const code = typeof (err as { code?: unknown } | null)?.code === 'number' ? (err as { code: number }).code : err ? 1 : 0;
        resolve({ code, stdout, stderr });
      });
    }),
  ws: (args) => inWorkstation(args, { timeoutMs: 30_000 }),
});

/** A uvu suite sharing one seed lab; a lab that fails to come up fails every test with its error. */
export function seedSuite(name: string) {
  const s = suite(name);
  const skip = labSkipReason();
  const holder = me();
  let h: SeedHandle | undefined;
  let failure: unknown;
  if (!skip) {
    s.before(async () => {
      try {
        const t0 = Date.now();
        h = handle(await seedUp({ holder, waitMs: LAB_WAIT_MS }));
        console.log(`    seed lab up (queue wait included): ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      } catch (e) {
        failure = e;
      }
    });
    s.after(async () => {
      const r = await labDown({ onlyHolder: holder });
      if (r.leftovers.length) throw new Error(`seed lab down left: ${r.leftovers.join(', ')}`);
    });
  }
  const add = (title: string, fn: (h: SeedHandle) => Promise<void>) => {
    if (skip) return s.skip(title, () => {});
    s(title, async () => {
      if (failure) throw failure;
      await fn(h!);
    });
  };
  const run = () => {
    if (skip) console.log(`${name}: seed lab tests skipped (${skip})`);
    s.run();
  };
  return { add, run };
}

// ---- reading a run's events ---------------------------------------------------------------------------

type HostResult = Extract<RunEvent, { kind: 'host-result' }>;

export const results = (events: RunEvent[]) => events.filter((e): e is HostResult => e.kind === 'host-result');

/** Names of the tasks (not handlers) that reported changed, as `role : name`, sorted. */
export function changedTasks(events: RunEvent[], handlers = false): string[] {
  return results(events)
    .filter((e) => e.status === 'changed' && e.task.handler === handlers)
    .map((e) => (e.task.role ? `${e.task.role} : ${e.task.name}` : e.task.name))
    .sort();
}

export function recap(events: RunEvent[]) {
  const r = events.find((e) => e.kind === 'recap');
  if (!r || r.kind !== 'recap') throw new Error('no recap in the run');
  return r.stats;
}

/** The seed's final effect, checked from outside runbook: HTTP to the static container, names inside one. */
export async function endToEnd(h: SeedHandle, records: { ip: string; name: string }[]): Promise<string[]> {
  const problems: string[] = [];
  const page = await h.ws(['curl', '-fsS', '--noproxy', '*', '--max-time', '5', 'http://192.168.33.6/']);
  if (page.code !== 0 || page.stdout.trim() !== 'c6') problems.push(`HTTP from the workstation to 192.168.33.6: rc ${page.code} ${page.stdout}${page.stderr}`);
  for (const r of records) {
    const out = await h.vm(`docker exec c5 nslookup ${r.name}`);
    if (!new RegExp(`Name:\\s+${r.name}\\nAddress: ${r.ip.replace(/\./g, '\\.')}\\n`).test(out.stdout)) problems.push(`nslookup ${r.name} in c5: ${out.stdout}${out.stderr}`);
  }
  return problems;
}
