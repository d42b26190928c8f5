// `meta:` actions on the run itself (flush_handlers is the play runner's own): each host whose `when`
// holds is acted on; the result says so (never counted in the recap, as Ansible does not count them).

import type { MetaTask } from '../compile/types.js';
import { evaluateCondition } from '../expressions/condition.js';
import type { TaskRef } from '../events.js';
import type { HostState } from './host-state.js';
import type { PlayContext } from './play-context.js';
import { elapsedMs } from './util.js';

export interface MetaOutcome {
  /** end_play: no host runs anything more in this play (later batches included). */
  endPlay: boolean;
  /** end_batch: the current serial batch runs nothing more. */
  endBatch: boolean;
}

const DONE: Record<MetaTask['action'], string> = {
  noop: 'nothing to do',
  end_play: 'ending the play',
  end_host: 'ending the play for this host',
  end_batch: 'ending the batch',
  clear_facts: 'facts cleared',
  clear_host_errors: 'host errors cleared',
  reset_connection: 'connection reset',
};

export async function runMeta(pc: PlayContext, node: MetaTask, hosts: HostState[], batch: HostState[]): Promise<MetaOutcome> {
  const ref: TaskRef = { id: node.id, name: node.name, module: 'meta', loc: node.loc, handler: false, tags: node.tags };
  // clear_host_errors is for the hosts that failed: they are not active, so they are looked at too.
  const candidates = node.action === 'clear_host_errors' ? batch.filter((h) => !h.unreachable) : hosts.filter((h) => h.active);
  const outcome: MetaOutcome = { endPlay: false, endBatch: false };
  if (candidates.length === 0) return outcome;
  pc.settings.emit({ kind: 'task-start', task: ref, hosts: candidates.map((h) => h.name) });
  for (const host of candidates) {
    const started = performance.now();
    const vars = pc.vars(host, node.scope);
    const failed = node.when.find((c) => !evaluateCondition(c.expr, vars, c.loc));
    if (failed) {
      pc.settings.emit({ kind: 'host-result', task: ref, host: host.name, status: 'skipped', result: { changed: false, failed: false, skipped: true, false_condition: failed.expr }, durationMs: elapsedMs(started) });
      continue;
    }
    await act(node.action, host, outcome);
    pc.settings.emit({ kind: 'host-result', task: ref, host: host.name, status: 'ok', result: { changed: false, failed: false, msg: DONE[node.action] }, durationMs: elapsedMs(started) });
  }
  return outcome;
}

async function act(action: MetaTask['action'], host: HostState, outcome: MetaOutcome): Promise<void> {
  switch (action) {
    case 'end_host':
      host.ended = true;
      break;
    case 'end_play':
      outcome.endPlay = true;
      break;
    case 'end_batch':
      outcome.endBatch = true;
      break;
    case 'clear_facts':
      host.facts = undefined;
      host.invalidateFacts();
      break;
    case 'clear_host_errors':
      host.failed = false;
      break;
    case 'reset_connection':
      await host.close();
      break;
    case 'noop':
      break;
  }
}
