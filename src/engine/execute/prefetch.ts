// Read-ahead: before a task runs on a host, the reads (facts) of the next few tasks are fetched together with
// its own, in one round trip. Which facts a task will read is found by planning it speculatively: a context
// whose `facts` serves what is cached and records the rest, and whose connection refuses to run anything.
// Correctness never rests on the guess: a change applied on the host drops every cached read, and a task whose
// arguments turn out different simply asks for its own reads. The window grows while tasks find nothing to
// do (a rerun costs a handful of round trips per host instead of one per task) and shrinks back to the task
// itself after a change (a first run pays nothing extra). After a change, the next task's first reads can
// travel with the change's write (afterChange, carried-reads.ts).

import type { CompiledTask } from '../compile/types.js';
import { evaluateCondition } from '../expressions/condition.js';
import type { Connection } from '../connection/types.js';
import type { Fact, ModuleContext } from '../module-api/module.js';
import { contextFor, readerKey } from './execute-module.js';
import type { HostState } from './host-state.js';
import type { PlayContext } from './play-context.js';
import { prepareTask } from './prepare-task.js';

// Reads are cheap on the host (fact-script.ts answers them with builtins), so the window starts wide and
// grows fast: the first read covers 64 tasks (a 50-task rerun costs one round trip per host), and after a
// change the window starts again from the task itself.
const FIRST_WINDOW = 64;
const GROWTH = 4;
const MAX_WINDOW = 64;

interface HostWindow {
  generation: number;
  covered: Set<string>;
  size: number;
}

/** Reads to fetch, by way of reading (readerKey): a context whose `facts` reaches that cache, and the reads. */
type Wanted = Map<string, { cacheOf: ModuleContext; facts: Map<string, Fact<unknown>> }>;

/** Thrown inside a speculative plan to stop it at its first uncached read (or any attempt to run a command). */
const STOP = Symbol('speculation stop');

export class Prefetcher {
  private readonly windows = new Map<string, HostWindow>();

  constructor(private readonly pc: PlayContext) {}

  /** Make sure `task`'s reads on `host` are cached, fetching those of up to `size` following tasks with them. */
  async before(task: CompiledTask, following: readonly CompiledTask[], host: HostState): Promise<void> {
    const w = this.windows.get(host.name);
    const unchanged = w !== undefined && w.generation === host.factGeneration;
    if (unchanged && w.covered.has(task.id)) return;
    // The last window's tasks changed nothing: read further ahead. Something changed: just this task.
    const size = !w ? FIRST_WINDOW : unchanged ? Math.min(w.size * GROWTH, MAX_WINDOW) : 1;
    const tasks = [task, ...following].slice(0, size);
    const generation = host.factGeneration;
    const wanted: Wanted = new Map();
    for (const t of tasks) await this.collect(t, host, wanted);
    await Promise.all([...wanted.values()].map(({ cacheOf, facts }) => (facts.size ? cacheOf.facts(...facts.values()) : undefined)));
    this.windows.set(host.name, { generation, covered: new Set(tasks.map((t) => t.id)), size });
  }

  /**
   * The reads `task` would make first on `host` once the running task's change has dropped every cached read,
   * by reader (readerKey): what that change's write can carry (carried-reads.ts).
   */
  async afterChange(task: CompiledTask, host: HostState, key: string): Promise<Fact<unknown>[]> {
    const wanted: Wanted = new Map();
    await this.collect(task, host, wanted, true);
    return [...(wanted.get(key)?.facts.values() ?? [])];
  }

  /** Plan `task` speculatively on `host`, recording the reads it would make that are not cached yet (or all of its first ones: `fresh`). */
  private async collect(task: CompiledTask, host: HostState, wanted: Wanted, fresh = false): Promise<void> {
    if (task.loop !== undefined || task.delegate_to !== undefined || task.run_once) return;
    try {
      const vars = this.pc.vars(host, task.scope);
      for (const c of task.when) if (!evaluateCondition(c.expr, vars, c.loc)) return;
      const prepared = prepareTask(this.pc, task, host, vars);
      if (prepared.mod.controllerOnly || prepared.mod.prefetch === false) return;
      const real = await contextFor(this.pc, task, host, vars, prepared);
      const key = readerKey(prepared);
      let group = wanted.get(key);
      if (!group) wanted.set(key, (group = { cacheOf: real, facts: new Map() }));
      const facts = group.facts;
      const cache = host.factCache(key, () => real.conn);
      const speculative: ModuleContext = {
        ...real,
        conn: refuseEverything(),
        reconnect: () => Promise.reject(STOP),
        facts: ((...asked: Fact<unknown>[]) => {
          const missing = fresh ? asked : asked.filter((f) => !cache.has(f.key));
          if (missing.length === 0) return cache.fetch(...asked);
          for (const f of missing) facts.set(f.key, f);
          return Promise.reject(STOP);
        }) as ModuleContext['facts'],
      };
      await prepared.mod.plan(speculative, prepared.args);
    } catch {
      // Anything the guess cannot know yet (a variable registered later, an uncached read) ends it here.
    }
  }
}

function refuseEverything(): Connection {
  return new Proxy({} as Connection, {
    get: () => () => Promise.reject(STOP),
  });
}
