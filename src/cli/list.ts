// `--list-hosts`, `--list-tasks`, `--list-tags`: what a run would do, printed as Ansible prints it (with
// columns aligned instead of tabs). Honours --limit, --tags and --skip-tags; connects to nothing.

import { relative } from 'node:path';
import { selectTasks, parseTagList, type TagFilter } from '../engine/compile/select.js';
import type { CompiledPlay, CompiledPlaybook, CompiledTask, TaskNode, Vars } from '../engine/compile/types.js';
import { playHosts } from '../engine/execute/play-hosts.js';
import type { Inventory } from '../engine/inventory/types.js';

export interface ListOptions {
  mode: 'hosts' | 'tasks' | 'tags';
  limit?: string;
  tags?: string[];
  skipTags?: string[];
  /** `-e` values: a templated `hosts:` pattern is rendered with them, as in a run. */
  extraVars?: Vars;
}

export function listPlan(playbook: CompiledPlaybook, inventory: Inventory, opts: ListOptions): string {
  const filter: TagFilter = { tags: parseTagList(opts.tags), skipTags: parseTagList(opts.skipTags) };
  const lines = ['', `playbook: ${relative(process.cwd(), playbook.file) || playbook.file}`];
  playbook.plays.forEach((play, i) => {
    lines.push('');
    const body = opts.mode === 'hosts' ? hostLines(play, inventory, opts.limit, opts.extraVars ?? {}) : opts.mode === 'tasks' ? taskLines(play, filter) : tagLines(play, filter);
    lines.push(...aligned([[`  play #${i + 1} (${play.hosts}): ${play.name}`, tagsText(play.tags)]]), ...body);
  });
  return `${lines.join('\n')}\n`;
}

const tagsText = (tags: readonly string[]) => `TAGS: [${[...new Set(tags)].sort().join(', ')}]`;

/** Rows of [text, tags] with the tags column aligned. */
function aligned(rows: [string, string][]): string[] {
  const width = Math.max(0, ...rows.map(([text]) => text.length));
  return rows.map(([text, tags]) => `${text.padEnd(width)}    ${tags}`);
}

function hostLines(play: CompiledPlay, inventory: Inventory, limit: string | undefined, extraVars: Vars): string[] {
  const hosts = playHosts(play, inventory, limit, extraVars);
  return [`    pattern: ${JSON.stringify(play.hosts)}${limit ? `, limited to ${JSON.stringify(limit)}` : ''}`, `    hosts (${hosts.length}):`, ...hosts.map((h) => `      ${h}`)];
}

function taskLines(play: CompiledPlay, filter: TagFilter): string[] {
  const rows = flatten(selectTasks(play.tasks, filter)).map((t): [string, string] => [`      ${displayName(t)}`, tagsText(t.tags)]);
  return ['    tasks:', ...aligned(rows)];
}

function tagLines(play: CompiledPlay, filter: TagFilter): string[] {
  const tags = flatten(selectTasks(play.tasks, filter)).flatMap((t) => t.tags);
  return [`      TASK ${tagsText(tags)}`];
}

type Listed = CompiledTask | Extract<TaskNode, { kind: 'flush_handlers' | 'meta' | 'include' }>;

/** The tasks a run would start, in order: block, rescue and always children in place; no implicit flushes. */
function flatten(nodes: readonly TaskNode[]): Listed[] {
  return nodes.flatMap((n): Listed[] => {
    if (n.kind === 'block') return [...flatten(n.block), ...flatten(n.rescue), ...flatten(n.always)];
    if (n.kind === 'flush_handlers' && n.implicit) return [];
    // An include is listed, then the tasks of each target known before the run (as selected at run time).
    if (n.kind === 'include') return [n, ...Object.values(n.resolved).flatMap(flatten)];
    return [n];
  });
}

function displayName(t: Listed): string {
  return (t.kind === 'task' || t.kind === 'include') && t.scope.role ? `${t.scope.role.name} : ${t.name}` : t.name;
}
