// Plain lines, for CI logs and pipes: every line about a host starts with the host's name, so output from
// many hosts stays readable when grepped or interleaved. A formatter per event kind (a forgotten kind is a
// type error).

import type { EventKind, EventOf, RunEvent } from '../events.js';
import { detail, diffsOf, recapLine, renderDiff, taskTitle } from './format.js';
import type { Reporter } from './types.js';

type Formatters = { [K in EventKind]: (e: EventOf<K>) => string[] };

export class PlainReporter implements Reporter {
  private width = 0;

  constructor(
    private readonly write: (text: string) => void,
    private readonly showDiff: boolean,
  ) {}

  private readonly formatters: Formatters = {
    'run-start': (e) => [`runbook: ${e.playbook}${e.check ? ' (check mode: nothing will be changed)' : ''}`],
    'play-start': (e) => {
      this.width = Math.max(this.width, ...e.hosts.map((h) => h.length));
      return ['', `PLAY ${e.play}  [${e.hosts.join(', ') || 'no hosts'}]`];
    },
    'task-start': (e) => [`${taskTitle(e.task)}${e.task.tags.length ? `  [${e.task.tags.join(', ')}]` : ''}`],
    'host-result': (e) => {
      const via = e.delegatedTo ? ` -> ${e.delegatedTo}` : '';
      const status = e.ignored ? 'failed (ignored)' : e.status;
      const lines = this.hostLines(`${e.host}${via}`, status, detail(e.status, e.result));
      if (this.showDiff) for (const d of diffsOf(e.result)) lines.push(...this.prefixed(e.host, renderDiff(d)));
      return lines;
    },
    'item-result': (e) => this.hostLines(e.host, e.status, `(item=${e.item}) ${detail(e.status, e.result)}`),
    retry: (e) => this.hostLines(e.host, 'retry', `attempt ${e.attempt} of ${e.retries + 1} did not meet the condition; retrying`),
    warning: (e) => [e.host ? `${this.pad(e.host)}  WARNING  ${e.message}` : `WARNING: ${e.message}`],
    'play-end': () => [],
    recap: (e) => {
      const width = Math.max(0, ...Object.keys(e.stats).map((h) => h.length));
      return ['', 'PLAY RECAP', ...Object.entries(e.stats).map(([h, s]) => recapLine(h, s, width))];
    },
    'run-end': (e) => [e.interrupted ? `interrupted after ${(e.elapsedMs / 1000).toFixed(1)}s` : `done in ${(e.elapsedMs / 1000).toFixed(1)}s`],
  };

  handle(event: RunEvent): void {
    const format = this.formatters[event.kind] as (e: RunEvent) => string[];
    const lines = format(event);
    if (lines.length > 0) this.write(`${lines.join('\n')}\n`);
  }

  async close(): Promise<void> {}

  private pad(host: string): string {
    return host.padEnd(this.width);
  }

  private hostLines(host: string, status: string, text: string): string[] {
    const [first = '', ...rest] = text.split('\n');
    return [`${this.pad(host)}  ${status.padEnd(7)}  ${first}`.trimEnd(), ...rest.map((l) => `${this.pad(host)}  ${' '.repeat(7)}  ${l}`)];
  }

  private prefixed(host: string, text: string): string[] {
    return text.replace(/\n$/, '').split('\n').map((l) => `${this.pad(host)}  | ${l}`);
  }
}
