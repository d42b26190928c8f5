// Regular expressions from playbooks run with a time budget. JavaScript's engine backtracks, as Python's does,
// so a pattern like `^(a+)+$` can take minutes on one line — and on the main thread that would freeze every
// host and Ctrl-C. An edit that uses a regexp therefore runs in a worker thread (one per edit, not per line;
// idle workers are kept for the next edit, so only the first edit of a run pays the start-up), and a worker
// still busy at the deadline is terminated and the task fails with the pattern and a hint.
// The workers are a bounded pool: a worker thread is a whole V8 isolate (several MB), and one per host in
// flight made the controller's memory grow with the hosts (about 7 MB per host up to `forks`). Edits past
// the pool's size wait for a free worker; their budget starts only when a worker starts matching.
// Edits without a regexp (`line`, `search_string`, markers only) run here: they cannot backtrack.

import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { InterruptedError, ModuleFailure } from '../../engine/errors.js';
import { runJob, type EditJob, type EditResult } from './edit-job.js';

export type { EditJob } from './edit-job.js';

/** Milliseconds one edit may spend matching; RUNBOOK_REGEX_BUDGET_MS overrides it (a very large file, a slow host). */
export const DEFAULT_BUDGET_MS = 5000;

export function budgetMs(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number(env.RUNBOOK_REGEX_BUDGET_MS);
  return Number.isFinite(n) && n > 0 ? n : DEFAULT_BUDGET_MS;
}

/** The regular expressions a job would run (BOF/EOF are keywords, not patterns). */
export function patternsOf(job: EditJob): string[] {
  if (job.kind === 'replace') return [job.params.regexp, job.params.after, job.params.before].filter((x): x is string => !!x);
  const p = job.params;
  const out: (string | undefined)[] =
    job.kind === 'lines' ? [job.params.regexp, p.insertafter === 'EOF' || p.insertafter === 'BOF' ? undefined : p.insertafter] : [p.insertafter === 'EOF' ? undefined : p.insertafter];
  out.push(p.insertbefore === 'BOF' ? undefined : p.insertbefore);
  return out.filter((x): x is string => x !== undefined);
}

/** Workers alive at once: matching is CPU work, so more threads than cores would only share them. */
export const MAX_WORKERS = Math.max(2, availableParallelism());
const MAX_IDLE = 2;
const idle: Worker[] = [];
/** Edits waiting for a worker, first come first served. */
const waiting: ((w: Worker) => void)[] = [];
let live = 0;

/** Workers started and not yet terminated (for tests and benchmarks). */
export function liveWorkers(): number {
  return live;
}

/** How long a new worker may take to load (a loaded machine, tsx compiling from source): not the match budget. */
const STARTUP_MS = 120_000;
/** Settles when the worker has loaded and said so: the budget counts matching only, never start-up. */
const ready = new WeakMap<Worker, Promise<void>>();

function startWorker(): Worker {
  live++;
  let w: Worker;
  if (!import.meta.url.endsWith('.ts')) w = new Worker(new URL('./regex-worker.js', import.meta.url));
  else {
    // From source (tests run through tsx): a worker thread does not inherit tsx's loader, so register it first.
    const tsx = import.meta.resolve('tsx/esm/api');
    const file = new URL('./regex-worker.ts', import.meta.url).href;
    w = new Worker(`import(${JSON.stringify(tsx)}).then((t) => { t.register(); return import(${JSON.stringify(file)}); })`, { eval: true });
  }
  const loaded = new Promise<void>((resolve, reject) => {
    w.once('message', () => resolve());
    w.once('error', reject);
  });
  loaded.catch(() => {}); // observed by waitReady; never an unhandled rejection
  ready.set(w, loaded);
  return w;
}

async function waitReady(w: Worker, signal?: AbortSignal): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  try {
    await Promise.race([
      ready.get(w),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new ModuleFailure(`the regular expression worker did not start within ${STARTUP_MS / 1000} s`)), STARTUP_MS);
        onAbort = () => reject(new InterruptedError('interrupted while starting the regular expression worker'));
        if (signal?.aborted) onAbort();
        signal?.addEventListener('abort', onAbort, { once: true });
      }),
    ]);
  } catch (e) {
    discard(w);
    throw e;
  } finally {
    clearTimeout(timer);
    if (onAbort) signal?.removeEventListener('abort', onAbort);
  }
}

