// `runbook plan --format markdown`: the plan as a pull-request comment — a line saying what is pending, a
// table of hosts, then per host the tasks that would change something, each with its changes and its diffs
// collapsed in <details>. Everything shown comes from the plan file's records, which went through
// redactForPlan; the text is passed through it once more on the way out, as every output of a plan is.

import { renderDiff } from '../reporters/format.js';
import type { PlanFile, TaskRecord } from './plan-file.js';
import { redactForPlan } from './redact.js';

/** A code fence longer than any run of backticks in the text, so a diff cannot close it early. */
function fence(text: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  return '`'.repeat(longest + 1);
}

const escapeCell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const inlineCode = (s: string) => `<code>${s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}</code>`;

const pendingIn = (r: TaskRecord) => r.changes.length > 0 || r.dependsOn !== undefined;

export function planMarkdown(plan: PlanFile): string {
  const hosts = Object.entries(plan.hosts);
  const pending = hosts.map(([host, rs]) => [host, rs.filter(pendingIn)] as const);
  const changeCount = pending.reduce((n, [, rs]) => n + rs.reduce((m, r) => m + r.changes.length, 0), 0);
  const out: string[] = [];
  out.push(`### runbook plan: ${inlineCode(plan.playbook)}`, '');
  out.push(
    plan.pending
      ? `**${changeCount} change${changeCount === 1 ? '' : 's'} pending** on ${pending.filter(([, rs]) => rs.length).length} of ${hosts.length} host${hosts.length === 1 ? '' : 's'}.`
      : `**No changes**: every host is as the playbook says (${hosts.length} host${hosts.length === 1 ? '' : 's'}).`,
  );
  out.push('', `runbook ${plan.runbook} · fingerprint ${inlineCode(plan.fingerprint.slice(0, 12))} · apply with ${inlineCode('runbook apply PLANFILE')}`, '');
  out.push('| host | tasks | tasks with changes | changes | failed |', '|---|---:|---:|---:|---:|');
  for (const [host, rs] of hosts) {
    const mine = pending.find(([h]) => h === host)![1];
    const failed = plan.recap[host]?.failed ?? 0;
    out.push(`| ${escapeCell(host)} | ${rs.length} | ${mine.length} | ${mine.reduce((m, r) => m + r.changes.length, 0)} | ${failed} |`);
  }
  for (const [host, rs] of pending) {
    if (rs.length === 0) continue;
    out.push('', `#### ${escapeCell(host)}`, '');
    for (const r of rs) out.push(...taskLines(r));
  }
  return `${out.map((l) => redactForPlan(l, { noLog: false })).join('\n')}\n`;
}

function taskLines(r: TaskRecord): string[] {
  const head = `- **${escapeCell(r.name)}** (${r.module}, ${inlineCode(r.loc)}${r.target ? `, on ${escapeCell(r.target)}` : ''})`;
  if (r.dependsOn) return [head, `  - decided at apply: ${escapeCell(r.dependsOn)}`];
  const lines = [head, ...r.changes.map((c) => `  - ${escapeCell(c.summary)}`)];
  if (r.unpredictable) lines.push(`  - note: ${escapeCell(r.unpredictable)}`);
  const diffs = r.changes.flatMap((c) => (c.diff ? [renderDiff(c.diff)] : []));
  if (diffs.length) {
    const text = diffs.join('\n').replace(/\n+$/, '');
    const f = fence(text);
    lines.push('', '  <details><summary>diff</summary>', '', `  ${f}diff`, ...text.split('\n').map((l) => `  ${l}`), `  ${f}`, '', '  </details>', '');
  }
  return lines;
}
