// One edit of a text file as data (a job), and the pure function running it: shared by regex-budget.ts and
// the worker thread, which imports only this and the planners (a lighter start-up inside the time budget).

import { editBlock, type BlockEditParams, type BlockEditResult } from './blockinfile-plan.js';
import { editLines, type LineEditParams, type LineEditResult } from './lineinfile-plan.js';
import { editReplace, type ReplaceParams, type ReplaceResult } from './replace-plan.js';

export type EditJob =
  | { kind: 'lines'; lines: string[]; params: LineEditParams }
  | { kind: 'block'; text: string | null; params: BlockEditParams }
  | { kind: 'replace'; text: string; params: ReplaceParams };
export type EditResult<J extends EditJob> = J extends { kind: 'lines' } ? LineEditResult : J extends { kind: 'replace' } ? ReplaceResult : BlockEditResult;

/** The edit itself, pure: run in-process when it has no pattern, else in the worker. */
export function runJob(job: EditJob): LineEditResult | BlockEditResult | ReplaceResult {
  if (job.kind === 'lines') return editLines(job.lines, job.params);
  if (job.kind === 'replace') return editReplace(job.text, job.params);
  return editBlock(job.text, job.params);
}
