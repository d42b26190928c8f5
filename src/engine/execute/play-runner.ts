// One play over one batch of hosts, Ansible's linear strategy: each task runs on every active host at once
// (bounded by forks) before the next starts; blocks send failed hosts to `rescue`, then everyone to
// `always`; handlers run at flush points for the hosts that notified them with a change.

import type { CompiledBlock, CompiledHandler, CompiledTask, TaskNode } from '../compile/types.js';
import { isSelected, selectTasks, type TagFilter } from '../compile/select.js';
import { InterruptedError } from '../errors.js';
import type { TaskRef } from '../events.js';
import { gatherFacts } from './gather-facts.js';
import type { HostState } from './host-state.js';
import { mapLimited } from './limit.js';
import { censor, countInto, errorResult, statusOf } from './outcome.js';
import type { PlayContext } from './play-context.js';
import { runMeta } from './meta.js';
import { runInclude, type IncludeHost } from './include-runner.js';
import { elapsedMs, fnmatch } from './util.js';
import { Prefetcher } from './prefetch.js';
import { refOf, runTask, type TaskOutcome } from './run-task.js';

export class PlayRunner implements IncludeHost {
  private readonly notified = new Map<CompiledHandler, Set<string>>();
  private readonly handlersFor = new Map<string, CompiledHandler[]>();
  private readonly lastFailure = new Map<string, { task: TaskRef; result: unknown }>();
  private batch: HostState[] = [];
  private readonly prefetcher: Prefetcher;
  /** Set once max_fail_percentage or any_errors_fatal stops the play. */
  aborted = false;

  constructor(
    private readonly pc: PlayContext,
    readonly filter: TagFilter,
    /** `--start-at-task`: tasks before the first one with this name are not run. */
    private startAt: string | undefined,
  ) {
    this.prefetcher = new Prefetcher(pc);
    for (const h of pc.play.handlers) {
      for (const topic of [h.name, ...h.listen]) this.handlersFor.set(topic, [...(this.handlersFor.get(topic) ?? []), h]);
    }
  }

  /** Whether `--start-at-task` is still waiting for its task. */
  get waitingForStart(): boolean {
    return this.startAt !== undefined;
  }

  async run(batch: HostState[]): Promise<void> {
    this.batch = batch;
    if (this.pc.play.options.gather_facts) await this.gather(batch);
    await this.runNodes(selectTasks(this.pc.play.tasks, this.filter), batch);
    await this.flushHandlers(batch);
  }

  async runNodes(nodes: TaskNode[], hosts: HostState[]): Promise<void> {
    for (const [i, node] of nodes.entries()) {
      if (this.aborted || !hosts.some((h) => h.active)) return;
      if (node.kind === 'task') await this.runTaskNode(node, hosts, false, () => tasksIn(nodes.slice(i + 1)));
      else if (node.kind === 'block') await this.runBlock(node, hosts);
      else if (node.kind === 'include') await runInclude(this.pc, this, node, hosts);
      else if (node.kind === 'meta') {
        if (this.startAt !== undefined) continue;
        const { endPlay, endBatch } = await runMeta(this.pc, node, hosts, this.batch);
        // Hosts stay as they are (not failed): the play, or this batch of it, simply runs nothing more.
        if (endPlay) this.aborted = true;
        if (endPlay || endBatch) for (const h of this.batch) h.ended = true;
      }
      else if (!this.startAt) await this.flushHandlers(hosts);
    }
  }

  private async runTaskNode(task: CompiledTask, hosts: HostState[], handler: boolean, following = (): CompiledTask[] => []): Promise<void> {
    if (this.startAt !== undefined && !handler) {
      const full = task.scope.role ? `${task.scope.role.name} : ${task.name}` : task.name;
      // A name or a glob of one, as Ansible matches it (`--start-at-task 'install *'`).
      if (![task.name, full].some((n) => n === this.startAt || fnmatch(n, this.startAt!))) return;
      this.startAt = undefined;
    }
    const active = hosts.filter((h) => h.active);
    if (active.length === 0) return;
    const ref = refOf(task, handler);
    const { emit, forks, signal } = this.pc.settings;
    const runOn = task.run_once ? active.slice(0, 1) : active;
    emit({ kind: 'task-start', task: ref, hosts: runOn.map((h) => h.name) });
    const ahead = following();
    const outcomes = await mapLimited(runOn, forks, async (host) => {
      const started = performance.now();
      await this.readAhead(task, ahead, host);
      const next = ahead[0];
      host.nextReads = next && !handler ? (key) => this.prefetcher.afterChange(next, host, key) : undefined;
      const outcome = await runTask(this.pc, task, host, ref).finally(() => (host.nextReads = undefined));
      this.record(task, ref, host, outcome, elapsedMs(started));
      return outcome;
    }, signal);
    if (signal.aborted) throw new InterruptedError('interrupted');
    if (task.run_once && task.register && outcomes[0]) {
      for (const h of active.slice(1)) h.hostVars[task.register] = outcomes[0].result;
    }
    this.checkFailureLimits(task, active);
  }

  /** Fetch this task's reads with the next tasks' in one round trip; a failure here is the task's to report. */
  private async readAhead(task: CompiledTask, ahead: CompiledTask[], host: HostState): Promise<void> {
    try {
      await this.prefetcher.before(task, ahead, host);
    } catch (e) {
      if (e instanceof InterruptedError) throw e;
    }
  }

