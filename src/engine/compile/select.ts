// Which tasks `--tags` / `--skip-tags` select, with Ansible's semantics (ansible-core Taggable.evaluate_tags):
//  - no --tags means `all`; `all` selects everything except tasks tagged `never`;
//  - `always` tasks run whatever --tags says; --skip-tags skips them only when it names `always` or one of
//    their other tags (`--skip-tags all` spares them);
//  - `never` tasks run only when one of their tags (or `never` itself) is asked for;
//  - `tagged` / `untagged` select tasks with / without any tag.
// Tags are already effective (inherited from play, role, block, import) in the compiled plan.

import type { TaskNode } from './types.js';

export interface TagFilter {
  tags?: string[];
  skipTags?: string[];
}

/** `['dns,web', 'db']` → `['dns', 'web', 'db']`: the CLI accepts both comma lists and repeated options. */
export function parseTagList(values: readonly string[] | undefined): string[] {
  return (values ?? []).flatMap((v) => v.split(',')).map((t) => t.trim()).filter((t) => t !== '');
}

export function isSelected(node: { tags: string[] }, filter: TagFilter): boolean {
  const only = parseTagList(filter.tags);
  const skip = parseTagList(filter.skipTags);
  const onlyTags = new Set(only.length > 0 ? only : ['all']);
  const skipTags = new Set(skip);
  const untagged = node.tags.length === 0;
  // An untagged task answers to the tag `untagged`, as in Ansible.
  const tags = new Set(untagged ? ['untagged'] : node.tags);
  const meets = (wanted: Set<string>) => [...tags].some((t) => wanted.has(t));

  const wanted =
    tags.has('always') ||
    (onlyTags.has('all') && !tags.has('never')) ||
    meets(onlyTags) ||
    (onlyTags.has('tagged') && !untagged && !tags.has('never'));
  if (!wanted) return false;
  if (skipTags.size === 0) return true;
  if (skipTags.has('all')) return tags.has('always') && !skipTags.has('always');
  if (meets(skipTags)) return false;
  return !(skipTags.has('tagged') && !untagged);
}

/**
 * The nodes that run under `filter`, in order. A block is kept (with only its selected children) when any
 * of its block/rescue/always children is selected; implicit handler flushes are always kept, as Ansible does.
 */
export function selectTasks(nodes: TaskNode[], filter: TagFilter): TaskNode[] {
  const out: TaskNode[] = [];
  for (const node of nodes) {
    if (node.kind === 'flush_handlers') {
      if (node.implicit || isSelected(node, filter)) out.push(node);
    } else if (node.kind === 'block') {
      const block = selectTasks(node.block, filter);
      const rescue = selectTasks(node.rescue, filter);
      const always = selectTasks(node.always, filter);
      if (hasTasks(block) || hasTasks(rescue) || hasTasks(always)) out.push({ ...node, block, rescue, always });
    } else if (node.kind === 'include') {
      // The include runs when it is selected; its tasks are selected on their own tags (Ansible's include semantics).
      if (isSelected(node, filter)) out.push({ ...node, resolved: Object.fromEntries(Object.entries(node.resolved).map(([k, v]) => [k, selectTasks(v, filter)])) });
    } else if (isSelected(node, filter)) {
      out.push(node);
    }
  }
  return out;
}

function hasTasks(nodes: TaskNode[]): boolean {
  return nodes.some((n) => n.kind !== 'flush_handlers' || !n.implicit);
}
