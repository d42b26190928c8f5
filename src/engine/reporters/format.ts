// Text shared by every human-readable reporter: task titles, one-line result details, unified diffs, the
// recap. Pure functions over events; no I/O.

import { createTwoFilesPatch } from 'diff';
import type { HostStats, HostStatus, TaskRef, TaskResult } from '../events.js';
import type { Diff } from '../module-api/module.js';

export function taskTitle(task: TaskRef): string {
  const name = task.role ? `${task.role} : ${task.name}` : task.name;
  const kind = task.handler ? 'HANDLER' : 'TASK';
  return `${kind} ${name}`;
}

/** The one line that says what happened on a host: the changes, the reason, or the error. */
export function detail(status: HostStatus, result: TaskResult): string {
  if (result.censored) return '(output hidden by no_log)';
  if (status === 'failed' || status === 'unreachable') return firstLines(String(result.msg ?? 'failed'), 6);
  if (status === 'skipped') return String(result.skip_reason ?? result.msg ?? '');
  if (result.results) return loopSummary(result.results);
  const changes = result.changes;
  if (status === 'changed' && changes?.length) return changes.join('; ');
  if (typeof result.msg === 'string' && result.msg !== '') return result.msg;
  // A command's useful part is what it printed (Ansible hides it unless asked; one line helps more).
  if (typeof result.stdout === 'string') return oneLine(result.stdout);
  if (result.msg !== undefined) return JSON.stringify(result.msg);
  const rest = Object.keys(result).filter((k) => !['changed', 'failed', 'skipped', 'diff', 'changes'].includes(k));
  return rest.length ? JSON.stringify(Object.fromEntries(rest.map((k) => [k, result[k]]))) : '';
}

function loopSummary(results: TaskResult[]): string {
  const changed = results.filter((r) => r.changed).length;
  const failed = results.filter((r) => r.failed).length;
  return `${results.length} item(s): ${changed} changed${failed ? `, ${failed} failed` : ''}`;
}

function oneLine(text: string): string {
  const lines = text.trim().split('\n');
  const first = lines[0]!.length > 100 ? `${lines[0]!.slice(0, 97)}...` : lines[0]!;
  return lines.length > 1 ? `${first} (+${lines.length - 1} lines)` : first;
}

function firstLines(text: string, n: number): string {
  const lines = text.split('\n');
  return lines.length <= n ? text : `${lines.slice(0, n).join('\n')}\n… (${lines.length - n} more lines)`;
}

/** A unified diff for file contents; a before/after pair for anything else that fits on one line each. */
export function renderDiff(d: Diff): string {
  if (!d.before.includes('\n') && !d.after.includes('\n') && d.before.length < 120 && d.after.length < 120) {
    return `--- ${d.header} (before)\n+++ ${d.header} (after)\n-${d.before}\n+${d.after}\n`;
  }
  return createTwoFilesPatch(`${d.header} (before)`, `${d.header} (after)`, d.before, d.after, '', '', { context: 3 })
    .split('\n')
    .filter((l) => !l.startsWith('====='))
    .join('\n');
}

/** Every diff a result carries, its loop items' included. */
function allDiffs(result: TaskResult): Diff[] {
  return [...(result.diff ?? []), ...(result.results ?? []).flatMap(allDiffs)];
}

/** The diffs worth showing: a result that changed nothing (changed_when: false) has nothing to show. */
export function diffsOf(result: TaskResult): Diff[] {
  return result.changed ? allDiffs(result) : [];
}

export function recapLine(host: string, s: HostStats, width: number): string {
  const cells = ['ok', 'changed', 'unreachable', 'failed', 'skipped', 'rescued', 'ignored'] as const;
  return `${host.padEnd(width)} : ${cells.map((k) => `${k}=${s[k]}`.padEnd(k.length + 4)).join(' ').trimEnd()}`;
}