  record(task: { notify?: string[] }, ref: TaskRef, host: HostState, o: TaskOutcome, durationMs = 0): void {
    countInto(host.stats, o.status, o.ignored);
    if (o.status === 'unreachable') host.unreachable = true;
    if (o.status === 'failed' && !o.ignored) {
      host.failed = true;
      this.lastFailure.set(host.name, { task: ref, result: o.result });
    }
    if (o.status === 'changed') this.notify(task, host);
    this.pc.settings.emit({
      kind: 'host-result',
      task: ref,
      host: host.name,
      status: o.status,
      result: o.noLog ? censor(o.result) : o.result,
      durationMs,
      ...(o.ignored ? { ignored: true } : {}),
      ...(o.delegatedTo ? { delegatedTo: o.delegatedTo } : {}),
    });
  }

  private notify(task: { notify?: string[] }, host: HostState): void {
    for (const topic of task.notify ?? []) {
      for (const h of this.handlersFor.get(topic) ?? []) {
        let hosts = this.notified.get(h);
        if (!hosts) this.notified.set(h, (hosts = new Set()));
        hosts.add(host.name);
      }
    }
  }

  private async runBlock(block: CompiledBlock, hosts: HostState[]): Promise<void> {
    const entered = hosts.filter((h) => h.active);
    if (entered.length === 0) return;
    await this.runNodes(block.block, entered);
    const failed = entered.filter((h) => h.failed && !h.unreachable);
    if (block.rescue.length > 0 && failed.length > 0) {
      for (const h of failed) {
        h.failed = false;
        h.stats.failed--;
        h.stats.rescued++;
        const f = this.lastFailure.get(h.name);
        h.hostVars.ansible_failed_task = f?.task;
        h.hostVars.ansible_failed_result = f?.result;
      }
      await this.runNodes(block.rescue, failed);
    }
    if (block.always.length > 0) {
      // `always` runs for every host that entered the block, failed or not; a failure stays a failure.
      const stillFailed = entered.filter((h) => h.failed && !h.unreachable);
      for (const h of stillFailed) h.failed = false;
      await this.runNodes(block.always, entered.filter((h) => !h.unreachable));
      for (const h of stillFailed) h.failed = true;
    }
  }

  async flushHandlers(hosts: HostState[]): Promise<void> {
    // A handler may notify another; a few passes settle it (bounded).
    for (let pass = 0; pass < 10 && this.notified.size > 0; pass++) {
      for (const handler of this.pc.play.handlers) {
        const names = this.notified.get(handler);
        if (!names) continue;
        this.notified.delete(handler);
        const targets = hosts.filter((h) => names.has(h.name) && h.active);
        if (targets.length > 0) await this.runTaskNode(handler, targets, true);
      }
    }
  }

  /** Gathering facts is one round trip per host, once per run, tagged `always` like Ansible's. */
  private async gather(hosts: HostState[]): Promise<void> {
    const need = hosts.filter((h) => h.active && !h.gathered);
    if (need.length === 0 || !isSelected({ tags: ['always'] }, this.filter)) return;
    const { play } = this.pc;
    const ref: TaskRef = { id: `${play.id}.facts`, name: 'Gathering Facts', module: 'gather_facts', loc: play.loc, handler: false, tags: ['always'] };
    const { emit, forks, signal } = this.pc.settings;
    emit({ kind: 'task-start', task: ref, hosts: need.map((h) => h.name) });
    await mapLimited(need, forks, async (host) => {
      const started = performance.now();
      let result;
      try {
        host.useRemoteUser(play.options.remote_user);
        host.facts = { ...host.facts, ...(await gatherFacts(await host.connect(signal))) };
        host.gathered = true;
        result = { changed: false, failed: false };
      } catch (e) {
        if (e instanceof InterruptedError) throw e;
        result = errorResult(e);
      }
      this.recordFacts(ref, host, result, elapsedMs(started));
    }, signal);
    if (signal.aborted) throw new InterruptedError('interrupted');
  }

  private recordFacts(ref: TaskRef, host: HostState, result: ReturnType<typeof errorResult>, durationMs: number): void {
    const status = statusOf(result);
    countInto(host.stats, status, false);
    if (status === 'unreachable') host.unreachable = true;
    if (status === 'failed') host.failed = true;
    this.pc.settings.emit({ kind: 'host-result', task: ref, host: host.name, status, result, durationMs });
  }

  /** any_errors_fatal and max_fail_percentage end the play for the whole batch. */
  private checkFailureLimits(task: CompiledTask, ran: HostState[]): void {
    const failedNow = ran.filter((h) => h.failed).length;
    const options = this.pc.play.options;
    const fatal = (task.any_errors_fatal ?? options.any_errors_fatal) === true && failedNow > 0;
    const pct = options.max_fail_percentage;
    const overLimit = pct !== undefined && this.batch.length > 0 && (this.batch.filter((h) => h.failed || h.unreachable).length / this.batch.length) * 100 > pct;
    if (fatal || overLimit) {
      this.aborted = true;
      for (const h of this.batch) if (h.active) h.failed = true;
      this.pc.settings.emit({
        kind: 'warning',
        message: fatal ? `any_errors_fatal: stopping the play after "${task.name}" failed` : `max_fail_percentage ${pct}% exceeded: stopping the play`,
      });
    }
  }
}

/** The tasks in `nodes`, in the order they would run when nothing fails (blocks' main lists, not rescue). */
function tasksIn(nodes: TaskNode[]): CompiledTask[] {
  return nodes.flatMap((n) => (n.kind === 'task' ? [n] : n.kind === 'block' ? tasksIn(n.block) : []));
}
