// `runbook events merge`: the NDJSON streams of the slices of one run (`apply --shard K/N --json`, one
// process each) read back into one recap and one exit code, decided as a single run decides it
// (execute/outcome.ts exitCodeOf). Only the events the verdict needs are read — run-start (check mode),
// recap, run-end — and any field this reader does not know (`time`, `run`, a result's `durationMs`) is
// ignored, so streams from newer or older runbooks merge alike. A stream that never reached its run-end
// (a killed job, a crashed pod) did not finish: the merge says which, and counts the run as interrupted.

import { readFileSync } from 'node:fs';
import type { HostStats } from '../events.js';
import { ExitCode } from '../errors.js';
import { exitCodeOf } from '../execute/outcome.js';

export interface MergedRun {
  stats: Record<string, HostStats>;
  commands: Record<string, number>;
  exitCode: number;
  interrupted: boolean;
  /** What a reader should know: unfinished streams, hosts in two slices, exit codes that disagree. */
  notes: string[];
}

interface Slice {
  file: string;
  check: boolean;
  recap?: { stats: Record<string, HostStats>; commands?: Record<string, number> };
  end?: { exitCode: number; interrupted: boolean };
}

function readSlice(file: string, text: string): Slice {
  const slice: Slice = { file, check: false };
  for (const line of text.split('\n')) {
    if (!line.startsWith('{')) continue; // anything else a job's log mixed in
    let e: { kind?: string; [k: string]: unknown };
    try {
      e = JSON.parse(line) as typeof e;
    } catch {
      continue;
    }
    if (e.kind === 'run-start') slice.check = e.check === true;
    // A run with several recaps (it should have one) is read to its last: the totals at the end.
    if (e.kind === 'recap') slice.recap = e as unknown as Slice['recap'];
    if (e.kind === 'run-end') slice.end = { exitCode: Number(e.exitCode), interrupted: e.interrupted === true };
  }
  return slice;
}

function add(a: HostStats | undefined, b: HostStats): HostStats {
  if (!a) return { ...b };
  const out = { ...a };
  for (const [k, v] of Object.entries(b) as [keyof HostStats, number][]) out[k] = (out[k] ?? 0) + v;
  return out;
}

export function mergeStreams(streams: { file: string; text: string }[]): MergedRun {
  const slices = streams.map((s) => readSlice(s.file, s.text));
  const stats: Record<string, HostStats> = {};
  const commands: Record<string, number> = {};
  const notes: string[] = [];
  let interrupted = false;
  let invalid = false;
  for (const s of slices) {
    if (!s.end) {
      notes.push(`${s.file}: the stream stops before its run-end: that slice did not finish`);
      interrupted = true;
    } else {
      interrupted ||= s.end.interrupted;
      // Exit 1 (invalid input) ends a run before any recap: the slice ran nothing.
      if (s.end.exitCode === ExitCode.invalid) {
        invalid = true;
        notes.push(`${s.file}: exit 1 (invalid input): that slice ran nothing`);
      }
    }
    for (const [host, st] of Object.entries(s.recap?.stats ?? {})) {
      if (stats[host]) notes.push(`${host} is in more than one slice (${s.file} too): its counts are added`);
      stats[host] = add(stats[host], st);
    }
    for (const [host, n] of Object.entries(s.recap?.commands ?? {})) commands[host] = (commands[host] ?? 0) + n;
  }
  const check = slices.some((s) => s.check);
  let exitCode = exitCodeOf({ interrupted, check, stats });
  if (invalid && exitCode !== ExitCode.interrupted) exitCode = ExitCode.invalid;
  return { stats, commands, exitCode, interrupted, notes };
}

export function mergeFiles(files: string[]): MergedRun {
  return mergeStreams(files.map((file) => ({ file, text: readFileSync(file, 'utf8') })));
}
