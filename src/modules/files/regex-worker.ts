// The worker thread behind regex-budget.ts: runs one pure line/block edit per message, so a regular expression
// that backtracks for minutes blocks this thread only, and the main thread can terminate it at its deadline.

import { parentPort } from 'node:worker_threads';
import { runJob, type EditJob } from './edit-job.js';

parentPort!.on('message', (job: EditJob) => {
  // The budget counts matching only: a worker that is still loading (tsx from source, a loaded machine) must
  // not use it up before the first line is matched.
  parentPort!.postMessage({ started: true });
  try {
    parentPort!.postMessage({ ok: true, value: runJob(job) });
  } catch (e) {
    // Errors do not survive structured cloning as their class: send what the main thread needs to rethrow.
    const err = e as Error;
    parentPort!.postMessage({ ok: false, name: err.name, message: err.message });
  }
});

// Loaded: the main thread starts the edit's time budget only now.
parentPort!.postMessage({ ready: true });
