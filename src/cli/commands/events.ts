// `runbook events merge FILES…`: one recap and one exit code from the NDJSON streams of a run's slices
// (`apply --shard K/N --json > slice-K.ndjson`). The exit code is the one a single run over all the hosts
// would have given (see reporters/merge.ts).

import { ExitCode } from '../../engine/errors.js';
import { recapLine } from '../../engine/reporters/format.js';
import { mergeFiles } from '../../engine/reporters/merge.js';

export async function run(action: string, files: string[], opts: { json?: boolean }): Promise<number> {
  if (action !== 'merge') {
    process.stderr.write(`runbook: events ${action}: unknown action (merge is the one there is)\n`);
    return ExitCode.invalid;
  }
  let merged;
  try {
    merged = mergeFiles(files);
  } catch (e) {
    process.stderr.write(`runbook: events merge: ${(e as Error).message}\n  hint: give the NDJSON files that apply --json wrote, one per slice\n`);
    return ExitCode.invalid;
  }
  for (const note of merged.notes) process.stderr.write(`runbook: events merge: ${note}\n`);
  if (opts.json) {
    process.stdout.write(`${JSON.stringify({ kind: 'recap', stats: merged.stats, commands: merged.commands })}\n`);
    process.stdout.write(`${JSON.stringify({ kind: 'run-end', exitCode: merged.exitCode, interrupted: merged.interrupted, slices: files.length })}\n`);
  } else {
    const width = Math.max(0, ...Object.keys(merged.stats).map((h) => h.length));
    const lines = Object.entries(merged.stats).map(([h, s]) => recapLine(h, s, width));
    process.stdout.write(['PLAY RECAP', ...lines, `merged ${files.length} stream${files.length === 1 ? '' : 's'}: exit ${merged.exitCode}`, ''].join('\n'));
  }
  return merged.exitCode;
}
