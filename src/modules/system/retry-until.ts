// Ansible's do_until_success_or_timeout: try an action until it succeeds or a deadline passes, sleeping
// 2^n seconds plus up to one second of jitter between attempts, never more than 12 s. Every attempt is
// itself bounded, so a host that swallows packets cannot stretch the loop past its deadline by much.

export interface RetryClock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  random(): number;
}

export const realClock: RetryClock = {
  now: () => Date.now(),
  random: () => Math.random(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const t = setTimeout(() => (signal?.removeEventListener('abort', onAbort), resolve()), ms);
      const onAbort = () => (clearTimeout(t), reject(signal!.reason));
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

export class RetryTimeout extends Error {}

export interface RetryOptions {
  /** Absolute time (ms since epoch, on `clock`) after which no new attempt starts. */
  deadline: number;
  /** Bound on one attempt, in ms. */
  attemptTimeout: number;
  /** For the timeout message: `last boot time check`. */
  what: string;
  timeoutSeconds: number;
  clock?: RetryClock;
  signal?: AbortSignal;
  maxSleepMs?: number;
}

/** Run `attempt` until it resolves; each failure waits the backoff. Resolves with its value. */
export async function retryUntil<T>(attempt: () => Promise<T>, o: RetryOptions): Promise<T> {
  const clock = o.clock ?? realClock;
  const maxSleep = o.maxSleepMs ?? 12_000;
  let failures = 0;
  let last: unknown;
  while (clock.now() < o.deadline) {
    o.signal?.throwIfAborted();
    try {
      return await bounded(attempt(), Math.min(o.attemptTimeout, Math.max(1, o.deadline - clock.now())), o.what);
    } catch (e) {
      if (o.signal?.aborted) throw e;
      last = e;
    }
    const jitter = clock.random() * 1000;
    const wait = Math.min(2 ** failures * 1000, maxSleep) + jitter;
    failures++;
    await clock.sleep(Math.max(0, Math.min(wait, o.deadline - clock.now())), o.signal);
  }
  const why = last instanceof Error ? ` (last error: ${last.message.split('\n').slice(-1)[0]})` : '';
  throw new RetryTimeout(`Timed out waiting for ${o.what} (timeout=${o.timeoutSeconds})${why}`);
}

function bounded<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let t: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    t = setTimeout(() => reject(new Error(`${what}: no answer within ${Math.round(ms / 100) / 10} s`)), ms);
  });
  // An attempt that loses the race may still settle later; its rejection must not go unhandled.
  p.catch(() => {});
  return Promise.race([p, timeout]).finally(() => clearTimeout(t));
}
