// The worker thread behind regex-budget.ts: runs one pure line/block edit per message, so a regular expression
// that backtracks for minutes blocks this thread only, and the main thread can terminate it at its deadline.

import { parentPort } from 'node:worker_threads';
import { editBlock } from './blockinfile-plan.js';
import { editLines } from './lineinfile-plan.js';
import type { EditJob } from './regex-budget.js';

function run(job: EditJob): unknown {
  return job.kind === 'lines' ? editLines(job.lines, job.params) : editBlock(job.text, job.params);
}

parentPort!.on('message', (job: EditJob) => {
  try {
    parentPort!.postMessage({ ok: true, value: run(job) });
  } catch (e) {
    // Errors do not survive structured cloning as their class: send what the main thread needs to rethrow.
    const err = e as Error;
    parentPort!.postMessage({ ok: false, name: err.name, message: err.message });
  }
});
