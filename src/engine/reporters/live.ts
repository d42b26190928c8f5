// The terminal view: a listr2 tree per task, one row per host, updated live as hosts finish; headers, diffs
// and the recap as plain text between trees. listr2 runs tasks itself, so each host row is a listr task that
// waits for that host's result event — the reporter still only consumes events.

import { Listr, type ListrTaskWrapper } from 'listr2';
import type { HostStatus, RunEvent, TaskResult } from '../events.js';
import { detail, diffsOf, recapLine, renderDiff, taskTitle } from './format.js';
import type { Reporter } from './types.js';

interface HostRow {
  settle(r: { status: HostStatus; result: TaskResult; ignored?: boolean }): void;
  wrapper?: ListrTaskWrapper<unknown, never, never>;
  settled: boolean;
}

export class LiveReporter implements Reporter {
  /** Output is serialised: a header never lands inside a tree that is still drawing. */
  private chain: Promise<void> = Promise.resolve();
  private rows = new Map<string, HostRow>();
  private pendingDiffs: string[] = [];

  constructor(
    private readonly write: (text: string) => void,
    private readonly showDiff: boolean,
  ) {}

  handle(e: RunEvent): void {
    switch (e.kind) {
      case 'host-result':
        return this.settle(e.host, { status: e.status, result: e.result, ignored: e.ignored }, diffsOf(e.result));
      case 'item-result': {
        const row = this.rows.get(e.host);
        if (row?.wrapper) row.wrapper.output = `(item=${e.item}) ${e.status} ${detail(e.status, e.result)}`;
        return;
      }
      case 'retry': {
        const row = this.rows.get(e.host);
        if (row?.wrapper) row.wrapper.output = `retrying (attempt ${e.attempt} of ${e.retries + 1})`;
        return;
      }
      case 'warning':
        return this.print(`WARNING: ${e.host ? `${e.host}: ` : ''}${e.message}\n`);
      case 'task-start':
        this.finishTask();
        return this.startTask(taskTitle(e.task), e.hosts);
      case 'play-start':
        this.finishTask();
        return this.print(`\nPLAY ${e.play}  [${e.hosts.join(', ') || 'no hosts'}]\n`);
      case 'recap': {
        this.finishTask();
        const width = Math.max(0, ...Object.keys(e.stats).map((h) => h.length));
        return this.print(`\nPLAY RECAP\n${Object.entries(e.stats).map(([h, s]) => recapLine(h, s, width)).join('\n')}\n`);
      }
      case 'run-start':
        return e.check ? this.print('check mode: nothing will be changed\n') : undefined;
      case 'play-end':
        return this.finishTask();
      case 'run-end':
        this.finishTask();
        return this.print(`${e.interrupted ? 'interrupted' : 'done'} in ${(e.elapsedMs / 1000).toFixed(1)}s\n`);
    }
  }

  close(): Promise<void> {
    this.finishTask();
    return this.chain;
  }

  private print(text: string): void {
    this.chain = this.chain.then(() => this.write(text));
  }

  private startTask(title: string, hosts: string[]): void {
    this.rows = new Map();
    const tasks = hosts.map((host) => {
      let settle!: HostRow['settle'];
      const done = new Promise<Parameters<HostRow['settle']>[0]>((resolve) => (settle = resolve));
      const row: HostRow = { settle: (r) => ((row.settled = true), settle(r)), settled: false };
      this.rows.set(host, row);
      return {
        title: host,
        task: async (_ctx: unknown, wrapper: ListrTaskWrapper<unknown, never, never>) => {
          row.wrapper = wrapper;
          const { status, result, ignored } = await done;
          const text = `${host}  ${ignored ? 'failed (ignored)' : status}  ${detail(status, result)}`.trimEnd();
          if (status === 'skipped') return wrapper.skip(text);
          if ((status === 'failed' && !ignored) || status === 'unreachable') throw new Error(text);
          wrapper.title = text;
        },
      };
    });
    const list = new Listr([{ title, task: (_ctx, t) => t.newListr(tasks, { concurrent: true, exitOnError: false }) }], {
      exitOnError: false,
      registerSignalListeners: false,
      rendererOptions: { collapseSubtasks: false, collapseSkips: false, showErrorMessage: true },
    });
    this.chain = this.chain.then(() => list.run().then(() => undefined, () => undefined));
  }

  private settle(host: string, outcome: Parameters<HostRow['settle']>[0], diffs: { header: string; before: string; after: string }[]): void {
    this.rows.get(host)?.settle(outcome);
    if (this.showDiff) for (const d of diffs) this.pendingDiffs.push(renderDiff(d).replace(/^/gm, `${host} | `));
  }

  /** Rows that will get no result (a host dropped out) are closed so the tree can end; diffs follow it. */
  private finishTask(): void {
    for (const row of this.rows.values()) if (!row.settled) row.settle({ status: 'skipped', result: { changed: false, failed: false, skipped: true, skip_reason: 'no result' } });
    this.rows = new Map();
    if (this.pendingDiffs.length > 0) this.print(`${this.pendingDiffs.join('\n')}\n`);
    this.pendingDiffs = [];
  }
}