/** An idle worker, a new one while the pool has room, else the next one released. */
function acquire(signal?: AbortSignal): Promise<Worker> {
  const w = idle.pop() ?? (live < MAX_WORKERS ? startWorker() : undefined);
  if (w) return Promise.resolve(w);
  return new Promise<Worker>((resolve, reject) => {
    const onAbort = () => {
      waiting.splice(waiting.indexOf(take), 1);
      reject(new InterruptedError('interrupted while waiting for a regular expression worker'));
    };
    const take = (free: Worker) => {
      signal?.removeEventListener('abort', onAbort);
      resolve(free);
    };
    if (signal?.aborted) return onAbort();
    waiting.push(take);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** A worker that finished an edit: to the next waiting edit, else kept idle (or ended past MAX_IDLE). */
function release(w: Worker): void {
  const next = waiting.shift();
  if (next) return next(w);
  if (idle.length < MAX_IDLE) {
    w.unref(); // an idle worker must not keep the run alive
    idle.push(w);
  } else end(w);
}

/** A worker stopped mid-edit (deadline, interrupt, crash): ended, and its place given to a waiting edit. */
function discard(w: Worker): void {
  end(w);
  const next = waiting.shift();
  if (next) next(startWorker());
}

function end(w: Worker): void {
  live--;
  void w.terminate();
}

/**
 * Run a line or block edit within `budget` ms. `what` names the edited file for the message. Errors the edit
 * throws (an invalid pattern) are rethrown with their message; a timeout is a ModuleFailure naming the patterns.
 */
export async function runEdit<J extends EditJob>(job: J, what: string, signal?: AbortSignal, budget = budgetMs()): Promise<EditResult<J>> {
  const patterns = patternsOf(job);
  if (patterns.length === 0) return runJob(job) as EditResult<J>;
  const w = await acquire(signal);
  w.ref();
  await waitReady(w, signal);
  return new Promise<EditResult<J>>((resolve, reject) => {
    const done = (ok: boolean) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      // Only our own listeners: removeAllListeners() would also cut the worker's internal message relay.
      w.off('message', onMessage).off('error', onError);
      if (ok) release(w);
      else discard(w);
    };
    // The clock starts when the worker starts matching (its first message), not when it is asked: starting a
    // worker is not the pattern's time, and on a loaded machine it can take seconds.
    let timer: NodeJS.Timeout | undefined;
    const startClock = () => {
      timer = setTimeout(() => {
        done(false);
        reject(timeoutFailure(patterns, what, budget));
      }, budget);
    };
    const onAbort = () => {
      done(false);
      reject(new InterruptedError(`interrupted while matching ${patterns.map((p) => JSON.stringify(p)).join(', ')} in ${what}`));
    };
    function onMessage(m: { started: true } | { ok: true; value: EditResult<J> } | { ok: false; name: string; message: string }): void {
      if ('started' in m) return startClock();
      done(true);
      if (m.ok) resolve(m.value);
      else reject(Object.assign(new Error(m.message), { name: m.name }));
    }
    function onError(e: Error): void {
      done(false);
      reject(e);
    }
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    w.on('message', onMessage).on('error', onError);
    w.postMessage(job);
  });
}

function timeoutFailure(patterns: string[], what: string, budget: number): ModuleFailure {
  const list = patterns.map((p) => JSON.stringify(p)).join(', ');
  return new ModuleFailure(
    `regular expression ${list} took longer than ${budget / 1000} s on ${what}: stopped`,
    { patterns },
    {
      hint:
        'the pattern backtracks catastrophically: a repetition inside a repetition, like (a+)+ or (a|aa)*, can try exponentially many ways on a line that almost matches. ' +
        'Rewrite it without nested repetition (^a+$ instead of ^(a+)+$), anchor it, or use search_string for a literal text. RUNBOOK_REGEX_BUDGET_MS raises the limit.',
    },
  );
}
